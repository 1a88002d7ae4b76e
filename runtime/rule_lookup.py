"""Rule matching that stops looking back once no remaining rule reaches further.

Rasa 3.6's RulePolicy finds the rules that fit a conversation by walking back through every
state of the conversation and, at each state, re-checking every rule still in the running.
A rule only constrains as many states as it is long (this project's longest has 4); beyond
that `_is_rule_applicable` keeps every rule unchanged. The walk still went on to the start
of the conversation, re-reading each rule at each state: 5 % of the Rasa process's CPU on the
bench, growing with the conversation. `install()` stops the walk when the step back is at
least as long as every remaining rule, or when no rule remains: the same keys come out.
A subclass with its own `_is_rule_applicable` keeps Rasa's walk.
"""

from __future__ import annotations

from typing import Dict, List, Set, Text

from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.domain import State


def install() -> None:
    original = RulePolicy._get_possible_keys
    if hasattr(original, "asa_original"):
        return
    applicable = RulePolicy._is_rule_applicable

    def _get_possible_keys(self: RulePolicy, lookup: Dict[Text, Text], states: List[State]) -> Set[Text]:
        if type(self)._is_rule_applicable is not applicable:
            return original(self, lookup, states)
        possible_keys = set(lookup.keys())
        for turn_index, state in enumerate(reversed(states)):
            if not possible_keys or turn_index >= max(len(self._rule_key_to_state(key)) for key in possible_keys):
                break
            possible_keys = {key for key in possible_keys if self._is_rule_applicable(key, turn_index, state)}
        return possible_keys

    _get_possible_keys.asa_original = original  # type: ignore[attr-defined]
    RulePolicy._get_possible_keys = _get_possible_keys
