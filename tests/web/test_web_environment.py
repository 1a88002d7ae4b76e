"""The web app lives outside Rasa's pins: its own environment, current web stack, no Rasa import."""

import ast
import importlib.util
import re
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Rasa and what only Rasa's environment has; bot/proxy.py (aiohttp) runs there and is left out
RASA_SIDE = {"rasa", "rasa_sdk", "sanic", "tensorflow", "aiohttp", "channels", "runtime", "components"}


def _release(name: str) -> tuple:
    return tuple(int(part) for part in re.findall(r"\d+", version(name))[:3])


def test_this_environment_has_the_current_web_stack_and_no_rasa():
    assert importlib.util.find_spec("rasa") is None and importlib.util.find_spec("sanic") is None
    assert _release("starlette") >= (1, 3, 1)  # CVE-2026-54283 and the older form-parsing advisories
    assert _release("pydantic") >= (2, 0, 0)


def test_the_web_app_imports_nothing_from_rasas_side():
    for path in sorted((ROOT / "bot").rglob("*.py")):
        if path.name == "proxy.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else [])
            )
            for name in names:
                assert name.split(".")[0] not in RASA_SIDE, (path.relative_to(ROOT), name)
