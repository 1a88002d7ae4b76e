"""Rule matching from an index that stops early (runtime/rule_lookup.py) finds the rules Rasa's full walk finds."""

import json
import random

import pytest

pytest.importorskip("rasa")

from rasa.core.policies.rule_policy import RulePolicy  # noqa: E402

from runtime import rule_lookup  # noqa: E402

LISTEN = {"prev_action": {"action_name": "action_listen"}}


def _turn(action, intent=None, loop=None, slots=None):
    state = {"prev_action": {"action_name": action}}
    if intent:
        state["user"] = {"intent": intent}
    if loop:
        state["active_loop"] = {"name": loop}
    if slots:
        state["slots"] = slots
    return state


# rules of one to five states: conversation starts, intents, loops, slots, "should not be set",
# a last state that asks for no intent, for "no intent", for an action text, for an intent only, or for neither
RULES = [
    [_turn("action_listen")],
    [_turn("utter_faq"), {"prev_action": {"action_text": "Hallo"}}],
    [{"prev_action": {"action_name": "action_listen"}, "user": {"intent": "should_not_be_set"}}],
    [{"prev_action": {"action_text": "should_not_be_set"}, "user": {"intent": "faq"}}],
    [{"prev_action": {"action_text": "should_not_be_set"}, "active_loop": {"name": "form"}}],
    [_turn("action_listen", "faq"), {"user": {"intent": "faq"}}],
    [_turn("action_listen", "greet"), {"prev_action": {"action_text": "Hallo"}, "user": {"intent": "faq"}}],
    [_turn("action_listen", "greet"), {"prev_action": {"action_name": ["action_listen"]}}],
    [{}],
    [{}, _turn("action_listen", "greet")],
    [_turn("action_listen", "greet")],
    [_turn("action_listen", "faq")],
    [_turn("utter_faq", "faq"), _turn("action_listen", "faq")],
    [_turn("action_listen", "inform", loop="form"), _turn("form", "inform", loop="form")],
    [_turn("action_listen", "stop", loop="form", slots={"x": "should_not_be_set"})],
    [_turn("action_listen", "faq", slots={"x": (1.0,)}), _turn("utter_a", "faq"), _turn("action_listen", "greet")],
    [
        {},
        _turn("action_listen", "greet"),
        _turn("utter_greet", "greet"),
        _turn("action_listen", "faq"),
        _turn("utter_faq", "faq"),
    ],
]
LOOKUP = {json.dumps(rule, sort_keys=True): f"action_{index}" for index, rule in enumerate(RULES)}
TURNS = [
    {},
    _turn("action_listen", "greet"),
    _turn("utter_greet", "greet"),
    _turn("action_listen", "faq"),
    _turn("utter_faq", "faq"),
    _turn("utter_a", "faq"),
    _turn("action_listen", "inform", loop="form"),
    _turn("form", "inform", loop="form"),
    _turn("action_listen", "stop", loop="form"),
    _turn("action_listen", "stop", loop="form", slots={"x": (1.0,)}),
    _turn("action_listen", "faq", slots={"x": (1.0,)}),
    _turn("action_listen"),
    {"prev_action": {"action_text": "Hallo"}},
    {"prev_action": {"action_text": "Hallo"}, "user": {"intent": "faq"}},
    {"user": {"intent": "faq"}},
]


@pytest.fixture(scope="module")
def policy():
    rule_lookup.install()
    return RulePolicy.__new__(RulePolicy)  # the two methods read nothing from the instance


def test_the_same_rules_fit_as_with_rasas_full_walk(policy):
    original = RulePolicy._get_possible_keys.asa_original
    generator = random.Random(7)
    conversations = [[], [{}], [{}, TURNS[1]], [{}, TURNS[1], TURNS[2], TURNS[3], TURNS[4]]]
    conversations += [[generator.choice(TURNS) for _ in range(generator.randint(1, 30))] for _ in range(400)]
    conversations += [[{}, *rule[1:]] for rule in RULES] + [list(rule) for rule in RULES]
    found = 0
    for states in conversations:
        expected = original(policy, LOOKUP, states)
        assert policy._get_possible_keys(LOOKUP, states) == expected, states
        found += bool(expected)
    assert found > 50  # the conversations do match rules, not only the empty set


def test_the_index_leaves_out_the_rules_for_another_action_or_intent(policy):
    index = rule_lookup.LastStateIndex(LOOKUP, policy._rule_key_to_state)
    candidates = index.candidates(_turn("action_listen", "greet"))
    asked_for_faq = [key for key, action in LOOKUP.items() if json.loads(key)[-1].get("user") == {"intent": "faq"}]
    assert asked_for_faq and not candidates & set(asked_for_faq)
    assert json.dumps(RULES[0], sort_keys=True) in candidates  # asks for the action only
    assert len(candidates) < len(LOOKUP)
    assert index.candidates({}) is None  # a conversation start: every rule is checked


def test_a_new_lookup_table_gets_a_new_index(policy):
    rule_lookup.install()
    first = {json.dumps([_turn("action_listen", "faq")]): "action_a"}
    second = {json.dumps([_turn("action_listen", "greet")]): "action_b"}
    states = [{}, _turn("action_listen", "greet")]
    assert policy._get_possible_keys(first, states) == set()
    assert policy._get_possible_keys(second, states) == set(second)
    first[json.dumps([_turn("action_listen", "greet")], sort_keys=True)] = "action_c"
    assert policy._get_possible_keys(first, states) == RulePolicy._get_possible_keys.asa_original(policy, first, states)


def test_install_is_idempotent():
    rule_lookup.install()
    keys = RulePolicy._get_possible_keys
    rule_lookup.install()
    assert RulePolicy._get_possible_keys is keys
