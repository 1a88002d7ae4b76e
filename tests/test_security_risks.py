"""The recorded risk decisions are complete, refer to what is installed, and feed make audit and the docs."""

import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import audit_risks  # noqa: E402


def test_every_entry_names_the_installed_version_and_says_why():
    entries = audit_risks.load()
    assert len(entries) >= 30
    for entry in entries:
        assert version(entry["package"]) == entry["version"], entry["id"]
        assert len(entry["reason"].split()) >= 8 and len(entry["would_change"].split()) >= 4, entry["id"]


def test_only_advisories_that_do_not_reach_us_are_ignored():
    entries = audit_risks.load()
    args = audit_risks.ignore_args(entries)
    ignored = set(args[1::2])
    assert set(args[0::2]) == {"--ignore-vuln"}
    assert ignored == {e["id"] for e in entries if not e["reached"]}
    # a reached advisory keeps the audit red (as CVE-2025-69223 did while bot/proxy.py served with aiohttp)
    assert audit_risks.ignore_args([{"id": "CVE-2025-69223", "reached": True}]) == []


def test_a_broken_entry_is_refused(tmp_path):
    path = tmp_path / "risks.yml"
    path.write_text(
        "- {id: CVE-2024-1, package: x, version: '1', fixed_in: '2', summary: s, reached: false, "
        "reason: r, would_change: w}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="keine Advisory-Kennung"):
        audit_risks.load(path)
    path.write_text(
        "- {id: CVE-2024-12345, package: x, version: '1', fixed_in: '2', summary: s, reached: true, "
        "reason: r, would_change: w}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="ohne mitigation"):
        audit_risks.load(path)


def test_the_docs_table_is_the_one_made_from_the_file():
    docs = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    shown = re.search(r"<!-- risks:begin -->\n(.*?)<!-- risks:end -->", docs, re.S).group(1).strip()
    made = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "audit_risks.py"), "--table"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert shown == made, "docs/operations.md: run scripts/audit_risks.py --table and paste the table"
