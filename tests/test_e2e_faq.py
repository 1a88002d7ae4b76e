"""End-to-end over REST: at least one question per brochure chapter, key facts in both registers."""

import pytest

from knowledge import topics
from knowledge.asker import detect_asker

pytestmark = pytest.mark.e2e

# question (worded differently from the canonical one) -> topic, key facts from the brochure
CHAPTER_QUESTIONS = [
    (
        "1",
        "wie viele bewerber und ausbildungsstellen gab es 2025 in bayern",
        "zahlen_bayern",
        ["63.297", "94.548", "1,5"],
    ),
    ("1", "seit wann steht die asa im gesetz", "rechtsgrundlage", ["§§ 74 bis 75a", "29. Mai 2020", "§ 130"]),
    ("1", "was war dieses power me", "power_me", ["154", "2011", "2016"]),
    (
        "2.1",
        "wer kann bei der asa mitmachen",
        "zielgruppe_jugendliche",
        ["vollzeitschulpflichtig", "Einstiegsqualifizierung"],
    ),
    ("2.1", "gilt asa für die pflegeausbildung", "pflege", ["1. Januar 2020", "Altenpflegegesetz"]),
    ("2.1", "reicht mein deutsch b1", "sprachniveau", ["B2", "B1"]),
    ("2.2", "welche phasen hat die assistierte ausbildung", "phasen", ["Vorphase", "begleitend", "Nachbetreuung"]),
    ("2.2.1", "wie lang geht die vorphase maximal", "vorphase_dauer", ["6 Monate", "2 Monate"]),
    (
        "2.2.1",
        "was gilt bei der asa für leute mit duldung",
        "asyl_duldung",
        ["15 Monate", "3 Monate", "1. August 2019", "Ausländerbehörde"],
    ),
    ("2.2.1.1", "welche hilfe kriegt ein betrieb vor ausbildungsbeginn", "vorphase_betriebe", ["Zulassung"]),
    ("2.2.1.2", "wie viele stunden in der woche ist die vorphase", "vorphase_stunden", ["39 Stunden", "20 Stunden"]),
    ("2.2.1.2", "krieg ich in der vorphase bab", "vorphase_bab", ["Berufsausbildungsbeihilfe"]),
    ("2.2.2", "was passiert in der begleitenden phase", "begleitende_phase", ["Ausbildungsvertrag"]),
    ("2.2.2.1", "muss unser betrieb selbst auch unterstützung nehmen", "betrieb_entscheidet", ["entscheidet selbst"]),
    ("2.2.2.2", "gibt es bei asa nachhilfe", "foerderunterricht", ["Stütz- und Förderunterricht"]),
    ("2.3", "wann kann man bei asa einsteigen", "eintritt", ["jederzeit"]),
    ("2.4", "gibt es nach der ausbildung noch unterstützung", "nachbetreuung", ["6 Monate"]),
    ("2.5", "was ist die kooperationsvereinbarung", "kooperationsvereinbarung", ["Kooperationsvereinbarung"]),
    ("3", "was kostet asa", "kosten", ["Bundesagentur für Arbeit", "Bund"]),
    ("3", "an wen wendet sich ein betrieb", "anmeldung_betriebe", ["0800 4 5555 20", "Arbeitgeber-Service"]),
]


@pytest.mark.parametrize(
    "chapter,question,topic,facts", CHAPTER_QUESTIONS, ids=[f"{c}-{t}" for c, _, t, _ in CHAPTER_QUESTIONS]
)
def test_answer_has_key_facts_in_both_registers(bot, chapter, question, topic, facts):
    assert topics()[topic].chapter == chapter or chapter in topics()[topic].chapter
    # no audience chosen: the variant for who the words say is asking ("Sie" if they say nothing),
    # then the audience offer, or who the bot took the asker to be
    asker = detect_asker(question)
    first_sender = bot.new_sender()
    first = bot.say(first_sender, question)
    assert first[0]["text"] == topics()[topic].text(asker), f"{question!r} got {first[0]['text']!r}"
    offer = first[-1]["text"]
    assert "Wer fragt?" in offer if asker is None else ("anderes" in offer or "wer fragt" in offer), offer
    # a young person: the "du" answer, unless the question itself says who asks ("unser Betrieb")
    du_sender = bot.new_sender()
    bot.say(du_sender, "/i_am_youth")
    du = bot.text(du_sender, question)
    assert du == topics()[topic].text(asker or "youth")
    for fact in facts:
        assert fact in first[0]["text"] or fact.lower() in first[0]["text"].lower(), (fact, "first answer")
        assert fact in du or fact.lower() in du.lower(), (fact, "second answer")


def test_answers_carry_their_chapter_as_metadata(bot):
    tracker_sender = bot.new_sender()
    bot.say(tracker_sender, "was kostet asa")
    bot_events = [e for e in bot.tracker(tracker_sender)["events"] if e["event"] == "bot"]
    # Rasa keeps a response's metadata under the bot event's metadata
    assert bot_events[0]["metadata"]["metadata"]["chapter"] == "3"
    assert bot_events[0]["metadata"]["metadata"]["topic"] == "kosten"


def test_first_message_is_answered_then_follow_up_in_the_other_register(bot):
    sender = bot.new_sender()
    assert bot.say(sender, "hallo")[0]["text"].startswith("Hallo! Ich bin der AsA-Assistent")
    sie = bot.text(sender, "was kostet asa")
    assert sie.startswith(topics()["kosten"].sie)
    assert "ich duze dich" in bot.text(sender, "/i_am_youth")
    assert bot.text(sender, "wie lange dauert die vorphase") == topics()["vorphase_dauer"].du


def test_small_talk_and_scope(bot):
    sender = bot.new_sender()
    assert "Chatbot" in bot.text(sender, "bist du ein mensch")
    assert "0800 4 5555 20" in bot.text(sender, "ich will mit einem menschen sprechen")
    assert "nur Fragen zur Assistierten Ausbildung" in bot.text(sender, "wie wird das wetter morgen")
    assert "Gern geschehen" in bot.text(sender, "danke dir")


def test_gibberish_gets_an_honest_answer_and_no_menu(bot):
    sender = bot.new_sender()
    first = bot.say(sender, "qwertz asdf")
    assert "keine Information" in first[0]["text"] and "0800 4 5555 20" in first[0]["text"]
    assert "Meinten Sie" not in first[0]["text"]
    assert [b["payload"] for b in first[0].get("buttons", [])] == ["/check_eligibility", "/help"]
    second = bot.text(sender, "yxcvb nmmm")
    assert "keine Information" in second and "Meinten Sie" not in second


@pytest.mark.parametrize(
    "text,marker",
    [
        ("Hello, can you tell me how to apply for assisted training?", "I only answer in German"),
        ("Merhaba, çıraklık hakkında bilgi almak istiyorum", "sadece Almanca"),
        ("مرحبا، أريد معلومات عن التدريب المهني", "الألمانية"),
        ("Привіт, я шукаю місце для навчання", "німецькою"),
        ("Здравствуйте, я ищу место для обучения", "немецком"),
        ("Dzień dobry, szukam miejsca na praktykę zawodową", "po niemiecku"),
    ],
)
def test_other_languages_get_a_notice_in_their_language(bot, text, marker):
    assert marker in bot.text(bot.new_sender(), text)


@pytest.mark.parametrize(
    "text",
    [
        "kostn?",
        "wie lang dauert di vorfase",
        "muss ich fuer asa was zahlen",
        "hallo",
        "ok",
        "bin azubi brauch hilfe in mathe",
        "power me",
    ],
)
def test_german_with_typos_is_never_taken_for_another_language(bot, text):
    answer = bot.text(bot.new_sender(), text)
    assert "only answer in German" not in answer and "Ich antworte nur auf Deutsch" not in answer
