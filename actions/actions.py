"""Rasa custom actions. Thin on purpose: the rules live in actions.eligibility,
the answer texts in knowledge/faq.yml and domain.yml."""
from __future__ import annotations

import logging
from datetime import date
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.eligibility import InvalidAnswer, assess, validate
from actions.eligibility.model import ANSWER_SLOTS, answers_from_slots, register_for
from actions.eligibility.parsing import (
    DONT_KNOW,
    SECOND_TRAINING,
    NotUnderstood,
    correction_of_situation,
    infer_audience,
    parse_answer,
)
from actions.eligibility.presentation import render
from knowledge import topic_for_intent

logger = logging.getLogger(__name__)

FORM = "eligibility_form"
# What to say when an answer is not understood, by question (responses in domain.yml) ...
NOT_UNDERSTOOD = {"entry_date": "utter_hint_date", "training_start": "utter_hint_date",
                  "german_level": "utter_hint_level", "vorphase_months": "utter_hint_number",
                  "hours_per_week": "utter_hint_number", "months_since_training_end": "utter_hint_number",
                  "months_since_employment_start": "utter_hint_number", "audience": "utter_hint_choice",
                  "situation": "utter_hint_choice", "residence_status": "utter_hint_choice",
                  "training_kind": "utter_hint_choice", "lives_abroad": "utter_hint_choice"}
# ... and when the person does not know the answer.
DONT_KNOW_HINTS = {"school_obligation": "utter_hint_school_obligation", "german_level": "utter_hint_level"}
# Questions where "weiß nicht" is an answer: unclear counts like "no" (V-ASYL-SKILLS: case by case).
DONT_KNOW_MEANS = {"transition_expected": False}
FAQ_CONFIDENCE = 0.6


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
        slots = {name: tracker.get_slot(name) for name in ANSWER_SLOTS + ("audience",)}
        requested = tracker.get_slot("requested_slot")
        text = (tracker.latest_message or {}).get("text") or ""
        events: List[EventType] = []
        today = date.today()

        correction = correction_of_situation(text) if slots.get("audience") != "company" else None
        if requested and correction and requested != "situation" and correction != slots.get("situation"):
            # "nein, ich habe doch schon einen Vertrag": start over from the corrected situation
            for name in ANSWER_SLOTS:
                if slots.get(name) is not None or name == requested:
                    slots[name] = None
                    events.append(SlotSet(name, None))
            slots["situation"] = correction
            events.append(SlotSet("situation", correction))
            dispatcher.utter_message(response="utter_correction_taken")
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
        next_slot = verdict.missing[0] if verdict.outcome == "incomplete" else None
        events.append(SlotSet("requested_slot", next_slot))
        return events

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
                return DONT_KNOW_MEANS[field]
            dispatcher.utter_message(response=DONT_KNOW_HINTS.get(field, "utter_hint_dont_know"))
            return None
        return _storable(value)


class ActionResetCheck(Action):
    """Clears earlier answers so a (re)started check begins fresh; keeps who is asking."""

    def name(self) -> Text:
        return "action_reset_check"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[EventType]:
        events: List[EventType] = [SlotSet(name, None) for name in ANSWER_SLOTS]
        events += [SlotSet("verdict", None), SlotSet("requested_slot", None)]
        text = (tracker.latest_message or {}).get("text") or ""
        inferred = infer_audience(text) if not text.startswith("/") else None
        audience = tracker.get_slot("audience")
        if inferred in ("parent", "company") or (inferred == "youth" and audience is None):
            events.append(SlotSet("audience", inferred))
        dispatcher.utter_message(response="utter_check_intro")
        return events


class ActionEligibilityVerdict(Action):
    """Runs the rules on the collected answers and explains the orientation."""

    def name(self) -> Text:
        return "action_eligibility_verdict"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[EventType]:
        slots = {name: tracker.get_slot(name) for name in ANSWER_SLOTS + ("audience",)}
        register = register_for(slots["audience"])
        verdict = assess(answers_from_slots(slots), register="du" if register == "du" else "sie")
        dispatcher.utter_message(text=render(verdict, register),
                                 buttons=[{"title": "Check neu starten", "payload": "/check_eligibility"},
                                          {"title": "Themen anzeigen", "payload": "/help"}])
        # no outcome or answers in the log: they are personal data (the hotline insights count verdicts)
        logger.info("eligibility verdict sent")
        return [SlotSet("verdict", verdict.to_dict())]


class ActionSuggestTopics(Action):
    """Not understood: "Meinten Sie …?" only when two plausible topics remain; otherwise an honest
    "dazu habe ich keine Information" with the contacts (also after a second miss in a row)."""

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
        buttons = [{"title": t.title, "payload": t.question} for t in options]
        buttons.append({"title": "Nichts davon", "payload": "/nlu_fallback"})
        dispatcher.utter_message(response="utter_did_you_mean", buttons=buttons)
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
