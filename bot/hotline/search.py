"""Hotline search: a caller's question -> the three best FAQ answers, from the trained NLU model.

The model's response selector ranks every FAQ topic for any message; the same ranking
decides the bot's answer, so the hotline and the chat never disagree. `rank` works on
a Rasa parse result, whether it came from the running server or an in-process model
(scripts/search_report.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional

import httpx

from knowledge import RETRIEVAL_INTENT, Topic, passage, topic_for_intent

TOP_N = 3
MAX_QUERY_CHARS = 500

# intents for which the hotline points to a tool instead of an FAQ answer
TOOL_HINTS = {
    "check_eligibility": "Die Frage klingt nach dem Eignungs-Check: „Kann ich / kann mein Kind mitmachen?“",
    "human_handoff": "Die Person möchte einen Menschen sprechen: Agentur für Arbeit, Jobcenter oder "
    "Arbeitgeber-Service.",
}


@dataclass(frozen=True)
class Hit:
    topic: Topic
    confidence: float

    @property
    def passage(self) -> str:
        return passage(self.topic.chapter)


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: List[Hit]
    intent: str
    intent_confidence: float

    @property
    def hint(self) -> Optional[str]:
        return TOOL_HINTS.get(self.intent)


def rank(parse: dict, n: int = TOP_N) -> List[Hit]:
    selector = (parse.get("response_selector") or {}).get(RETRIEVAL_INTENT) or {}
    hits: List[Hit] = []
    for entry in selector.get("ranking") or []:
        topic = topic_for_intent(entry.get("intent_response_key", ""))
        if topic and topic not in [h.topic for h in hits]:
            hits.append(Hit(topic, float(entry.get("confidence", 0.0))))
        if len(hits) == n:
            break
    return hits


def result_from_parse(query: str, parse: dict) -> SearchResult:
    intent = parse.get("intent") or {}
    return SearchResult(query, rank(parse), intent.get("name") or "", float(intent.get("confidence") or 0.0))


async def search(query: str, rasa_url: str, token: str) -> SearchResult:
    """Asks the running Rasa server (HTTP API, token-protected, loopback only)."""
    text = query.strip()[:MAX_QUERY_CHARS]
    async with httpx.AsyncClient(timeout=10.0) as client:
        response = await client.post(f"{rasa_url}/model/parse", params={"token": token}, json={"text": text})
        response.raise_for_status()
        return result_from_parse(text, response.json())
