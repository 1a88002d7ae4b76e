"""The action server's answers are accepted and refused as Rasa does (runtime/action_result_check.py)."""

import pytest

pytest.importorskip("rasa")

from jsonschema import ValidationError  # noqa: E402
from rasa.core.actions.action import RemoteAction  # noqa: E402

from runtime import action_result_check  # noqa: E402

VALID = [
    {},
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "alter", "value": 17}], "responses": [{"text": "Hallo"}]},
    {"events": [{"event": "active_loop", "name": None}, {"event": "followup", "name": "utter_x"}]},
    {"events": [{"event": "bot", "text": "x"}], "responses": [{"response": "utter_x"}], "extra": 1},
]
INVALID = [
    [],
    "events",
    {"events": {"event": "slot"}},
    {"events": [{"name": "alter"}]},
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"event": "slot", "name": "alter"}], "responses": "Hallo"},
    {"responses": ["Hallo"]},
]


@pytest.fixture(scope="module")
def check():
    action_result_check.install()
    original = RemoteAction._validate_action_result.asa_original
    return RemoteAction("action_x", None), original


@pytest.mark.parametrize("result", VALID)
def test_a_valid_answer_passes_as_in_rasa(check, result):
    action, original = check
    assert action._validate_action_result(result) is True
    assert original(action, result) is True


@pytest.mark.parametrize("result", INVALID)
def test_an_invalid_answer_is_refused_with_rasas_error(check, result):
    action, original = check
    with pytest.raises(ValidationError) as ours:
        action._validate_action_result(result)
    with pytest.raises(ValidationError) as rasas:
        original(action, result)
    assert ours.value.message == rasas.value.message and "custom-actions" in ours.value.message


def test_install_is_idempotent():
    action_result_check.install()
    validate = RemoteAction._validate_action_result
    action_result_check.install()
    assert RemoteAction._validate_action_result is validate
