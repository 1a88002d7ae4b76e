"""The action server's answer checked against a schema that is checked once, not at every answer.

Rasa 3.6 checks each answer of the action server with `jsonschema.validate`, which first checks
the schema itself against JSON Schema's meta-schema and builds a new validator: on this project's
bench that was 3 % of the Rasa process's CPU, most of it the schema's own check. `install()`
builds the validator once. A valid answer passes as before; for an invalid one Rasa's own method
runs, so the error and its message stay exactly Rasa's.
"""

from __future__ import annotations

from typing import Any, Dict, Text

from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction


def install() -> None:
    original = RemoteAction._validate_action_result
    if hasattr(original, "asa_original"):
        return
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
        if type(self).action_response_format_spec is not RemoteAction.action_response_format_spec:
            return original(self, result)
        if best_match(validator.iter_errors(result)) is None:
            return True
        return original(self, result)

    _validate_action_result.asa_original = original  # type: ignore[attr-defined]
    RemoteAction._validate_action_result = _validate_action_result
