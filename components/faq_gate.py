"""Rasa NLU component: a FAQ question whose topic is unclear counts as not understood.

The intent classifier can be fairly sure that a message is *some* FAQ question
("qwertz asdf" looks like one to character n-grams) while the ResponseSelector
has no idea *which*. Answering with a random topic is worse than asking back, so
such messages become `nlu_fallback` ("Meinten Sie …?" with the best topics).
"""
from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class FaqTopicGate(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"retrieval_intent": "faq", "threshold": 0.3, "fallback_intent": "nlu_fallback"}

    def __init__(self, config: Dict[str, Any]) -> None:
        self.config = config

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "FaqTopicGate":
        return cls({**cls.get_default_config(), **config})

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            if intent.get("name") != self.config["retrieval_intent"]:
                continue
            selected = (message.get("response_selector") or {}).get(self.config["retrieval_intent"], {})
            confidence = (selected.get("response") or {}).get("confidence", 0.0)
            if confidence < self.config["threshold"]:
                fallback = {"name": self.config["fallback_intent"], "confidence": 1.0 - confidence}
                message.set(INTENT, fallback, add_to_output=True)
                ranking = message.get(INTENT_RANKING_KEY) or []
                message.set(INTENT_RANKING_KEY, [fallback] + ranking, add_to_output=True)
        return messages
