"""Dialogue states computed event by event (runtime/incremental_states.py) equal Rasa's full replay."""

import gc

import pytest

pytest.importorskip("rasa")

from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import (  # noqa: E402
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402

from runtime import incremental_states  # noqa: E402

# slots that shape the state (the project's own domain has none, but the patch must not care)
DOMAIN = Domain.from_yaml(
    """
version: "3.1"
intents: [greet, faq, inform]
entities: [audience]
slots:
  audience:
    type: categorical
    values: [youth, parent]
    mappings: [{type: from_entity, entity: audience}]
  known:
    type: bool
    mappings: [{type: custom}]
  requested_slot:
    type: text
    influence_conversation: false
    mappings: [{type: custom}]
forms:
  check_form:
    required_slots: [audience]
responses:
  utter_greet: [{text: "Hallo"}]
  utter_faq: [{text: "Antwort"}]
"""
)


def _user(text, intent, entities=()):
    return UserUttered(text, {"name": intent, "confidence": 0.9}, list(entities))


def _action(name):
    return ActionExecuted(name)


CONVERSATION = [
    _action("action_session_start"),
    SessionStarted(),
    _action("action_listen"),
    _user("hallo", "greet"),
    _action("utter_greet"),
    BotUttered("Hallo"),
    _action("action_listen"),
    _user("ich bin azubi", "inform", [{"entity": "audience", "value": "youth", "start": 0, "end": 1}]),
    _action("check_form"),
    ActiveLoop("check_form"),
    SlotSet("audience", "youth"),
    SlotSet("requested_slot", None),
    _action("action_listen"),
    _user("was ist asa", "faq"),
    _action("utter_faq"),
    # the last user message is taken back: the applied events shrink
    UserUtteranceReverted(),
    _action("action_listen"),
    _user("was ist asa genau", "faq"),
    SlotSet("known", True),
    ActiveLoop(None),
    _action("utter_faq"),
    _action("action_listen"),
    Restarted(),
    _action("action_listen"),
    _user("hallo", "greet"),
]


@pytest.fixture(scope="module")
def original():
    incremental_states.install()
    return Domain.states_for_tracker_history.asa_original


@pytest.mark.parametrize("omit", [False, True])
def test_after_every_event_the_states_are_rasas(original, omit):
    tracker = DialogueStateTracker("s1", DOMAIN.slots)
    for event in CONVERSATION:
        tracker.update(event, DOMAIN)
        # twice per event (as RulePolicy asks with text, then with intent), the featurizer
        # editing the last state in between as Rasa's does
        for _ in range(2):
            states = DOMAIN.states_for_tracker_history(tracker, omit_unset_slots=omit)
            assert states == original(DOMAIN, tracker, omit), event
            for state in states:
                state.get("user", {}).pop("intent", None)
                state.pop("prev_action", None)


def test_events_undone_and_replaced_between_two_predictions_are_not_taken_for_a_continuation(original):
    # between two predictions an action can undo the last user message and add as many new events
    tracker = DialogueStateTracker("s1", DOMAIN.slots)
    for index, event in enumerate(CONVERSATION):
        tracker.update(event, DOMAIN)
        if index in (14, 21, 24):  # before the undo, after the undo and five more events, after the restart
            assert DOMAIN.states_for_tracker_history(tracker) == original(DOMAIN, tracker), index


def test_a_new_tracker_with_equal_events_and_the_other_slot_option_start_over(original):
    first, second = DialogueStateTracker("s1", DOMAIN.slots), DialogueStateTracker("s1", DOMAIN.slots)
    for event in CONVERSATION[:15]:
        first.update(event, DOMAIN)
        second.update(event, DOMAIN)
    assert DOMAIN.states_for_tracker_history(first) == original(DOMAIN, first)
    assert DOMAIN.states_for_tracker_history(first, omit_unset_slots=True) == original(DOMAIN, first, True)
    # the same events in another tracker object: equal states, but nothing borrowed from the first
    second.update(SlotSet("known", False), DOMAIN)
    second.update(_action("utter_faq"), DOMAIN)
    assert DOMAIN.states_for_tracker_history(second) == original(DOMAIN, second)


def test_the_variant_for_machine_learning_policies_is_rasas_own(original):
    tracker = DialogueStateTracker.from_events("s1", CONVERSATION[:15], DOMAIN.slots)
    expected = original(DOMAIN, tracker, False, True, {"slots": ["known"], "active_loops": []})
    assert DOMAIN.states_for_tracker_history(tracker, False, True, {"slots": ["known"], "active_loops": []}) == expected


def test_a_conversation_continues_after_many_others_and_its_entry_goes_with_its_tracker(original, monkeypatch):
    kept = Domain.states_for_tracker_history.asa_kept
    computed = []
    active_state = Domain.get_active_state

    def counted(*args, **kwargs):
        computed.append(1)
        return active_state(*args, **kwargs)

    monkeypatch.setattr(Domain, "get_active_state", counted)
    first = DialogueStateTracker.from_events("first", CONVERSATION[:7], DOMAIN.slots)
    DOMAIN.states_for_tracker_history(first)
    others = [DialogueStateTracker.from_events(f"other-{n}", CONVERSATION[:7], DOMAIN.slots) for n in range(150)]
    for other in others:
        DOMAIN.states_for_tracker_history(other)
    assert all(id(tracker) in kept for tracker in [first, *others])
    del computed[:]
    first.update(_user("ich bin azubi", "inform"))
    first.update(_action("utter_faq"))
    ours = DOMAIN.states_for_tracker_history(first)
    assert len(computed) == 2  # the state before the new action, and the last (Rasa's replay: all five)
    assert ours == original(DOMAIN, first)
    gone = [id(tracker) for tracker in others]
    del others, other
    gc.collect()
    DOMAIN.states_for_tracker_history(first)
    assert id(first) in kept and not any(key in kept for key in gone)


def test_install_is_idempotent():
    incremental_states.install()
    states = Domain.states_for_tracker_history
    incremental_states.install()
    assert Domain.states_for_tracker_history is states
