"""Decide whether a message is clearly *not* German.

Pure Python (no Rasa import) so it can be tested and reused anywhere.
The bias is deliberate: German with typos, slang, missing umlauts or single
words must never be taken for another language, so we only answer "foreign"
when the script, or a long enough Latin-script text with few German words,
makes it clear.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from langdetect import DetectorFactory, LangDetectException, detect_langs

SUPPORTED = ("en", "tr", "ar", "uk", "ru", "pl")

DetectorFactory.seed = 0  # langdetect is random by default; fix it for reproducible answers

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_UKRAINIAN_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_RUSSIAN_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")
_TURKISH_ONLY = re.compile(r"[şğıŞĞİ]")
_POLISH_ONLY = re.compile(r"[łąężźćńŁĄĘŻŹĆŃ]")
_MIN_LATIN_WORDS = 3
_MAX_GERMAN_SHARE = 0.5
_MIN_PROBABILITY = 0.90

# Words that are not in the lemma table but are everyday German in this domain.
_EXTRA_GERMAN = {
    "asa",
    "azubi",
    "azubis",
    "eq",
    "bab",
    "abh",
    "bvb",
    "jobcenter",
    "ok",
    "okay",
    "hallo",
    "hi",
    "hey",
    "nö",
    "nee",
    "jo",
    "ne",
    "bzw",
    "usw",
    "ca",
    "mfg",
    "lg",
    "pls",
    "bitte",
    "danke",
    "und",
    "oder",
    "ich",
    "du",
    "wir",
    "ihr",
    "sie",
    "es",
    "er",
    "is",
    "isch",
    "des",
    "net",
    "nix",
    "wat",
    "dat",
    "kp",
    "ka",
    # brand and loan words the brochure and users use in German sentences
    "power",
    "me",
    "bayme",
    "vbm",
    "vbw",
    "flex",
    "digital",
    "online",
    "team",
    "coach",
    "job",
    "jobs",
    "hotline",
    "e",
    "learning",
    "app",
    "apps",
    "video",
    "chat",
    "bot",
    "chatbot",
    "info",
    "infos",
    "check",
    "service",
    "hr",
}


@lru_cache(maxsize=1)
def _german_words():
    from spacy.lookups import load_lookups

    return load_lookups("de", ["lemma_lookup"]).get_table("lemma_lookup")


@lru_cache(maxsize=1)
def _german_lemmas() -> frozenset:
    # The table's keys are only the inflected forms whose lemma differs ("Stunden", "viele"); base forms
    # ("Woche", "Region", "Stunde") are only among its values. Without them a plain German question such as
    # "mindestens wie viele stunden pro woche vorphase" counted as less than half German and went to
    # langdetect (up to 90 ms for one message), and "privat ist grad alles chaos" was even taken for English.
    return frozenset(_german_words().values())


def _umlauts(word: str) -> str:
    return word.replace("ae", "ä").replace("oe", "ö").replace("ue", "ü")


def is_german_word(word: str) -> bool:
    table, lemmas = _german_words(), _german_lemmas()
    lower = word.lower()
    if lower in _EXTRA_GERMAN:
        return True
    for candidate in {word, lower, lower.capitalize(), _umlauts(lower), _umlauts(lower).capitalize()}:
        if candidate in table or candidate in lemmas:
            return True
    return False


def foreign_language(text: Optional[str]) -> Optional[str]:
    """Return the ISO code of a supported foreign language, or None for German/unclear."""
    if not text:
        return None
    text = text.strip()
    if not text or text.startswith("/"):
        return None  # button payloads
    if _ARABIC.search(text):
        return "ar"
    if _CYRILLIC.search(text):
        if _UKRAINIAN_ONLY.search(text):
            return "uk"
        if _RUSSIAN_ONLY.search(text):
            return "ru"
        return _langdetect(text, allowed=("uk", "ru"), min_probability=0.0) or "ru"
    words = _WORD.findall(text)
    if _TURKISH_ONLY.search(text) and len(words) >= 1 and not _mostly_german(words):
        return "tr"
    if _POLISH_ONLY.search(text) and len(words) >= 1 and not _mostly_german(words):
        return "pl"
    if len(words) < _MIN_LATIN_WORDS or _mostly_german(words):
        return None
    return _langdetect(text, allowed=("en", "tr", "pl"), min_probability=_MIN_PROBABILITY)


def _mostly_german(words) -> bool:
    german = sum(1 for w in words if is_german_word(w))
    return german / len(words) >= _MAX_GERMAN_SHARE


def _langdetect(text: str, allowed, min_probability: float) -> Optional[str]:
    try:
        ranked = detect_langs(text)
    except LangDetectException:
        return None
    top = ranked[0]
    if top.lang in allowed and top.prob >= min_probability:
        return top.lang
    return None
