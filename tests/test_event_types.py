"""Event classes looked up once per name (runtime/event_types.py) give what Rasa's own lookup gives."""

import pytest

pytest.importorskip("rasa")

from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered  # noqa: E402
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402
from rasa.shared.utils.common import all_subclasses  # noqa: E402

from runtime import event_types  # noqa: E402


@pytest.fixture(scope="module")
def original():
    event_types.install()
    return Event.resolve_by_type.asa_original


def test_every_event_name_resolves_to_the_class_rasa_finds(original):
    for event_class in all_subclasses(Event):
        for _ in range(2):  # the first call walks the classes, the second comes from what was kept
            assert Event.resolve_by_type(event_class.type_name) is original(event_class.type_name)


def test_unknown_names_and_defaults_behave_as_in_rasa():
    event_types.install()
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no_such_event", SlotSet) is SlotSet
    # a default given once is not kept as the class of that name
    with pytest.raises(ValueError):
        Event.resolve_by_type("no_such_event")
    assert Event.resolve_by_type("user", SlotSet) is UserUttered


def test_a_stored_conversation_is_rebuilt_unchanged():
    event_types.install()
    tracker = DialogueStateTracker("s1", [])
    for event in (
        ActionExecuted("action_listen"),
        UserUttered("was kostet das?", {"name": "faq", "confidence": 0.9}),
        ActionExecuted("utter_faq"),
    ):
        tracker.update(event)
    stored = [event.as_dict() for event in tracker.events]
    rebuilt = DialogueStateTracker.from_dict("s1", stored, [])
    assert list(rebuilt.events) == list(tracker.events)
