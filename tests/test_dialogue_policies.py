"""Runs the test stories (tests/test_stories.yml) with `rasa test core` against the trained model."""

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.model


def test_all_test_stories_are_predicted_correctly(tmp_path):
    result = subprocess.run(
        [
            str(ROOT / ".venv/bin/rasa"),
            "test",
            "core",
            "--stories",
            "tests/test_stories.yml",
            "--model",
            "models/asa.tar.gz",
            "--out",
            str(tmp_path),
            "--no-plot",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads((tmp_path / "story_report.json").read_text())
    failed = (
        (tmp_path / "failed_test_stories.yml").read_text() if (tmp_path / "failed_test_stories.yml").exists() else ""
    )
    assert report["conversation_accuracy"]["accuracy"] == 1.0, failed
