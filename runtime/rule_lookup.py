"""Rule matching that checks only the rules that can fit the latest state, and stops looking back early.

Rasa 3.6's RulePolicy finds the rules that fit a conversation by walking back through every
state of the conversation and, at each state, re-checking every rule still in the running.
On this project's bench that was 5 to 7 % of the Rasa process's CPU. `install()` changes two
things; the same keys come out:
- It starts with only the rules whose last state can fit the conversation's latest state. A
  rule whose last state asks for a previous action or an intent (as most do) is applicable
  only where the conversation has exactly that action or intent (`_does_rule_match_state`).
  The rules are indexed once by those two values, so instead of every rule only the few with
  the latest action and intent (or with none asked for) are checked. They are then checked in
  full, as in Rasa. At a conversation start (a state without a previous action) all rules are
  checked.
- A rule only constrains as many states as it is long (this project's longest has 4); beyond
  that `_is_rule_applicable` keeps every rule unchanged. The walk stops when the step back is
  at least as long as every remaining rule, or when no rule remains.
A subclass with its own `_is_rule_applicable` or `_does_rule_match_state` keeps Rasa's walk.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Callable, Dict, Hashable, List, Optional, Set, Text, Tuple

from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.constants import PREVIOUS_ACTION, SHOULD_NOT_BE_SET, USER
from rasa.shared.core.domain import State
from rasa.shared.nlu.constants import ACTION_NAME, INTENT

# (previous action, intent) a rule's last state asks for; None: it asks for none
Signature = Tuple[Optional[Hashable], Optional[Hashable]]
# a policy has two lookup tables (rules, and rules for a loop's unhappy path); models loaded again
# bring new tables, and the oldest indexes go
INDEXES = 8


def _asked_for(rule_state: State, state_type: Text, key: Text) -> Optional[Hashable]:
    """The value a rule state requires the conversation to have, as `_does_rule_match_state` compares it."""
    value = rule_state.get(state_type, {}).get(key)
    if isinstance(value, list):
        value = tuple(value)  # as `_does_rule_match_state` does: JSON turned tuples into lists
    if not value or value == SHOULD_NOT_BE_SET:
        return None
    return value


class LastStateIndex:
    """The keys of a lookup table by what their rule's last state asks of the previous action and intent."""

    def __init__(self, lookup: Dict[Text, Any], rule_states: Callable[[Text], List[State]]) -> None:
        self.lookup = lookup
        self.size = len(lookup)
        self.buckets: Dict[Signature, Set[Text]] = {}
        for key in lookup:
            states = rule_states(key)
            last = states[-1] if states else {}
            signature: Signature = (_asked_for(last, PREVIOUS_ACTION, ACTION_NAME), _asked_for(last, USER, INTENT))
            try:
                hash(signature)
            except TypeError:  # a value with nested lists: left to the full check
                signature = (None, None)
            self.buckets.setdefault(signature, set()).add(key)

    def describes(self, lookup: Dict[Text, Any]) -> bool:
        return lookup is self.lookup and len(lookup) == self.size

    def candidates(self, state: State) -> Optional[Set[Text]]:
        """The keys whose last state can fit `state`; None: all may (a conversation start, or values not indexed)."""
        if not state.get(PREVIOUS_ACTION):
            return None
        action = state.get(PREVIOUS_ACTION, {}).get(ACTION_NAME)
        intent = state.get(USER, {}).get(INTENT)
        if not isinstance(action, (str, type(None))) or not isinstance(intent, (str, type(None))):
            return None
        keys: Set[Text] = set()
        # None stands for "asks for none" in the buckets; a conversation without the value fits only those
        for signature in {(action, intent), (action, None), (None, intent), (None, None)}:
            keys |= self.buckets.get(signature, set())
        return keys


def install() -> None:
    original = RulePolicy._get_possible_keys
    if hasattr(original, "asa_original"):
        return
    applicable = RulePolicy._is_rule_applicable
    matches = RulePolicy._does_rule_match_state
    indexes: "OrderedDict[int, LastStateIndex]" = OrderedDict()

    def index_for(policy: RulePolicy, lookup: Dict[Text, Any]) -> LastStateIndex:
        index = indexes.get(id(lookup))
        if index is None or not index.describes(lookup):
            index = LastStateIndex(lookup, policy._rule_key_to_state)
            indexes[id(lookup)] = index
            while len(indexes) > INDEXES:
                indexes.popitem(last=False)
        return index

    def _get_possible_keys(self: RulePolicy, lookup: Dict[Text, Text], states: List[State]) -> Set[Text]:
        if type(self)._is_rule_applicable is not applicable or type(self)._does_rule_match_state is not matches:
            return original(self, lookup, states)
        possible_keys = index_for(self, lookup).candidates(states[-1]) if states else None
        if possible_keys is None:
            possible_keys = set(lookup.keys())
        for turn_index, state in enumerate(reversed(states)):
            if not possible_keys or turn_index >= max(len(self._rule_key_to_state(key)) for key in possible_keys):
                break
            possible_keys = {key for key in possible_keys if self._is_rule_applicable(key, turn_index, state)}
        return possible_keys

    _get_possible_keys.asa_original = original  # type: ignore[attr-defined]
    RulePolicy._get_possible_keys = _get_possible_keys
