"""Which messages the language check (components/language.py) takes for German, and when it asks langdetect."""

import pytest

pytest.importorskip("langdetect")

from components import language  # noqa: E402


@pytest.fixture
def detector_calls(monkeypatch):
    calls = []
    original = language._langdetect

    def counting(text, allowed, min_probability):
        calls.append(text)
        return original(text, allowed, min_probability)

    monkeypatch.setattr(language, "_langdetect", counting)
    return calls


@pytest.mark.parametrize(
    "text",
    [
        # plain German whose words are mostly base forms (the lemma table lists those only as lemmas)
        "mindestens wie viele stunden pro woche vorphase",
        "gibts die vorphase in meiner region",
        "ist die vorphase in jedem bezirk verfügbar",
        "privat ist grad alles chaos",
    ],
)
def test_german_made_of_base_forms_is_german_without_asking_langdetect(text, detector_calls):
    assert language.foreign_language(text) is None
    assert detector_calls == []


@pytest.mark.parametrize(
    "text,code",
    [
        ("Hello, can you tell me how to apply for assisted training?", "en"),
        ("How long does the support last?", "en"),
        ("my son has bad grades at vocational school", "en"),
        ("Can companies apply too?", "en"),
        ("Merhaba, çıraklık hakkında bilgi almak istiyorum", "tr"),
        ("Dzień dobry, szukam miejsca na praktykę zawodową", "pl"),
    ],
)
def test_other_languages_are_still_recognised(text, code):
    assert language.foreign_language(text) == code


def test_a_base_form_counts_as_german_but_english_words_do_not():
    assert language.is_german_word("woche") and language.is_german_word("Region")
    assert not any(language.is_german_word(word) for word in ("how", "long", "does", "apply", "school"))
