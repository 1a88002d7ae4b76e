"""The action server's answers are accepted and refused as Rasa does (runtime/action_result_check.py)."""

import copy
import random
from datetime import datetime

import pytest

pytest.importorskip("rasa")

from jsonschema import ValidationError  # noqa: E402
from rasa.core.actions.action import RemoteAction  # noqa: E402
from rasa.shared.core import events as rasa_events  # noqa: E402

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


def every_event_type():
    """One event of each type Rasa's schema knows, as the action server sends it."""
    made = [
        rasa_events.UserUttered(
            "Hallo",
            {"name": "greet", "confidence": 0.9},
            [{"entity": "alter", "value": 17, "start": 0, "end": 2}],
            {
                "intent_ranking": [{"name": "greet", "confidence": 0.9}],
                "response_selector": {"all_retrieval_intents": []},
            },
        ),
        rasa_events.ActionExecuted("action_x", policy="RulePolicy", confidence=1.0),
        rasa_events.SlotSet("alter", [17, "x"]),
        rasa_events.EntitiesAdded([{"entity": "alter", "value": 17}]),
        rasa_events.DefinePrevUserUtteredFeaturization(True),
        rasa_events.ReminderCancelled(name="r"),
        rasa_events.ReminderScheduled("EXTERNAL_x", datetime(2026, 12, 5, 12, 0)),
        rasa_events.ActionExecutionRejected("action_x"),
        rasa_events.LoopInterrupted(True),
        rasa_events.ActiveLoop("check_form"),
        rasa_events.AllSlotsReset(),
        rasa_events.ConversationResumed(),
        rasa_events.ConversationPaused(),
        rasa_events.FollowupAction("utter_x"),
        rasa_events.StoryExported(),
        rasa_events.Restarted(),
        rasa_events.ActionReverted(),
        rasa_events.UserUtteranceReverted(),
        rasa_events.BotUttered("Hallo", {"buttons": []}),
        rasa_events.SessionStarted(),
        rasa_events.AgentUttered("Hallo"),
    ]
    return [event.as_dict() for event in made] + [{"event": "form", "name": None}, {"event": "form_validation"}]


def spoiled(event, generator):
    """The event with one key missing, changed to another type, or added."""
    event = copy.deepcopy(event)
    key = generator.choice(sorted(event))
    change = generator.randrange(4)
    if change == 0:
        del event[key]
    elif change == 1:
        event[key] = generator.choice([None, 3, "x", [], {}, 1.5, True])
    elif change == 2:
        event["event"] = generator.choice(["user", "slot", "bot", "nope", 7, ["slot"], None])
    else:
        key = generator.choice(["name", "value", "timestamp", "metadata", "entities", "parse_data"])
        event[key] = generator.choice(["x", 3, None, [{"entity": 1}], {"a": 1}])
    return event


def test_every_event_type_and_over_a_thousand_spoiled_answers_get_rasas_verdict():
    schema = RemoteAction.action_response_format_spec()
    fast = action_result_check.fast_check(schema)
    validate = RemoteAction._validate_action_result
    original = getattr(validate, "asa_original", validate)  # Rasa's method, whether or not ours is installed
    action = RemoteAction("action_x", None)

    def rasa_accepts(result):
        try:
            return original(action, copy.deepcopy(result)) is True
        except ValidationError:
            return False

    events = every_event_type()
    assert len({event["event"] for event in events}) == len(schema["properties"]["events"]["items"]["oneOf"])
    generator = random.Random(11)
    answers = [{"events": [event]} for event in events] + [{"events": events, "responses": [{"text": "x"}]}]
    for _ in range(1200):
        picked = [generator.choice(events) for _ in range(generator.randint(1, 4))]
        picked[generator.randrange(len(picked))] = spoiled(generator.choice(events), generator)
        answers.append({"events": picked})
    verdicts = [(fast(answer), rasa_accepts(answer)) for answer in answers]
    differing = [answer for answer, (ours, rasas) in zip(answers, verdicts, strict=True) if ours != rasas]
    assert not differing, differing[:3]
    assert all(ours for ours, _ in verdicts[: len(events) + 1])  # every valid type takes the quick path
    assert 120 < sum(not rasas for _, rasas in verdicts) < 1150  # spoiled answers Rasa refuses, and some it accepts


def test_a_schema_with_a_type_that_names_no_event_is_checked_whole():
    schema = copy.deepcopy(RemoteAction.action_response_format_spec())  # Rasa's spec shares its event schema
    items = schema["properties"]["events"]["items"]
    schema["properties"]["events"]["items"] = {**items, "oneOf": [*items["oneOf"], {"properties": {"note": {}}}]}
    fast = action_result_check.fast_check(schema)
    # a slot event now fits two types, so the oneOf refuses it; checked by type alone it would pass
    assert not fast({"events": [{"event": "slot", "name": "a", "value": 1}]})
    assert fast({"events": []})


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
