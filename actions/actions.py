"""Rasa custom actions. Thin on purpose: the rules live in actions.eligibility,
the answer texts in knowledge/faq.yml and domain.yml."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.eligibility import InvalidAnswer, assess, rare, schema, validate
from actions.eligibility.model import ANSWER_SLOTS, answers_from_slots, register_for
from actions.eligibility.parsing import (
    DONT_KNOW,
    SECOND_TRAINING,
    NotUnderstood,
    correction_of_situation,
    is_dont_know,
    parse_answer,
    stated_situation,
)
from actions.eligibility.presentation import render
from knowledge import topic_for_intent
from knowledge.asker import check_asker
from knowledge.followup import answer_for, follow_up_aspect
from knowledge.retrieval import knowledge_retriever
from knowledge.second_opinion import ANSWER_AT, in_context

logger = logging.getLogger(__name__)

FORM = "eligibility_form"
HANDLED = "rare_handled"  # slot: the rare conditions already asked about (actions/eligibility/rare.py)
# What to say when an answer is not understood, by question (responses in domain.yml) ...
NOT_UNDERSTOOD = {
    rare.QUESTION: "utter_hint_special_cases",
    "entry_date": "utter_hint_date",
    "training_start": "utter_hint_date",
    "german_level": "utter_hint_level",
    "vorphase_months": "utter_hint_number",
    "hours_per_week": "utter_hint_number",
    "months_since_training_end": "utter_hint_number",
    "months_since_employment_start": "utter_hint_number",
    "audience": "utter_hint_choice",
    "situation": "utter_hint_choice",
    "residence_status": "utter_hint_choice",
    "training_kind": "utter_hint_choice",
    "lives_abroad": "utter_hint_choice",
}
# ... and when the person does not know the answer.
DONT_KNOW_HINTS = {
    "school_obligation": "utter_hint_school_obligation",
    "german_level": "utter_hint_level",
    "training_kind": "utter_hint_training_kind",
    rare.QUESTION: "utter_hint_special_cases",
}
# Questions where "weiß nicht" is an answer: unclear counts like "no" (V-ASYL-SKILLS: case by case);
# an unknown kind of training is most likely one in a company (the hint says so and how to correct it).
DONT_KNOW_MEANS = {"transition_expected": False, "training_kind": "dual"}
# a question in the middle of the check is answered when the chat would answer it outside the check
# (components/knowledge_ranker.py sets the FAQ intent's confidence to the combined score it answered at)
FAQ_CONFIDENCE = ANSWER_AT


def _answers_in_slots(tracker: Tracker) -> Dict[str, Any]:
    return {name: tracker.get_slot(name) for name in ANSWER_SLOTS + ("audience",)}


def _storable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _faq_response(tracker: Tracker) -> Optional[str]:
    """The FAQ answer the last message asked for, if it was a confident FAQ question."""
    message = tracker.latest_message or {}
    intent = message.get("intent") or {}
    if intent.get("name") != "faq" or (intent.get("confidence") or 0) < FAQ_CONFIDENCE:
        return None
    selected = ((message.get("response_selector") or {}).get("faq") or {}).get("response") or {}
    topic = topic_for_intent(selected.get("intent_response_key") or "")
    return topic.response if topic else None


class ValidateEligibilityForm(FormValidationAction):
    """Understands each answer, and lets the rules module decide what to ask next."""

    def name(self) -> Text:
        return "validate_eligibility_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[EventType]:
        slots = _answers_in_slots(tracker)
        requested = tracker.get_slot("requested_slot")
        text = (tracker.latest_message or {}).get("text") or ""
        handled = list(tracker.get_slot(HANDLED) or [])
        events: List[EventType] = []
        today = date.today()
        kept = _audience_before_a_stray_intent(tracker, requested)
        if kept:
            slots["audience"] = kept
            events.append(SlotSet("audience", kept))

        correction = correction_of_situation(text) if slots.get("audience") != "company" else None
        if requested and correction and requested != "situation" and correction != slots.get("situation"):
            # "nein, ich habe doch schon einen Vertrag": start over from the corrected situation
            for name in ANSWER_SLOTS:
                if slots.get(name) is not None or name == requested:
                    slots[name] = None
                    events.append(SlotSet(name, None))
            slots["situation"] = correction
            events.append(SlotSet("situation", correction))
            handled = []
            events.append(SlotSet(HANDLED, handled))
            dispatcher.utter_message(response="utter_correction_taken")
        elif requested == rare.QUESTION:
            if tracker.get_slot(requested) is None:
                return []
            handled = self._rare_conditions(str(tracker.get_slot(requested)), slots, handled, today, dispatcher)
            events += [SlotSet(name, slots[name]) for name in ANSWER_SLOTS if name in rare.BY_FIELD]
            events += [SlotSet(HANDLED, handled), SlotSet(rare.QUESTION, None)]
        elif requested:
            if tracker.get_slot(requested) is None:
                return []  # nothing extracted (e.g. "abbrechen"): let Rasa reject the form so a rule can act
            value = self._understand(requested, tracker.get_slot(requested), today, dispatcher, tracker)
            slots[requested] = value
            try:
                answers = answers_from_slots(slots)
                validate(answers, today)
            except InvalidAnswer:  # understood, but impossible (an entry date in the future, negative months)
                dispatcher.utter_message(response=NOT_UNDERSTOOD.get(requested, "utter_hint_yes_no"))
                slots[requested] = value = None
            events.append(SlotSet(requested, value))
            if requested == "training_kind" and SECOND_TRAINING.search(text):
                slots["second_training"] = True
                events.append(SlotSet("second_training", True))

        verdict = assess(answers_from_slots(slots), today=today)
        next_slot = rare.next_question(verdict.missing, handled) if verdict.outcome == "incomplete" else None
        events.append(SlotSet("requested_slot", next_slot))
        return events

    @staticmethod
    def _rare_conditions(
        reply: str, slots: Dict[str, Any], handled: List[str], today: date, dispatcher: CollectingDispatcher
    ) -> List[str]:
        """Stores the reply to "Trifft etwas davon zu?" in `slots`; returns the conditions now handled."""
        offered = rare.pending(assess(answers_from_slots(slots), today=today).missing, handled)
        try:
            chosen = rare.parse_choice(reply, offered)
        except rare.NotAChoice:
            hint = DONT_KNOW_HINTS[rare.QUESTION] if is_dont_know(reply) else NOT_UNDERSTOOD[rare.QUESTION]
            dispatcher.utter_message(response=hint)
            return handled
        # one button at a time: asked again for the rest until "Nichts weiter"
        final = not chosen or len(chosen) == len(offered)
        slots.update(rare.answers_for(chosen, offered, final))
        done = offered if final else chosen
        return handled + [c.field for c in done if c.field not in handled]

    @staticmethod
    def _understand(field: str, raw: Any, today: date, dispatcher: CollectingDispatcher, tracker: Tracker) -> Any:
        try:
            value = parse_answer(field, str(raw), today)
        except NotUnderstood:
            faq = _faq_response(tracker)
            if faq:
                # a question in the middle of the check: answer it, then ask again
                dispatcher.utter_message(response=faq)
                dispatcher.utter_message(response="utter_back_to_check")
            else:
                dispatcher.utter_message(response=NOT_UNDERSTOOD.get(field, "utter_hint_yes_no"))
            return None
        if value == DONT_KNOW:
            if field in DONT_KNOW_MEANS:
                if field in DONT_KNOW_HINTS:
                    dispatcher.utter_message(response=DONT_KNOW_HINTS[field])
                return DONT_KNOW_MEANS[field]
            dispatcher.utter_message(response=DONT_KNOW_HINTS.get(field, "utter_hint_dont_know"))
            return None
        return _storable(value)


_AUDIENCE_INTENTS = {"i_am_youth", "i_am_parent", "i_am_company"}


def _audience_before_a_stray_intent(tracker: Tracker, requested: Optional[str]) -> Optional[str]:
    """The audience to keep when an answer in the check ("ja brauch ich") was classified as a statement
    of who asks: the slot's intent mappings apply in every turn, a button or clear words do not count."""
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    if (
        requested in (None, "audience")
        or text.startswith("/")
        or (message.get("intent") or {}).get("name") not in _AUDIENCE_INTENTS
        or any(e.get("entity") == "audience" for e in message.get("entities") or [])
    ):
        return None
    last_user = max((i for i, e in enumerate(tracker.events) if e.get("event") == "user"), default=0)
    before = [
        e.get("value") for e in tracker.events[:last_user] if e.get("event") == "slot" and e.get("name") == "audience"
    ]
    previous = before[-1] if before else None
    return previous if previous and previous != tracker.get_slot("audience") else None


def _user_texts_of_session(tracker: Tracker) -> List[str]:
    """What the person wrote since the session began, newest first."""
    texts: List[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "session_started":
            break
        if event.get("event") == "user" and event.get("text"):
            texts.append(event["text"])
    return texts


def _stated_situation(tracker: Tracker) -> Optional[str]:
    return next((found for found in map(stated_situation, _user_texts_of_session(tracker)) if found), None)


class ActionResetCheck(Action):
    """Clears earlier answers so a (re)started check begins fresh; keeps who is asking."""

    def name(self) -> Text:
        return "action_reset_check"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[EventType]:
        events: List[EventType] = [SlotSet(name, None) for name in ANSWER_SLOTS]
        events += [
            SlotSet("verdict", None),
            SlotSet("requested_slot", None),
            SlotSet(HANDLED, []),
            SlotSet(rare.QUESTION, None),
        ]
        text = (tracker.latest_message or {}).get("text") or ""
        inferred = check_asker(text)
        audience = tracker.get_slot("audience")
        if inferred in ("parent", "company") or (inferred == "youth" and audience is None):
            events.append(SlotSet("audience", inferred))
            audience = inferred
        dispatcher.utter_message(response="utter_check_intro")
        situation = _stated_situation(tracker) if audience != "company" else None
        if situation:
            # what the person already told us is not asked again, only shown back
            events.append(SlotSet("situation", situation))
            dispatcher.utter_message(
                response="utter_check_known_situation", known=dict(schema.BY_NAME["situation"].options)[situation]
            )
        return events


class ActionEligibilityVerdict(Action):
    """Runs the rules on the collected answers and explains the orientation."""

    def name(self) -> Text:
        return "action_eligibility_verdict"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[EventType]:
        slots = _answers_in_slots(tracker)
        register = register_for(slots["audience"])
        verdict = assess(answers_from_slots(slots), register="du" if register == "du" else "sie")
        dispatcher.utter_message(
            text=render(verdict, register),
            buttons=[
                {"title": "Check neu starten", "payload": "/check_eligibility"},
                {"title": "Themen anzeigen", "payload": "/help"},
            ],
        )
        # no outcome or answers in the log: they are personal data (the hotline insights count verdicts)
        logger.info("eligibility verdict sent")
        return [SlotSet("verdict", verdict.to_dict())]


class ActionSuggestTopics(Action):
    """Not sure: with two plausible topics, the likelier one is answered and the other offered
    ("Oder meinten Sie …?"); otherwise an honest "dazu habe ich keine Information" with the
    contacts (also after a second miss in a row)."""

    def name(self) -> Text:
        return "action_suggest_topics"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[EventType]:
        user_turns = [e for e in tracker.events if e.get("event") == "user"]
        previous = user_turns[-2] if len(user_turns) > 1 else None
        repeated = previous and ((previous.get("parse_data") or {}).get("intent") or {}).get("name") == "nlu_fallback"
        options = self._plausible_topics(tracker.latest_message or {})
        if repeated or len(options) < 2:
            dispatcher.utter_message(response="utter_scope")
            return []
        # the likelier topic is answered at once (a first message should get an answer, not a menu);
        # the other plausible one is offered beside it. Which one is likelier, the conversation so far
        # decides first: the topic that matches what the person wrote before.
        earlier = _earlier_text(user_turns[:-1])
        if earlier:
            keys = in_context([t.key for t in options], knowledge_retriever().scores(earlier, [t.key for t in options]))
            options = sorted(options, key=lambda t: keys.index(t.key))
        best, other = options
        dispatcher.utter_message(response=best.response)
        dispatcher.utter_message(
            response="utter_did_you_mean",
            buttons=[
                {"title": other.title, "payload": other.question},
                {"title": "Nichts davon", "payload": "/nlu_fallback"},
            ],
        )
        if len(_user_texts_of_session(tracker)) == 1:
            # a first message answered: who the bot takes the asker to be, as after any first answer
            # (the conversation_start rule of data/rules.yml)
            dispatcher.utter_message(response="utter_offer_audience")
        return []

    @staticmethod
    def _plausible_topics(message: Dict) -> list:
        """The two topics the knowledge ranker found plausible (components/knowledge_ranker.py)."""
        selector = (message.get("response_selector") or {}).get("faq") or {}
        if selector.get("decision") != "ask":
            return []
        found = []
        for entry in selector.get("ranking") or []:
            topic = topic_for_intent(entry.get("intent_response_key") or "")
            if topic and topic not in found:
                found.append(topic)
            if len(found) == 2:
                break
        return found


def _earlier_text(user_turns: List[Dict[str, Any]]) -> str:
    """What the person wrote last before this message (button payloads are not their words)."""
    for event in reversed(user_turns):
        text = (event.get("text") or "").strip()
        if text and not text.startswith("/"):
            return text
    return ""


def _last_topic(tracker: Tracker) -> Optional[str]:
    """The FAQ topic of the bot's last answer (response metadata, see scripts/build_domain.py)."""
    for event in reversed(tracker.events):
        if event.get("event") != "bot":
            continue
        metadata = event.get("metadata") or {}
        topic = (metadata.get("metadata") or {}).get("topic") or metadata.get("topic")
        if topic:
            return topic
    return None


class ActionAnswerFollowUp(Action):
    """ "und was kostet das?", "wie lange geht das?": answered for the topic of the last answer
    and for who asks (knowledge/followup.py)."""

    def name(self) -> Text:
        return "action_answer_follow_up"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[EventType]:
        message = tracker.latest_message or {}
        aspect = next(
            (e.get("value") for e in message.get("entities") or [] if e.get("entity") == "follow_up"), None
        ) or follow_up_aspect(message.get("text") or "")
        if not aspect:
            dispatcher.utter_message(response="utter_scope")
            return []
        topic = answer_for(aspect, _last_topic(tracker), tracker.get_slot("audience"))
        dispatcher.utter_message(response=f"utter_faq/{topic}")
        return []


class ActionAskSpecialCases(Action):
    """ "Trifft etwas davon zu?" with one button per rare condition the rules still need."""

    def name(self) -> Text:
        return "action_ask_special_cases"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[EventType]:
        slots = _answers_in_slots(tracker)
        handled = tracker.get_slot(HANDLED) or []
        offered = rare.pending(assess(answers_from_slots(slots)).missing, handled)
        more = any(name in rare.BY_FIELD for name in handled)
        buttons = [{"title": c.label, "payload": c.label} for c in offered]
        last = rare.NOTHING_MORE if more else rare.NONE_OF_THESE
        buttons.append({"title": last, "payload": last})
        dispatcher.utter_message(
            response="utter_ask_special_cases_more" if more else "utter_ask_special_cases", buttons=buttons
        )
        return []
