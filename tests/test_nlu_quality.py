"""NLU quality on the held-out test set (tests/nlu_test.yml), measured with `rasa test nlu`."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import nlu_report  # noqa: E402

pytestmark = pytest.mark.model


def test_held_out_intent_accuracy_is_at_least_95_percent(tmp_path):
    nlu_report.run_rasa_test(out=tmp_path)
    figures = nlu_report.figures(tmp_path)
    assert figures["examples"] >= 5 * 70
    assert figures["intent_accuracy"] >= 0.95, figures["wrong"]
    # a FAQ question only counts when the exact topic is found
    assert figures["full_intent_accuracy"] >= 0.93, figures["wrong"]
