"""Rasa NLU component: the classifier's FAQ topic checked against a lexical ranking.

Runs after the ResponseSelector and the FallbackClassifier. For every message that is an FAQ
question, not understood, or out of scope, it combines the response selector's ranking with
BM25 over the knowledge (knowledge/retrieval.py) and decides (knowledge/second_opinion.py):
answer one topic, ask "Meinten Sie …?" with the two plausible ones, or admit that it does not
know. The combined ranking replaces the response selector's, so the chat, the "Meinten Sie"
buttons and the hotline search (which reads the same parse) all use one understanding.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from actions.eligibility.rare import CONDITIONS, NONE_OF_THESE, NOTHING_MORE
from knowledge.check_request import asks_to_join
from knowledge.followup import MONEY, default_topic, follow_up_aspect
from knowledge.retrieval import knowledge_retriever
from knowledge.second_opinion import ANSWER_AT, Decision, decide

FAQ = "faq"
FALLBACK = "nlu_fallback"
# intents whose messages may really be knowledge questions worded unlike the training data
_REVIEWED = {FAQ, FALLBACK, "out_of_scope"}
# "und für uns als Betrieb?" also sounds like a statement of who asks: a follow-up all the same
_MAY_FOLLOW_UP = _REVIEWED | {"i_am_youth", "i_am_parent", "i_am_company", "inform"}
# the entity that sends a follow-up to action_answer_follow_up (data/rules.yml)
FOLLOW_UP_ENTITY = "follow_up"
# "abbrechen" alone is the check's stop command (the check says so); it must never depend on the
# classifier, which also learns "Ausbildung abbrechen" as a question about quitting the training
STOP = "stop"
_STOP_COMMAND = re.compile(
    r"^\s*(?:abbrechen|abbruch|stopp?|aufh[öo]ren|beenden|check (?:abbrechen|beenden))\s*[.!]*\s*$", re.I
)
# "… hat aufgegeben. kann er bei der asa mitmachen?" asks for the check, whatever the description
# before it sounds like (knowledge/check_request.py)
CHECK = "check_eligibility"
# The check's buttons send their titles as text. They are answers to the check, never commands:
# "Nichts weiter" must not depend on the classifier, which also learns "nicht weiter machen" as a stop.
ANSWER = "inform"
_CHECK_BUTTONS = frozenset(title.lower() for title in (NONE_OF_THESE, NOTHING_MORE, *(c.label for c in CONDITIONS)))


def _selection(key: str, confidence: float) -> Dict[str, Any]:
    return {
        "id": None,
        "responses": None,
        "response_templates": None,
        "confidence": confidence,
        "intent_response_key": f"{FAQ}/{key}",
        "utter_action": f"utter_{FAQ}/{key}",
        "template_name": f"utter_{FAQ}/{key}",
    }


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class KnowledgeRanker(GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "KnowledgeRanker":
        knowledge_retriever()  # built once at model load, not at the first message
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if _STOP_COMMAND.match(text):
                self._force(message, STOP)
            elif text.strip().lower() in _CHECK_BUTTONS:
                self._force(message, ANSWER)
            elif asks_to_join(text):
                self._force(message, CHECK)
            else:
                self._review(message)
        return messages

    @staticmethod
    def _force(message: Message, intent: str) -> None:
        forced = {"name": intent, "confidence": 1.0}
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != intent]
        message.set(INTENT, forced, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [forced] + ranking, add_to_output=True)

    @staticmethod
    def _review(message: Message) -> None:
        intent = (message.get(INTENT) or {}).get("name")
        text = message.get(TEXT) or ""
        if not text or text.startswith("/"):
            return
        # "krieg ich da eigentlich Geld?" sounds like "krieg ich die AsA?" to the classifier, but asks
        # about money for the person: a follow-up, never a request for the check
        money_follow_up = intent == CHECK and follow_up_aspect(text) == MONEY
        if intent not in _MAY_FOLLOW_UP and not money_follow_up:
            return
        ranking = message.get(INTENT_RANKING_KEY) or []
        faq_confidence = next((r.get("confidence", 0.0) for r in ranking if r.get("name") == FAQ), 0.0)
        selector = message.get("response_selector") or {}
        current = selector.get(FAQ) or {}
        classifier = {
            entry["intent_response_key"].split("/", 1)[1]: float(entry.get("confidence", 0.0))
            for entry in current.get("ranking") or []
            if "/" in entry.get("intent_response_key", "")
        }
        lexical = [(hit.key, hit.score) for hit in knowledge_retriever().rank(text, limit=10)]
        decision = decide(classifier, lexical, faq_confidence)
        aspect = MONEY if money_follow_up else follow_up_aspect(text, decision.topic)
        if aspect:
            # answered from the aspect's general topic here; the action picks the one for the context
            general = default_topic(aspect)
            best = max(ANSWER_AT, decision.ranking[0][1] if decision.ranking else 0.0)
            decision = Decision("answer", [(general, best)] + [r for r in decision.ranking if r[0] != general])
            entity = {
                "entity": FOLLOW_UP_ENTITY,
                "value": aspect,
                "start": 0,
                "end": len(text),
                "extractor": "KnowledgeRanker",
            }
            message.set(ENTITIES, (message.get(ENTITIES) or []) + [entity], add_to_output=True)
        elif intent not in _REVIEWED:
            return
        if intent == "out_of_scope" and decision.action != "answer":
            return  # a clear out-of-scope message stays one
        selector[FAQ] = {
            **current,
            "response": _selection(*decision.ranking[0])
            if decision.action == "answer"
            else (current.get("response") or {}),
            "ranking": [
                {"id": None, "confidence": score, "intent_response_key": f"{FAQ}/{key}"}
                for key, score in decision.ranking[:10]
            ],
            "decision": decision.action,
            # the two opinions as they came in, for the hotline's and the reports' explanations
            "classifier_ranking": current.get("ranking") or [],
            "lexical_ranking": [{"key": key, "score": score} for key, score in lexical],
            "faq_confidence": faq_confidence,
        }
        message.set("response_selector", selector, add_to_output=True)
        if decision.action == "answer":
            new_intent = {"name": FAQ, "confidence": decision.ranking[0][1]}
        else:
            new_intent = {"name": FALLBACK, "confidence": 1.0 - (decision.ranking[0][1] if decision.ranking else 0.0)}
        # the classifier's own ranking stays below the decision (as the FallbackClassifier keeps it)
        others = [
            r
            for r in ranking
            if r.get("name") != FALLBACK
            and not (decision.action == "answer" and r.get("name") == FAQ)
            and r.get("name") != new_intent["name"]
        ]
        message.set(INTENT, new_intent, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [new_intent] + others, add_to_output=True)
