"""Read access to the assistant's knowledge: the FAQ answers and the brochure.

knowledge/faq.yml is the single source of every FAQ answer; the Rasa domain,
the hotline tool, the API and the tests read it through this module.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional

import yaml

ROOT = Path(__file__).resolve().parent.parent
FAQ_FILE = Path(__file__).resolve().parent / "faq.yml"
SEED_DIR = Path(os.environ.get("ASA_SEED_DIR", ROOT.parent / "shared" / "seed"))
RETRIEVAL_INTENT = "faq"


@dataclass(frozen=True)
class Topic:
    key: str
    title: str
    question: str
    chapter: str
    du: str
    sie: str
    # for companies: their own text, or another topic that answers them ("where do I sign up")
    betrieb: str = ""
    for_company: str = ""

    @property
    def intent(self) -> str:
        return f"{RETRIEVAL_INTENT}/{self.key}"

    @property
    def response(self) -> str:
        return f"utter_{self.intent}"

    def text(self, audience: Optional[str]) -> str:
        if audience == "company":
            return self.company_text()
        return self.du if audience == "youth" else self.sie

    def company_text(self) -> str:
        if self.for_company:
            return topics()[self.for_company].company_text()
        return self.betrieb or self.sie


@lru_cache(maxsize=1)
def topics() -> Dict[str, Topic]:
    raw = yaml.safe_load(FAQ_FILE.read_text(encoding="utf-8"))
    return {key: Topic(key=key, **{k: str(v).strip() for k, v in entry.items()}) for key, entry in raw.items()}


def topic_for_intent(intent: str) -> Optional[Topic]:
    prefix = RETRIEVAL_INTENT + "/"
    return topics().get(intent[len(prefix) :]) if intent and intent.startswith(prefix) else None


_HEADING = re.compile(r"^(\d{1,2}(?:\.\d+)*)\s+(\S.*)$")


@lru_cache(maxsize=1)
def brochure_sections() -> Dict[str, str]:
    """Brochure text by chapter number ("2.2.1" -> its paragraphs), from the seed file."""
    files = sorted(SEED_DIR.glob("*.txt"))
    if not files:
        return {}
    lines = files[0].read_text(encoding="utf-8").splitlines()
    sections: Dict[str, List[str]] = {}
    current = None
    for line in lines:
        if line.strip() in ("Vorwort", "Inhalt"):
            current = "Vorwort" if line.strip() == "Vorwort" else None
            sections.setdefault("Vorwort", [])
            continue
        match = _HEADING.match(line.strip())
        if match and "\t" not in line and len(match.group(2)) < 90:
            current = match.group(1)
            sections.setdefault(current, [])
            continue
        if line.strip().startswith("Ansprechpartner/Impressum"):
            current = "Impressum"
            sections.setdefault(current, [])
            continue
        if current and line.strip():
            sections[current].append(line.strip())
    return {key: "\n".join(value) for key, value in sections.items()}


def passage(chapter: str) -> str:
    """The brochure text behind a chapter key; '2.1, 3' joins several."""
    sections = brochure_sections()
    parts = [sections.get(key.strip(), "") for key in chapter.split(",")]
    return "\n\n".join(p for p in parts if p)
