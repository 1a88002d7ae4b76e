"""The recorded risk decisions (security/accepted-risks.yml) for make audit and the docs.

python scripts/audit_risks.py --ignore-args   pip-audit options: one --ignore-vuln per
                                              advisory this project is not reached by
python scripts/audit_risks.py --table         the Markdown table of docs/operations.md
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Dict, List

import yaml

ROOT = Path(__file__).resolve().parent.parent
RISKS = ROOT / "security" / "accepted-risks.yml"
KEYS = ("id", "package", "version", "fixed_in", "summary", "reached", "reason", "would_change")
ID = re.compile(r"^(CVE-\d{4}-\d{4,}|GHSA(-[0-9a-z]{4}){3}|PYSEC-\d{4}-\d+)$")


def load(path: Path = RISKS) -> List[Dict]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    seen = set()
    for entry in entries:
        missing = [key for key in KEYS if entry.get(key) in (None, "")]
        if missing:
            raise ValueError(f"{entry.get('id', '?')}: fehlt {', '.join(missing)}")
        if not ID.match(entry["id"]):
            raise ValueError(f"{entry['id']}: keine Advisory-Kennung (CVE, GHSA, PYSEC)")
        if entry["id"] in seen:
            raise ValueError(f"{entry['id']}: doppelt")
        if entry["reached"] and not entry.get("mitigation"):
            raise ValueError(f"{entry['id']}: erreicht, aber ohne mitigation")
        seen.add(entry["id"])
    return entries


def ignore_args(entries: List[Dict]) -> List[str]:
    """Only what does not reach this project is ignored; a reached advisory keeps the audit red."""
    return [arg for entry in entries if not entry["reached"] for arg in ("--ignore-vuln", entry["id"])]


def table(entries: List[Dict]) -> str:
    lines = ["| advisory | package | pinned | fixed in | reached | why / mitigation |", "|---|---|---|---|---|---|"]
    for e in sorted(entries, key=lambda e: (not e["reached"], e["package"].lower(), e["id"])):
        why = e["mitigation"] if e["reached"] else e["reason"]
        why = " ".join(str(why).split()).replace("|", "\\|")
        lines.append(
            f"| {e['id']} | {e['package']} | {e['version']} | {e['fixed_in']} | "
            f"{'yes' if e['reached'] else 'no'} | {why} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--ignore-args", action="store_true")
    group.add_argument("--table", action="store_true")
    args = parser.parse_args()
    try:
        entries = load()
    except ValueError as error:
        print(f"{RISKS.relative_to(ROOT)}: {error}", file=sys.stderr)
        return 2
    print(" ".join(ignore_args(entries)) if args.ignore_args else table(entries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
