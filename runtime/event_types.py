"""The class of a stored event, looked up once per event name instead of at every event.

Rasa 3.6 rebuilds every conversation from its stored events at each message, and for each
event `Event.resolve_by_type` walks the whole tree of event classes and asks
`inspect.isabstract` about each of them, again and again. On this project's bench that walk
was the largest single cost of loading a tracker. `install()` keeps what the walk found, per
event name. Only a found class is kept: an unknown name, the old "topic" event and a caller's
default still go through Rasa's own method, so errors and fallbacks stay exactly as they were.
"""

from __future__ import annotations

from typing import Callable, Dict, Optional, Text, Type

from rasa.shared.core.events import Event


def install() -> None:
    original: Callable[..., Optional[Type[Event]]] = Event.resolve_by_type
    if hasattr(original, "asa_original"):
        return
    found: Dict[Text, Type[Event]] = {}

    def resolve_by_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
        event_class = found.get(type_name)
        if event_class is None:
            event_class = original(type_name, default)
            # a default stands in for an unknown name: it must not become that name's class
            if event_class is not None and event_class.type_name == type_name:
                found[type_name] = event_class
        return event_class

    resolve_by_type.asa_original = original  # type: ignore[attr-defined]
    Event.resolve_by_type = staticmethod(resolve_by_type)
