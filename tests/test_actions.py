"""Custom actions with a CollectingDispatcher and tracker fixtures (as Rasa's demo bots test them)."""

import pytest
from conftest import run_async
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import (
    HANDLED,
    ActionAnswerFollowUp,
    ActionAskSpecialCases,
    ActionEligibilityVerdict,
    ActionResetCheck,
    ActionSuggestTopics,
    ValidateEligibilityForm,
)
from actions.eligibility import rare
from actions.eligibility.model import ANSWER_SLOTS
from knowledge import topics


def make_tracker(slots=None, text="", intent="inform", confidence=0.9, selector=None, events=None, decision="ask"):
    all_slots = {
        name: None for name in ANSWER_SLOTS + ("audience", "requested_slot", "verdict", HANDLED, rare.QUESTION)
    }
    all_slots.update(slots or {})
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "intent_ranking": [{"name": intent, "confidence": confidence}],
        "entities": [],
    }
    if selector:
        message["response_selector"] = {
            "faq": {
                "response": {"intent_response_key": selector[0][0]},
                "ranking": [{"intent_response_key": k, "confidence": c} for k, c in selector],
                "decision": decision,
            }
        }
    return Tracker("test", all_slots, message, events or [], False, None, {"name": "eligibility_form"}, "action_listen")


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = run_async(action.run(dispatcher, tracker, {}))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


YOUTH_SO_FAR = {
    "audience": "youth",
    "situation": "looking_for_training",
    "school_obligation": False,
    "needs_support": True,
    "residence_status": "duldung",
}


def test_free_text_date_is_stored_and_the_next_question_comes_from_the_rules():
    tracker = make_tracker(
        dict(YOUTH_SO_FAR, requested_slot="entry_date", entry_date="seit März 2024"), text="seit März 2024"
    )
    messages, slots = run(ValidateEligibilityForm(), tracker)
    assert messages == []
    assert slots["entry_date"] == "2024-03-01"
    assert slots["requested_slot"] == "german_level"


def test_nonsense_is_re_asked_with_the_matching_hint():
    tracker = make_tracker(
        dict(YOUTH_SO_FAR, requested_slot="entry_date", entry_date="keine Ahnung wann"),
        text="gestern oder so",
        intent="nlu_fallback",
    )
    tracker.slots["entry_date"] = "gestern oder so"
    messages, slots = run(ValidateEligibilityForm(), tracker)
    assert [m["response"] for m in messages] == ["utter_hint_date"]
    assert slots["entry_date"] is None and slots["requested_slot"] == "entry_date"


@pytest.mark.parametrize("field,text", [("entry_date", "März 2099"), ("vorphase_months", "-3 Monate")])
def test_understood_but_impossible_answers_are_re_asked(field, text):
    state = dict(
        YOUTH_SO_FAR,
        residence_status="duldung",
        entry_date="2024-03-01",
        german_level="B1",
        transition_expected=True,
        lives_abroad=False,
    )
    state.update({field: text, "requested_slot": field, HANDLED: list(rare.BY_FIELD)})
    messages, slots = run(ValidateEligibilityForm(), make_tracker(state, text=text))
    assert slots[field] is None and slots["requested_slot"] == field
    assert messages[0]["response"] in ("utter_hint_date", "utter_hint_number")


def test_dont_know_gets_an_explanation():
    tracker = make_tracker(
        {
            "audience": "youth",
            "situation": "looking_for_training",
            "requested_slot": "german_level",
            "german_level": "was heißt das?",
            "residence_status": "eu",
            "needs_support": True,
            "school_obligation": False,
            "lives_abroad": False,
            "vorphase_months": 0,
            "hours_per_week": 39,
            "berufseinstiegsbegleitung": False,
            HANDLED: list(rare.BY_FIELD),
        },
        text="was heißt das?",
        intent="dont_know",
    )
    messages, slots = run(ValidateEligibilityForm(), tracker)
    assert [m["response"] for m in messages] == ["utter_hint_level"]
    assert slots["requested_slot"] == "german_level"


def test_dont_know_the_kind_of_training_explains_and_goes_on_with_the_usual_one():
    state = {
        "audience": "youth",
        "situation": "in_training",
        "needs_support": True,
        "residence_status": "citizen",
        "lives_abroad": False,
        "berufseinstiegsbegleitung": False,
        HANDLED: list(rare.BY_FIELD),
        "training_kind": "weiß nicht",
        "requested_slot": "training_kind",
    }
    messages, slots = run(ValidateEligibilityForm(), make_tracker(state, text="weiß nicht"))
    assert [m["response"] for m in messages] == ["utter_hint_training_kind"]
    assert slots["training_kind"] == "dual" and slots["requested_slot"] is None


APPRENTICE = {"audience": "youth", "situation": "in_training", "needs_support": True}


def test_rare_conditions_come_as_one_question_after_the_main_ones():
    tracker = make_tracker(
        {"audience": "youth", "situation": "in_training", "requested_slot": "needs_support", "needs_support": "ja"},
        text="ja",
    )
    _, slots = run(ValidateEligibilityForm(), tracker)
    assert slots["requested_slot"] == rare.QUESTION
    messages, _ = run(ActionAskSpecialCases(), make_tracker(APPRENTICE))
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert titles == [
        "Keine deutsche Staatsangehörigkeit",
        "Ausbildung nicht in einem Betrieb oder in der Pflege",
        "Wohnsitz im Ausland",
        "Schon in der Berufseinstiegsbegleitung",
        "Nichts davon",
    ]


def test_nothing_of_these_gives_the_usual_values_and_the_verdict():
    state = dict(APPRENTICE, requested_slot=rare.QUESTION, special_cases="Nichts davon")
    _, slots = run(ValidateEligibilityForm(), make_tracker(state, text="Nichts davon"))
    assert (
        slots["residence_status"],
        slots["training_kind"],
        slots["lives_abroad"],
        slots["berufseinstiegsbegleitung"],
    ) == ("citizen", "dual", False, False)
    assert slots["requested_slot"] is None


def test_one_chosen_condition_asks_for_more_then_its_details():
    state = dict(APPRENTICE, requested_slot=rare.QUESTION, special_cases="Keine deutsche Staatsangehörigkeit")
    _, slots = run(ValidateEligibilityForm(), make_tracker(state, text=state["special_cases"]))
    assert slots["residence_status"] is None and slots["lives_abroad"] is None
    assert slots[HANDLED] == ["residence_status"] and slots["requested_slot"] == rare.QUESTION
    messages, _ = run(ActionAskSpecialCases(), make_tracker(dict(APPRENTICE, **{HANDLED: ["residence_status"]})))
    assert messages[0]["response"] == "utter_ask_special_cases_more"
    assert "Keine deutsche Staatsangehörigkeit" not in [b["title"] for b in messages[0]["buttons"]]
    state = dict(
        APPRENTICE, requested_slot=rare.QUESTION, special_cases="Nichts weiter", **{HANDLED: ["residence_status"]}
    )
    _, slots = run(ValidateEligibilityForm(), make_tracker(state, text="Nichts weiter"))
    assert slots["lives_abroad"] is False and slots["requested_slot"] == "residence_status"


def test_a_typed_list_of_conditions_is_understood_and_nonsense_gets_a_hint():
    state = dict(APPRENTICE, requested_slot=rare.QUESTION, special_cases="ich wohne im ausland und bin in der bereb")
    _, slots = run(ValidateEligibilityForm(), make_tracker(state, text=state["special_cases"]))
    assert slots["lives_abroad"] is True and slots["berufseinstiegsbegleitung"] is True
    state = dict(APPRENTICE, requested_slot=rare.QUESTION, special_cases="blablub")
    messages, slots = run(ValidateEligibilityForm(), make_tracker(state, text="blablub"))
    assert [m["response"] for m in messages] == ["utter_hint_special_cases"]
    assert slots["requested_slot"] == rare.QUESTION


def test_the_check_takes_over_what_the_conversation_said():
    events = [
        {"event": "session_started"},
        {"event": "user", "text": "ich bin Azubi im zweiten Lehrjahr und hab schlechte Noten"},
        {"event": "bot", "text": "…"},
        {"event": "user", "text": "kann ich da mitmachen?"},
    ]
    tracker = make_tracker(
        {"audience": "youth"}, text="kann ich da mitmachen?", intent="check_eligibility", events=events
    )
    messages, slots = run(ActionResetCheck(), tracker)
    assert slots["situation"] == "in_training"
    assert [m["response"] for m in messages] == ["utter_check_intro", "utter_check_known_situation"]
    assert messages[1]["known"] == "In Ausbildung"


@pytest.mark.parametrize(
    "previous,audience,text,answer",
    [
        ("vorphase_inhalte", "youth", "wie lange geht das?", "utter_faq/vorphase_dauer"),
        ("foerderunterricht", "youth", "und wo meld ich mich da?", "utter_faq/anmeldung_jugendliche"),
        ("foerderunterricht", "company", "und wo melden wir uns da?", "utter_faq/anmeldung_betriebe"),
        ("vorphase_ziel", "company", "und für uns als Betrieb?", "utter_faq/vorphase_betriebe"),
        (None, None, "und was kostet das?", "utter_faq/kosten"),
    ],
)
def test_follow_ups_are_answered_for_the_previous_topic_and_the_asker(previous, audience, text, answer):
    events = [{"event": "bot", "text": "…", "metadata": {"metadata": {"topic": previous}}}] if previous else []
    tracker = make_tracker({"audience": audience}, text=text, intent="faq", events=events)
    messages, _ = run(ActionAnswerFollowUp(), tracker)
    assert [m["response"] for m in messages] == [answer]


def test_faq_question_in_the_middle_is_answered_and_the_question_repeated():
    tracker = make_tracker(
        dict(YOUTH_SO_FAR, requested_slot="entry_date", entry_date="was kostet das?"),
        text="was kostet das?",
        intent="faq",
        confidence=0.95,
        selector=[("faq/kosten", 0.9), ("faq/freiwillig", 0.05)],
    )
    messages, slots = run(ValidateEligibilityForm(), tracker)
    assert [m["response"] for m in messages] == [topics()["kosten"].response, "utter_back_to_check"]
    assert slots["requested_slot"] == "entry_date"


@pytest.mark.parametrize("confidence, answered", [(0.55, True), (0.3, False)])
def test_a_question_mid_check_is_answered_when_the_chat_would_answer_it(confidence, answered):
    # 0.55: what the knowledge ranker gives a clear question it answers; 0.3: it would not answer
    tracker = make_tracker(
        dict(YOUTH_SO_FAR, requested_slot="entry_date", entry_date="was ist eine kooperationsvereinbarung?"),
        text="was ist eine kooperationsvereinbarung?",
        intent="faq",
        confidence=confidence,
        selector=[("faq/kooperationsvereinbarung", confidence), ("faq/akteure", 0.1)],
    )
    messages, slots = run(ValidateEligibilityForm(), tracker)
    responses = [m["response"] for m in messages]
    if answered:
        assert responses == [topics()["kooperationsvereinbarung"].response, "utter_back_to_check"]
    else:
        assert topics()["kooperationsvereinbarung"].response not in responses
        assert "utter_back_to_check" not in responses
    assert slots["requested_slot"] == "entry_date"


def test_correction_restarts_from_the_corrected_situation():
    tracker = make_tracker(
        dict(YOUTH_SO_FAR, requested_slot="entry_date", entry_date="nein, ich habe doch schon einen Vertrag"),
        text="nein, ich habe doch schon einen Vertrag",
    )
    messages, slots = run(ValidateEligibilityForm(), tracker)
    assert [m["response"] for m in messages] == ["utter_correction_taken"]
    assert slots["situation"] == "in_training"
    assert slots["school_obligation"] is None and slots["residence_status"] is None
    assert slots["requested_slot"] == "needs_support"


def test_exclusion_ends_the_form_early():
    tracker = make_tracker(
        {
            "audience": "youth",
            "situation": "looking_for_training",
            "requested_slot": "school_obligation",
            "school_obligation": "ja",
        },
        text="ja",
    )
    _, slots = run(ValidateEligibilityForm(), tracker)
    assert slots["school_obligation"] is True and slots["requested_slot"] is None


def test_company_questions():
    tracker = make_tracker(
        {"audience": "company", "requested_slot": "has_trainee_or_eq", "has_trainee_or_eq": "nein"}, text="nein"
    )
    _, slots = run(ValidateEligibilityForm(), tracker)
    assert slots["has_trainee_or_eq"] is False and slots["requested_slot"] == "willing_to_train"


def test_verdict_message_for_a_parent_uses_sie():
    state = {
        "audience": "parent",
        "situation": "in_training",
        "needs_support": True,
        "residence_status": "citizen",
        "training_kind": "dual",
        "lives_abroad": False,
        "berufseinstiegsbegleitung": True,
    }
    messages, slots = run(ActionEligibilityVerdict(), make_tracker(state))
    text = messages[0]["text"]
    assert text.startswith("Hier entscheidet die Agentur für Arbeit im Einzelfall")
    assert "Berufseinstiegsbegleitung" in text and "Wenden Sie sich" in text
    assert slots["verdict"]["outcome"] == "case_by_case"
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/check_eligibility", "/help"]


@pytest.mark.parametrize(
    "text,audience_before,audience_after",
    [
        ("kann mein Sohn mitmachen?", None, "parent"),
        ("gilt das für unseren Betrieb", "youth", "company"),
        ("kann ich mitmachen", None, "youth"),
        ("kann ich mitmachen", "parent", None),
        ("/check_eligibility", None, None),
    ],
)
def test_reset_clears_answers_and_infers_the_audience(text, audience_before, audience_after):
    tracker = make_tracker(dict(YOUTH_SO_FAR, audience=audience_before), text=text)
    messages, slots = run(ActionResetCheck(), tracker)
    assert all(slots[name] is None for name in ANSWER_SLOTS)
    assert slots.get("audience") == audience_after
    assert messages[0]["response"] == "utter_check_intro"


def test_unsure_between_two_answers_the_likelier_and_offers_the_other():
    tracker = make_tracker(
        text="bla",
        intent="nlu_fallback",
        confidence=0.3,
        selector=[("faq/vorphase_bab", 0.4), ("faq/kosten", 0.3), ("faq/alter", 0.1)],
        events=[
            {"event": "user", "text": "hallo", "parse_data": {"intent": {"name": "greet"}}},
            {"event": "user", "text": "bla", "parse_data": {"intent": {"name": "nlu_fallback"}}},
        ],
    )
    messages, _ = run(ActionSuggestTopics(), tracker)
    assert [m["response"] for m in messages] == [topics()["vorphase_bab"].response, "utter_did_you_mean"]
    assert [b["payload"] for b in messages[1]["buttons"]] == [topics()["kosten"].question, "/nlu_fallback"]


def test_a_first_message_answered_while_unsure_also_says_who_the_bot_takes_the_asker_to_be():
    # as after any first answer (data/rules.yml, conversation_start); the offer comes last, after the other topic
    text = "mein sohn kommt in der berufsschule nicht mit"
    tracker = make_tracker(
        slots={"audience": "parent"},
        text=text,
        intent="nlu_fallback",
        confidence=0.3,
        selector=[("faq/foerderunterricht", 0.4), ("faq/berufsschule", 0.35)],
        events=[
            {"event": "session_started"},
            {"event": "user", "text": text, "parse_data": {"intent": {"name": "nlu_fallback"}}},
        ],
    )
    messages, _ = run(ActionSuggestTopics(), tracker)
    assert [m["response"] for m in messages] == [
        topics()["foerderunterricht"].response,
        "utter_did_you_mean",
        "utter_offer_audience",
    ]


def test_no_menu_when_nothing_plausible_remains():
    tracker = make_tracker(
        text="qwertz",
        intent="nlu_fallback",
        confidence=0.3,
        decision="unknown",
        selector=[("faq/vorphase_bab", 0.1), ("faq/kosten", 0.05)],
        events=[{"event": "user", "parse_data": {"intent": {"name": "nlu_fallback"}}}],
    )
    messages, _ = run(ActionSuggestTopics(), tracker)
    assert [m.get("response") for m in messages] == ["utter_scope"]


def test_second_miss_in_a_row_gets_the_scope_statement():
    tracker = make_tracker(
        text="bla",
        intent="nlu_fallback",
        confidence=0.3,
        events=[
            {"event": "user", "parse_data": {"intent": {"name": "nlu_fallback"}}},
            {"event": "user", "parse_data": {"intent": {"name": "nlu_fallback"}}},
        ],
    )
    messages, _ = run(ActionSuggestTopics(), tracker)
    assert messages[0]["response"] == "utter_scope"


def test_dont_know_about_schooling_and_german_counts_as_unclear_and_goes_on():
    state = dict(
        YOUTH_SO_FAR,
        residence_status="gestattung",
        entry_date="2024-03-01",
        german_level="B1",
        transition_expected="weiß nicht",
        requested_slot="transition_expected",
    )
    messages, slots = run(ValidateEligibilityForm(), make_tracker(state, text="weiß nicht"))
    assert slots["transition_expected"] is False
    assert slots["requested_slot"] == rare.QUESTION  # lives abroad? with the other rare conditions
    assert messages == []


def test_a_second_training_named_in_the_kind_answer_is_kept():
    state = {
        "audience": "youth",
        "situation": "in_training",
        "needs_support": True,
        "residence_status": "citizen",
        "training_kind": "das ist meine zweite Ausbildung, im Betrieb",
        "requested_slot": "training_kind",
    }
    _, slots = run(ValidateEligibilityForm(), make_tracker(state, text=state["training_kind"]))
    assert slots["training_kind"] == "dual" and slots["second_training"] is True


def test_an_answer_taken_for_a_statement_of_who_asks_does_not_change_the_asker():
    events = [
        {"event": "slot", "name": "audience", "value": "youth"},
        {"event": "user", "text": "ja brauch ich"},
        {"event": "slot", "name": "audience", "value": "company"},
    ]
    state = {
        "audience": "company",
        "situation": "in_training",
        "requested_slot": "needs_support",
        "needs_support": "ja brauch ich",
    }
    tracker = make_tracker(state, text="ja brauch ich", intent="i_am_company", events=events)
    _, slots = run(ValidateEligibilityForm(), tracker)
    assert slots["audience"] == "youth" and slots["needs_support"] is True
    assert slots["requested_slot"] == rare.QUESTION  # the youth path goes on
    button = make_tracker(state, text="/i_am_company", intent="i_am_company", events=events)
    _, slots = run(ValidateEligibilityForm(), button)
    assert "audience" not in slots  # a button is a real change of who asks
