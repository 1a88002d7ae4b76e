"""A lexical second opinion: BM25 over the knowledge, with German lemmas and compound splitting.

The classifier learns from examples and can be sure of the wrong topic when someone uses words it
has rarely seen ("Berufsschulnoten", "Lehrstellensuche", "pruefungsangst"). This ranker reads
the words themselves: every FAQ topic is one document (title, canonical question, both answer
texts and the topic's own training examples), ranked with BM25 (rank-bm25).

Words are made comparable in four steps: lower case; the lemma from spaCy's German lookup table
(spacy-lookups-data, the same table the NLU uses); umlauts folded so that "Prüfung", "pruefung"
and "prufung" meet; and compounds split into words the knowledge contains
("berufsschulnoten" -> "berufsschul" + "note"). The splitter only has to find parts that occur
in the documents, because a part that occurs nowhere cannot change a BM25 score; that is why it
splits against the knowledge's own vocabulary instead of loading a general compound model
(compound-split needs 360 MB and 1.6 s per process for the same effect here).

Pure Python; no Rasa import. The NLU component components/knowledge_ranker.py uses it, and so
does everything that calls the Rasa parse (chat, hotline search).
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import yaml
from rank_bm25 import BM25Okapi

from . import ROOT, topics

_WORD = re.compile(r"[a-zäöüß0-9]+")
# Function words and chat filler: frequent everywhere, so they only blur the ranking.
STOPWORDS = frozenset(
    """
aber alle als also am an auch auf aus bei bin bis bist bitte da damit dann das dass dem den denn der des dich die
dir doch du ein eine einem einen einer es für fur gibt gibts hab habe haben hallo hast hat hi ich ihr ihre im in
ins ist ja jetzt kann kannst man mein meine meinem meinen meiner mich mir mit muss nach nicht noch nur ob oder sich
sie sind so um und uns unser unsere unseren unserem von vor war was weil wenn wer wie wir wird wo zu zum zur ne
nen is isn mal eig eigentlich echt voll halt grad gerade schon sehr viel etwas einfach dies diese dieser
""".split()
)
_FUGEN = ("", "s", "es", "n", "en", "e", "er")
_SUFFIXES = ("en", "n", "e", "s", "es", "er", "ern", "em")


def fold(word: str) -> str:
    """Case and umlauts folded, so that ä, ae and a (as typed on a phone) compare equal."""
    word = word.lower().replace("ä", "a").replace("ö", "o").replace("ü", "u").replace("ß", "ss")
    return word.replace("ae", "a").replace("oe", "o").replace("ue", "u")


def _lemma_table() -> Dict[str, str]:
    import spacy_lookups_data  # the German lookup table the spaCy pipeline uses too

    path = Path(spacy_lookups_data.__file__).parent / "data" / "de_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def words(text: str) -> List[str]:
    return [w for w in _WORD.findall((text or "").lower()) if w not in STOPWORDS and len(w) > 1]


@dataclass(frozen=True)
class Hit:
    key: str
    score: float


class Retriever:
    """BM25 over documents (key -> text); `rank(query)` gives the keys, best first."""

    def __init__(self, documents: Dict[str, str], lemmas: Optional[Dict[str, str]] = None):
        table = lemmas if lemmas is not None else _lemma_table()
        lower_table: Dict[str, str] = {}
        for surface, lemma in table.items():
            # nouns are capitalised in the table; a lower-case entry (verb, adjective) wins
            key = surface.lower()
            if key not in lower_table or surface == key:
                lower_table[key] = lemma
        raw_docs = {key: words(text) for key, text in documents.items()}
        vocabulary = {fold(lower_table.get(w, w)) for tokens in raw_docs.values() for w in tokens}
        # keep only the lemmas that can matter: those that lead to a word of the knowledge
        self._lemmas = {fold(s): fold(lem) for s, lem in lower_table.items() if fold(lem) in vocabulary}
        self.vocabulary = vocabulary
        self.keys = list(documents)
        self._bm25 = BM25Okapi([self.analyse_words(raw_docs[key]) for key in self.keys])

    def analyse(self, text: str) -> List[str]:
        return self.analyse_words(words(text))

    def analyse_words(self, tokens: Iterable[str]) -> List[str]:
        out: List[str] = []
        for token in tokens:
            out.extend(self._normalise(fold(token)))
        return out

    def _normalise(self, word: str) -> List[str]:
        known = self._known(word)
        if known:
            return [known]
        parts = self.split(word)
        return list(parts) if parts else [word]

    def _known(self, word: str) -> Optional[str]:
        if word in self.vocabulary:
            return word
        lemma = self._lemmas.get(word)
        if lemma:
            return lemma
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                stem = word[: -len(suffix)]
                if stem in self.vocabulary:
                    return stem
                if stem in self._lemmas:
                    return self._lemmas[stem]
        return None

    # one retriever per process (knowledge_retriever), so the cache cannot outlive a discarded one
    @lru_cache(maxsize=4096)  # noqa: B019
    def split(self, word: str) -> Tuple[str, ...]:
        """A compound as known words ("lehrstellensuche" -> "lehrstelle", "suche"); () if none."""
        best: Tuple[str, ...] = ()
        if len(word) < 7:
            return best
        for cut in range(3, len(word) - 2):
            head, tail = word[:cut], word[cut:]
            for fuge in _FUGEN:
                if fuge and not head.endswith(fuge):
                    continue
                base = head[: len(head) - len(fuge)] if fuge else head
                # "Schul-noten": a first part may drop its final e
                left = self._known(base) or (self._known(base + "e") if not fuge else None)
                if not left or len(left) < 3:
                    continue
                right = self._known(tail)
                rest: Tuple[str, ...] = (right,) if right else self.split(tail)
                if rest:
                    candidate = (left,) + rest
                    # fewer, longer parts are the likelier reading
                    if not best or (len(candidate), -min(map(len, candidate))) < (len(best), -min(map(len, best))):
                        best = candidate
        return best

    def scores(self, query: str, keys: Sequence[str]) -> Dict[str, float]:
        """The BM25 score of each of `keys` for the query (0.0 where nothing matches)."""
        tokens = self.analyse(query)
        if not tokens:
            return {key: 0.0 for key in keys}
        scores = self._bm25.get_scores(tokens)
        return {key: float(scores[self.keys.index(key)]) if key in self.keys else 0.0 for key in keys}

    def rank(self, query: str, limit: int = 5) -> List[Hit]:
        tokens = self.analyse(query)
        if not tokens:
            return []
        scores = self._bm25.get_scores(tokens)
        order = sorted(range(len(self.keys)), key=lambda i: -scores[i])
        return [Hit(self.keys[i], float(scores[i])) for i in order[:limit] if scores[i] > 0]


def _training_examples() -> Dict[str, List[str]]:
    examples: Dict[str, List[str]] = {}
    for path in sorted((ROOT / "nlu").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu", []):
            intent = block.get("intent", "")
            if not intent.startswith("faq/"):
                continue
            lines = [line.strip()[2:].strip() for line in block.get("examples", "").splitlines() if line.strip()]
            examples.setdefault(intent[4:], []).extend(lines)
    return examples


def topic_documents(extra: Optional[Dict[str, Sequence[str]]] = None) -> Dict[str, str]:
    """One document per FAQ topic: its texts and the examples written for it."""
    examples = _training_examples() if extra is None else extra
    return {key: "\n".join([t.title, t.question, t.du, t.sie, *examples.get(key, [])]) for key, t in topics().items()}


@lru_cache(maxsize=1)
def knowledge_retriever() -> Retriever:
    return Retriever(topic_documents())
