"""Conversations kept in memory between messages, used only while the database holds exactly them.

Rasa 3.6 rebuilds a conversation from all its stored events at every message (the JSON of each
event, then every event replayed): 15 % of the Rasa process's CPU on this project's bench,
growing with the conversation. The SQL tracker store (runtime/durable_tracker_store.py) asks
this module first.

A version is the database's (number of events, newest row id) of a conversation's latest
session. The rules that keep a kept tracker equal to what a read of the database would build:
- A tracker is kept after a save only if every event of it is in the database as its latest
  session: either the database had no events of the conversation before the save, or the
  tracker is the object handed out for it, with the events it had then, and the database
  still had the version it had then (so nobody else wrote in between). After the save the
  latest session must hold exactly the tracker's events (a new session started during the
  message, or a tracker with fewer events than stored, fails this).
- A kept tracker is handed out only if the database still has the version saved with it (a
  message on another instance, a purge, a new session all change it), the tracker has the
  same events as when it was saved, and the store's domain is the same.
- It is handed out once: it leaves the cache, and a second read before the next save goes
  to the database.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Optional, Text, Tuple

from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

Version = Tuple[int, Optional[int]]


@dataclass
class _Snapshot:
    tracker: "weakref.ReferenceType[DialogueStateTracker]"
    events: int
    last_event: Optional[Event]
    version: Version
    domain: Any

    @classmethod
    def of(cls, tracker: DialogueStateTracker, version: Version, domain: Any) -> "_Snapshot":
        events = tracker.events
        return cls(weakref.ref(tracker), len(events), events[-1] if events else None, version, domain)

    def extended_by(self, tracker: DialogueStateTracker) -> bool:
        """The same tracker object, with the events it had then at the start."""
        events = tracker.events
        return (
            self.tracker() is tracker
            and len(events) >= self.events
            and (events[self.events - 1] if self.events else None) is self.last_event
        )

    def unchanged(self, tracker: DialogueStateTracker, domain: Any) -> bool:
        return self.domain is domain and len(tracker.events) == self.events and self.extended_by(tracker)


def _put(entries: "OrderedDict[Text, Any]", sender_id: Text, entry: Any, size: int) -> None:
    """Newest last; the oldest go once there are more than `size`."""
    entries[sender_id] = entry
    entries.move_to_end(sender_id)
    while len(entries) > size:
        entries.popitem(last=False)


class KeptTrackers:
    def __init__(self, size: int) -> None:
        self.size = size
        self._kept: "OrderedDict[Text, Tuple[DialogueStateTracker, _Snapshot]]" = OrderedDict()
        self._handed_out: "OrderedDict[Text, _Snapshot]" = OrderedDict()

    def take(self, sender_id: Text, version: Callable[[], Version], domain: Any) -> Optional[DialogueStateTracker]:
        """The kept tracker, if it is still what the database holds; it is handed out once."""
        entry = self._kept.pop(sender_id, None)
        if entry is None:
            return None
        tracker, snapshot = entry
        if not snapshot.unchanged(tracker, domain) or version() != snapshot.version:
            return None
        self.handed_out(sender_id, tracker, snapshot.version, domain)
        return tracker

    def handed_out(self, sender_id: Text, tracker: DialogueStateTracker, version: Version, domain: Any) -> None:
        """A read gave `tracker`, built from the database at `version`."""
        if self.size <= 0:
            return
        _put(self._handed_out, sender_id, _Snapshot.of(tracker, version, domain), self.size)

    def saved(self, tracker: DialogueStateTracker, before: Version, after: Callable[[], Version], domain: Any) -> None:
        """`tracker` was saved into a database that had `before`; keep it if it is all there."""
        sender_id = tracker.sender_id
        self._kept.pop(sender_id, None)
        handed_out = self._handed_out.pop(sender_id, None)
        if self.size <= 0 or domain is None:
            return
        # a read builds the tracker with the domain's slots: keep only one that has exactly those
        if list(tracker.slots) != [slot.name for slot in domain.slots]:
            return
        complete = before[0] == 0 or (
            handed_out is not None and handed_out.extended_by(tracker) and handed_out.version == before
        )
        if not complete:
            return
        version = after()
        if version[0] != len(tracker.events):
            return
        _put(self._kept, sender_id, (tracker, _Snapshot.of(tracker, version, domain)), self.size)

    def __len__(self) -> int:
        return len(self._kept)

    def __iter__(self) -> Iterator[Text]:
        return iter(self._kept)
