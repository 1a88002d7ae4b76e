"""The knowledge and the training data agree: every FAQ topic is answerable, cited and tested."""

import re
from collections import Counter
from pathlib import Path

import yaml

from knowledge import brochure_sections, passage, topics

ROOT = Path(__file__).resolve().parent.parent


def examples(path):
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    for block in data.get("nlu", []):
        for line in block["examples"].splitlines():
            if line.strip():
                yield block["intent"], line.strip()[2:].strip()


def training():
    return [pair for path in sorted((ROOT / "nlu").glob("*.yml")) for pair in examples(path)]


def test_every_topic_has_training_data_and_every_faq_intent_an_answer():
    trained = {intent for intent, _ in training() if intent.startswith("faq/")}
    assert trained == {t.intent for t in topics().values()}


def test_at_least_20_training_examples_per_intent():
    counts = Counter(intent for intent, _ in training())
    assert min(counts.values()) >= 20, [i for i, n in counts.items() if n < 20]


def test_held_out_set_has_5_per_intent_and_never_overlaps_training():
    held_out = list(examples(ROOT / "tests" / "nlu_test.yml"))
    counts = Counter(intent for intent, _ in held_out)
    assert set(counts) == {intent for intent, _ in training()}
    assert min(counts.values()) >= 5
    seen = {text.lower() for _, text in training()}
    assert not [text for _, text in held_out if text.lower() in seen]


def test_each_answer_is_short_plain_and_has_both_registers():
    for topic in topics().values():
        for text in (topic.du, topic.sie):
            sentences = [s for s in re.split(r"(?<=[a-zäöüß)][.!?])\s+(?=[A-ZÄÖÜ])", text) if s]
            assert 1 <= len(sentences) <= 4, (topic.key, text)
        assert re.search(r"\b(du|dich|dir|dein\w*)\b", topic.du, re.I) or topic.key in {
            "phasen",
            "vorphase_dauer",
            "zahlen_bayern",
            "rechtsgrundlage",
            "abh",
            "power_me",
            "asa_digital",
            "zielgruppe_betriebe",
            "akteure",
            "kosten",
            "freiwillig",
            "eintritt",
            "foerderdauer",
            "alter",
            "kooperationsvereinbarung",
            "erstausbildende_betriebe",
            "vorphase_betriebe",
            "lehrkraefte",
            "regionale_akteure",
            "betrieb_zeitumfang",
            "pflege",
            "sprachniveau",
            "entscheidung",
            "anmeldung_betriebe",
            "berufseinstiegsbegleitung",
            "was_ist_asa",
            "begleitende_phase",
            "foerderunterricht",
        }, topic.key
        assert not re.search(r"\b(du|dich|dir|dein\w*)\b", topic.sie), (topic.key, "du in the Sie text")


def test_every_chapter_cited_exists_in_the_brochure():
    from knowledge import SEED_DIR

    sections = brochure_sections()
    # the hotline shows these passages too: without the brochure the project is not complete
    assert sections, f"no brochure in {SEED_DIR}: put ../shared/ beside the repository or set ASA_SEED_DIR"
    assert {"1", "2.1", "2.2.1", "2.2.1.2", "2.2.2.2", "2.3", "2.4", "2.5", "3"} <= set(sections)
    for topic in topics().values():
        if topic.chapter.startswith("§"):
            continue  # from the law, not the brochure (see ../shared/domain)
        assert passage(topic.chapter), (topic.key, topic.chapter)


WORDS = {"1": "ein", "2": "zwei", "3": "drei", "6": "sechs", "8": "acht", "12": "zwölf"}


RULES_FILE = ROOT.parent / "shared" / "domain" / "eligibility-rules.md"


def test_figures_in_answers_are_in_the_cited_passage():
    for topic in topics().values():
        text = passage(topic.chapter)
        if not text:
            continue
        if "§" in topic.chapter and RULES_FILE.exists():
            text += "\n" + RULES_FILE.read_text(encoding="utf-8")  # a figure from the law
        for number in re.findall(r"\b\d[\d.]*\d\b|\b\d\b", topic.sie):
            if number in {"1", "2", "3"} and topic.key in {"phasen"}:
                continue
            assert (
                number in text
                or number.replace(".", "") in text.replace(".", "")
                or WORDS.get(number, "@") in text.lower()
            ), (topic.key, number)


def test_no_answer_opens_with_a_bare_yes_or_no():
    # the same answer serves "Gibt es Nachhilfe?" and "nachhilfe": it must make sense as a first message
    for topic in topics().values():
        for text in (topic.du, topic.sie):
            assert not re.match(r"^(Ja|Nein)\b", text), (topic.key, text[:40])


def test_problem_answers_name_the_asa_say_it_is_free_and_where_to_go():
    for key in (
        "foerderunterricht",
        "pruefungsvorbereitung",
        "pruefung_nicht_bestanden",
        "konflikt_betrieb",
        "abbruch_gedanken",
        "private_probleme",
        "keine_lehrstelle",
    ):
        topic = topics()[key]
        for text in (topic.du, topic.sie):
            assert re.search(r"Assistierte\w* Ausbildung \(AsA\)", text), key
            assert re.search(r"kostenlos|kostet dich nichts", text), key
            assert re.search(r"Agentur für Arbeit|Jobcenter", text), key


def test_referral_answers_say_what_is_unknown_and_who_answers_it():
    contacts = {
        "ref_geld": "Kammer",
        "ref_vertrag": "Kammer",
        "ref_aufenthalt": "Ausländerbehörde",
        "pruefung_nicht_bestanden": "Kammer",
    }
    for key, contact in contacts.items():
        topic = topics()[key]
        for text in (topic.du, topic.sie):
            assert contact in text, key
            if key.startswith("ref_"):
                assert "keine Informationen" in text, key
            assert not re.search(r"\d+ ?(€|Euro)", text), key
