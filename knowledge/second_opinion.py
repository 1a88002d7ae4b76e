"""Combine the classifier's FAQ ranking with the lexical ranking, and decide what to do.

Pure Python (no Rasa import): components/knowledge_ranker.py calls `decide` for every message.

Three outcomes:
- "answer": one topic is clearly ahead -> answer it.
- "ask": two plausible topics are close -> "Meinten Sie …?" with exactly those two.
- "unknown": nothing plausible -> an honest "dazu habe ich keine Information" with the contacts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

# How much each opinion counts. The classifier is strong on wordings like its training data,
# the lexical ranker on rare words and compounds it has not seen.
CLASSIFIER_WEIGHT = 0.55
# BM25 scores grow with the number of matching words; from this score on the lexical evidence
# counts fully (about three distinctive words of a topic).
FULL_EVIDENCE = 9.0
# Set on the held-out set (tests/nlu_test.yml), never on the real-world set.
ANSWER_AT = 0.42  # combined score of the best topic to answer without asking
ANSWER_MARGIN = 0.08  # lead over the second topic to answer without asking
PLAUSIBLE_AT = 0.3  # both topics at least this good for "Meinten Sie …?"


@dataclass
class Decision:
    action: str  # "answer", "ask" or "unknown"
    ranking: List[Tuple[str, float]] = field(default_factory=list)  # (topic, combined score), best first

    @property
    def topic(self) -> Optional[str]:
        return self.ranking[0][0] if self.action == "answer" else None

    @property
    def options(self) -> List[str]:
        return [key for key, _ in self.ranking[:2]] if self.action == "ask" else []


def combine(
    classifier: Dict[str, float], lexical: Sequence[Tuple[str, float]], faq_confidence: float = 1.0
) -> List[Tuple[str, float]]:
    """Combined score per topic, best first.

    `classifier`: the response selector's confidence per topic, scaled by how sure the intent
    classifier is that this is an FAQ question at all (`faq_confidence`).
    `lexical`: BM25 scores, best first; normalised by the best one and weighted by how much
    evidence there is, so that a single weak word match cannot win on its own.
    """
    best = lexical[0][1] if lexical else 0.0
    evidence = min(1.0, best / FULL_EVIDENCE) if best > 0 else 0.0
    lex = {key: (score / best) * evidence for key, score in lexical} if best > 0 else {}
    keys = set(classifier) | set(lex)
    scores = {
        key: CLASSIFIER_WEIGHT * classifier.get(key, 0.0) * faq_confidence + (1 - CLASSIFIER_WEIGHT) * lex.get(key, 0.0)
        for key in keys
    }
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


def in_context(options: Sequence[str], earlier: Dict[str, float]) -> List[str]:
    """The two close topics of an "ask", the one the conversation was already about first.

    `earlier`: how well each option matches what the person wrote before (lexical scores).
    "wer zahlt die Gebühren für die Wiederholungsprüfung?" is close to both the AsA's costs
    and the exam fees; after "bin durch die Prüfung gefallen" it is about the exam.
    """
    best, other = options[0], options[1]
    return [other, best] if earlier.get(other, 0.0) > earlier.get(best, 0.0) else [best, other]


def decide(classifier: Dict[str, float], lexical: Sequence[Tuple[str, float]], faq_confidence: float = 1.0) -> Decision:
    ranking = combine(classifier, lexical, faq_confidence)
    if not ranking:
        return Decision("unknown", [])
    top = ranking[0][1]
    second = ranking[1][1] if len(ranking) > 1 else 0.0
    if top >= ANSWER_AT and top - second >= ANSWER_MARGIN:
        return Decision("answer", ranking)
    if top >= PLAUSIBLE_AT and second >= PLAUSIBLE_AT:
        return Decision("ask", ranking)
    if top >= PLAUSIBLE_AT and top - second >= ANSWER_MARGIN:
        return Decision("answer", ranking)  # weak, but the only plausible topic
    return Decision("unknown", ranking)
