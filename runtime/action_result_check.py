"""The action server's answer checked against Rasa's schema, built once and checked per event type.

Rasa 3.6 checks each answer of the action server with `jsonschema.validate`, which first checks
the schema itself against JSON Schema's meta-schema and builds a new validator: on this project's
bench that was 3 % of the Rasa process's CPU. Then each event of the answer is checked against
all 23 event types of Rasa's `oneOf`, to make sure that exactly one fits: for the answer that
starts the eligibility check (13 events) that took about 10 ms, a fifth of the whole message.

`install()` builds the validators once. Every type in Rasa's `oneOf` names its event with its
own `const` for the `event` key: an event with an `event` value can only fit the type it names,
and it fits the `oneOf` exactly when it fits that one. So each event is checked against the
schema without the `oneOf` plus the one type it names. If a type ever lacks such a `const`,
every answer is checked against the whole schema. A valid answer passes as before; for one that
does not pass (or has an event without an `event` value), Rasa's own method runs, so the verdict
and the error message stay exactly Rasa's.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Optional, Text

from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction

EVENT = "event"


def _by_event_type(event_schema: Dict[Text, Any], build: Callable[[Dict], Any]) -> Optional[Dict[Text, Any]]:
    """A validator per event type that together equal `event_schema`; None if it lacks the shape."""
    types = event_schema.get("oneOf")
    if not isinstance(types, list):
        return None
    common = {key: value for key, value in event_schema.items() if key != "oneOf"}
    validators: Dict[Text, Any] = {}
    for event_type in types:
        name = event_type.get("properties", {}).get(EVENT, {}).get("const")
        if not isinstance(name, str) or name in validators:
            return None
        validators[name] = build({**common, "allOf": [event_type]})
    return validators


def fast_check(schema: Dict[Text, Any]) -> Callable[[Any], bool]:
    """True only for an answer that `schema` accepts; False means: ask the whole schema."""
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    whole = validator_class(schema)
    events_schema = schema.get("properties", {}).get("events", {})
    by_type = None
    if set(events_schema) == {"type", "items"} and events_schema["type"] == "array":
        by_type = _by_event_type(events_schema["items"], validator_class)
    if by_type is None:
        return whole.is_valid
    # the answer without its events' items, which the loop below checks
    outer = validator_class({**schema, "properties": {**schema["properties"], "events": {"type": "array"}}})

    def check(result: Any) -> bool:
        if not outer.is_valid(result):
            return False
        for event in result.get("events", []):
            name = event.get(EVENT) if isinstance(event, dict) else None
            validator = by_type.get(name) if isinstance(name, str) else None
            if validator is None or not validator.is_valid(event):
                return False
        return True

    return check


def install() -> None:
    original = RemoteAction._validate_action_result
    if hasattr(original, "asa_original"):
        return
    accepted = fast_check(RemoteAction.action_response_format_spec())

    def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
        if type(self).action_response_format_spec is not RemoteAction.action_response_format_spec:
            return original(self, result)
        if accepted(result):
            return True
        return original(self, result)

    _validate_action_result.asa_original = original  # type: ignore[attr-defined]
    RemoteAction._validate_action_result = _validate_action_result
