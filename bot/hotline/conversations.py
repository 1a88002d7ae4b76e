"""Read-only transcript of one conversation, for the hotline's conversation lookup.

The tracker comes from the Rasa server's HTTP API (token, loopback), so the lookup works
the same with the SQLite default and the PostgreSQL profile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import List, Optional

import httpx

from actions.eligibility.presentation import PHASE_NAMES

# the widget and the messengers create ids of this shape; anything else is refused before any request
CONVERSATION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:+@-]{2,127}$")

OUTCOME_NAMES = {
    "likely_eligible": "wahrscheinlich möglich",
    "not_eligible": "wohl nicht möglich",
    "case_by_case": "Einzelfallentscheidung",
    "incomplete": "Angaben unvollständig",
}


@dataclass
class Line:
    at: str
    who: str  # "Person", "Bot", "Ergebnis"
    text: str
    buttons: List[str] = field(default_factory=list)
    detail: str = ""


@dataclass
class Transcript:
    conversation_id: str
    lines: List[Line]

    @property
    def verdicts(self) -> List[Line]:
        return [line for line in self.lines if line.who == "Ergebnis"]


def _time(timestamp: Optional[float]) -> str:
    return datetime.fromtimestamp(timestamp).strftime("%d.%m.%Y %H:%M:%S") if timestamp else ""


def transcript_from_events(conversation_id: str, events: List[dict]) -> Transcript:
    lines: List[Line] = []
    for event in events:
        kind = event.get("event")
        at = _time(event.get("timestamp"))
        if kind == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name") or ""
            lines.append(Line(at, "Person", event.get("text") or "", detail=intent))
        elif kind == "bot":
            buttons = [b.get("title", "") for b in (event.get("data") or {}).get("buttons") or []]
            lines.append(Line(at, "Bot", event.get("text") or "", buttons))
        elif kind == "slot" and event.get("name") == "verdict" and isinstance(event.get("value"), dict):
            verdict = event["value"]
            outcome = OUTCOME_NAMES.get(verdict.get("outcome"), verdict.get("outcome", ""))
            phase = PHASE_NAMES.get(verdict.get("phase") or "", "")
            rules = ", ".join(r.get("rule", "") for r in verdict.get("reasons") or [])
            lines.append(Line(at, "Ergebnis", f"{outcome}{' – ' + phase if phase else ''}", detail=rules))
    return Transcript(conversation_id, lines)


async def fetch_transcript(conversation_id: str, rasa_url: str, token: str) -> Optional[Transcript]:
    """None when the id is unknown (Rasa answers an empty tracker for any id)."""
    async with httpx.AsyncClient(timeout=10.0) as client:
        response = await client.get(
            f"{rasa_url}/conversations/{conversation_id}/tracker", params={"token": token, "include_events": "ALL"}
        )
        response.raise_for_status()
    events = response.json().get("events") or []
    if not any(e.get("event") == "user" for e in events):
        return None
    return transcript_from_events(conversation_id, events)
