"""The environment make installs is the one the pins describe."""

import re
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _pin(path: Path, package: str) -> str:
    match = re.search(rf"^{package}==(\S+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, (path, package)
    return match.group(1)


def _release(text: str) -> tuple:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def test_pip_is_the_pinned_release_without_the_known_advisories():
    pinned = _pin(ROOT / "requirements-pip.txt", "pip")
    assert version("pip") == pinned
    assert _release(pinned) >= (26, 1, 2)  # fixes of pip's advisories up to 26.1.2


def test_every_requirement_is_pinned_exactly():
    for name in (
        "requirements.txt",
        "requirements-pip.txt",
        "requirements-web.txt",
        "requirements-lint.txt",
        "requirements-iac.txt",
    ):
        lines = [line.strip() for line in (ROOT / name).read_text(encoding="utf-8").splitlines()]
        requirements = [line for line in lines if line and not line.startswith("#")]
        assert requirements, name
        assert all(re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[A-Za-z0-9_.+\-]+", r) for r in requirements), name


def test_every_lock_pins_what_its_requirements_pin_and_hashes_every_file():
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "lock_requirements.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout
    for lock in sorted(ROOT.glob("requirements*.lock")):
        entries = re.findall(r"^(\S+)==(\S+) \\\n    --hash=sha256:([0-9a-f]{64})$", lock.read_text(), re.MULTILINE)
        packages = [line for line in lock.read_text().splitlines() if "==" in line]
        assert entries and len(entries) == len(packages), lock.name
