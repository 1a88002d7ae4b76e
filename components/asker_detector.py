"""Rasa NLU component: an `audience` entity when a message says who writes.

"Mein Sohn …" -> parent, "unser Azubi …" -> company, "ich bin im zweiten Lehrjahr" -> youth
(knowledge/asker.py). The `audience` slot is mapped from this entity (domain.yml), so du/Sie
and the company's answers follow the person's own words in the same turn, without the
audience buttons. A later statement or a button corrects it.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from knowledge.asker import detect_asker

ENTITY = "audience"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class AskerDetector(GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "AskerDetector":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            asker = detect_asker(text)
            if not asker:
                continue
            entity = {"entity": ENTITY, "value": asker, "start": 0, "end": len(text), "extractor": type(self).__name__}
            message.set(ENTITIES, (message.get(ENTITIES) or []) + [entity], add_to_output=True)
        return messages
