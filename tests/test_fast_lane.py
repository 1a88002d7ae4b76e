"""`make test-fast` leaves out whatever needs more than Python: the marks and the Makefile agree."""

from __future__ import annotations

import re
from pathlib import Path

import conftest

ROOT = Path(__file__).resolve().parent.parent


class FakeItem:
    def __init__(self, *fixtures: str) -> None:
        self.fixturenames = list(fixtures)
        self.marks: list = []

    def add_marker(self, mark: str) -> None:
        self.marks.append(mark)


def test_tests_are_marked_by_the_fixtures_they_use():
    plain, assistant, page, cluster = (
        FakeItem("tmp_path"),
        FakeItem("bot", "tmp_path"),
        FakeItem("bot", "context", "browser"),
        FakeItem("cluster"),
    )
    conftest.pytest_collection_modifyitems([plain, assistant, page, cluster])
    assert plain.marks == []
    assert assistant.marks == ["e2e"]
    assert sorted(page.marks) == ["browser", "e2e"]
    assert cluster.marks == ["scaled"]


def test_make_test_fast_deselects_every_mark_that_needs_more_than_python():
    marks = re.search(r"^FAST_MARKS\s*:=\s*(.+)$", (ROOT / "Makefile").read_text(), re.MULTILINE).group(1)
    declared = re.findall(r"^\s+(\w+):", (ROOT / "pytest.ini").read_text().split("markers =", 1)[1], re.MULTILINE)
    assert set(declared) >= set(conftest.NEEDS.values()) | {"model"}
    for mark in declared:
        assert f"not {mark}" in marks, f"make test-fast would run the tests marked {mark}"
