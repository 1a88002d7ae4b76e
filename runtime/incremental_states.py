"""The dialogue states of a conversation computed once per event, not again at every prediction.

To predict the next action, Rasa 3.6's RulePolicy asks for the state of the conversation before
every action so far (`Domain.states_for_tracker_history`). Rasa replays the whole conversation
from its first event for that, and it does so two or three times per message (once with the
text, once with the intent, again after each action the bot takes). On this project's bench
that replay was 15 % of the Rasa process's CPU, and it grows with the conversation.

`install()` keeps, for each tracker while it lives, the replayed copy and the states found so far.
When the same tracker object comes back with the same events plus new ones at the end, only
the new events are replayed. Anything else (another tracker, an event undone, a different
`omit_unset_slots`) is replayed from the start, as in Rasa. The caller gets its own copies of
the states (Rasa's featurizer edits the last one in place). The variant that hides rule-only
turns (for machine-learning policies, which this project does not use) stays Rasa's own.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.shared.core.domain import Domain, State
from rasa.shared.core.events import ActionExecuted, Event
from rasa.shared.core.trackers import DialogueStateTracker

# An entry lives as long as its tracker: it goes once the tracker is garbage-collected. The
# tracker store keeps the trackers of recent conversations between their messages
# (runtime/kept_trackers.py, TRACKER_CACHE_SIZE), so their replays stay as well; with 64 entries
# and 100 conversations taking turns, as on the bench, each message replayed its whole
# conversation again (15 instead of 6 states computed per message). The bound only caps memory
# should trackers be kept alive elsewhere.
KEPT = 1000


@dataclass
class _Replay:
    tracker: "weakref.ReferenceType[DialogueStateTracker]"
    domain: Domain
    omit_unset_slots: bool
    events: List[Event]  # the applied events replayed so far
    replayed: DialogueStateTracker  # a tracker that has seen exactly `events`
    states: List[State]  # the state before each ActionExecuted among `events`


def _copy(state: State) -> State:
    # a state is a dict of sub-state dicts whose values are strings, numbers or tuples
    return {key: dict(sub_state) for key, sub_state in state.items()}


def _continues(
    replay: Optional[_Replay], tracker: DialogueStateTracker, domain: Domain, omit: bool, events: List
) -> bool:
    return (
        replay is not None
        and replay.tracker() is tracker
        and replay.domain is domain
        and replay.omit_unset_slots == omit
        and len(replay.events) <= len(events)
        and all(old is new for old, new in zip(replay.events, events[: len(replay.events)], strict=True))
    )


def install() -> None:
    original = Domain.states_for_tracker_history
    if hasattr(original, "asa_original"):
        return
    kept: "OrderedDict[int, _Replay]" = OrderedDict()
    # trackers garbage-collected since the last call: (id, weak reference); a weakref callback may
    # run inside any allocation, so it only notes the tracker, and the next call removes the entry
    gone: List[Tuple[int, "weakref.ReferenceType[DialogueStateTracker]"]] = []

    def watch(tracker: DialogueStateTracker) -> "weakref.ReferenceType[DialogueStateTracker]":
        key = id(tracker)
        return weakref.ref(tracker, lambda reference: gone.append((key, reference)))

    def states_for_tracker_history(
        self: Domain,
        tracker: DialogueStateTracker,
        omit_unset_slots: bool = False,
        ignore_rule_only_turns: bool = False,
        rule_only_data: Optional[Dict[Text, Any]] = None,
    ) -> List[State]:
        if ignore_rule_only_turns:
            return original(self, tracker, omit_unset_slots, ignore_rule_only_turns, rule_only_data)
        while gone:
            key, reference = gone.pop()
            if key in kept and kept[key].tracker is reference:
                del kept[key]
        events = tracker.applied_events()
        # taken out while in use, so that no two callers ever replay into the same copy
        replay = kept.pop(id(tracker), None)
        if not _continues(replay, tracker, self, omit_unset_slots, events):
            replay = _Replay(watch(tracker), self, omit_unset_slots, [], tracker.init_copy(), [])
        assert replay is not None
        for event in events[len(replay.events) :]:
            if isinstance(event, ActionExecuted):
                replay.states.append(self._clean_state(self.get_active_state(replay.replayed, omit_unset_slots)))
            replay.replayed.update(event)
        replay.events = events
        last = self._clean_state(self.get_active_state(replay.replayed, omit_unset_slots))
        kept[id(tracker)] = replay
        while len(kept) > KEPT:
            kept.popitem(last=False)
        return [_copy(state) for state in replay.states] + [last]

    states_for_tracker_history.asa_original = original  # type: ignore[attr-defined]
    states_for_tracker_history.asa_kept = kept  # type: ignore[attr-defined]
    Domain.states_for_tracker_history = states_for_tracker_history
