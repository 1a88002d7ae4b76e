"""End-to-end: the eligibility dialogue over REST, by buttons and free text; same verdict as the API."""

import pytest
from fastapi.testclient import TestClient

from bot.app import app
from knowledge import topics

pytestmark = pytest.mark.e2e
api = TestClient(app)


def press(bot, sender, messages, title):
    """Press the button with this title in the last bot messages."""
    for message in reversed(messages):
        for button in message.get("buttons") or []:
            if button["title"] == title:
                return bot.say(sender, button["payload"])
    raise AssertionError(f"no button {title!r} in {messages}")


def start_youth_check(bot, *answers):
    """A young person starts the check and gives these answers; returns the sender and the last replies."""
    sender = bot.new_sender()
    bot.say(sender, "/i_am_youth")
    replies = bot.say(sender, "kann ich mitmachen")
    for answer in answers:
        replies = bot.say(sender, answer)
    return sender, replies


def slots(bot, sender):
    return bot.tracker(sender)["slots"]


def test_youth_vorphase_by_buttons_and_free_text_matches_the_api(bot):
    sender = bot.new_sender()
    replies = bot.say(sender, "hallo")
    replies = press(bot, sender, replies, "Ich bin Jugendliche/r")
    replies = press(bot, sender, replies, "Kann ich mitmachen?")
    assert "Wie ist deine Situation" in replies[-1]["text"]
    replies = press(bot, sender, replies, "Ich suche einen Ausbildungsplatz")
    assert "Unterstützung" in replies[-1]["text"]
    replies = bot.say(sender, "ja klar")
    assert "Trifft etwas davon auf dich zu" in replies[-1]["text"]
    replies = press(bot, sender, replies, "Keine deutsche Staatsangehörigkeit")
    assert "Trifft noch etwas davon zu" in replies[-1]["text"]
    replies = press(bot, sender, replies, "Nichts weiter")
    replies = press(bot, sender, replies, "Aufenthaltsgestattung (Asylverfahren)")
    assert "eingereist" in replies[-1]["text"]
    replies = bot.say(sender, "seit März 2024")
    assert "Deutsch" in replies[-1]["text"]
    replies = bot.say(sender, "B1 glaub ich")
    assert "Schulkenntnisse" in replies[-1]["text"]  # § 75a Abs. 1 Satz 3 Nr. 2 SGB III
    replies = press(bot, sender, replies, "Ja")
    verdict_text = replies[-1]["text"]
    assert verdict_text.startswith("Gute Nachricht: Du kommst wahrscheinlich für die AsA in Frage – für die Vorphase")
    assert "15 Monate" in verdict_text and "Ausländerbehörde" in verdict_text
    assert "Die Entscheidung trifft die Agentur für Arbeit" in verdict_text
    assert "Nächster Schritt: Sprich mit deiner Ansprechperson" in verdict_text

    state = slots(bot, sender)
    assert state["entry_date"] == "2024-03-01" and state["german_level"] == "B1"
    # what "Nichts weiter" meant, stored as the API's answers
    assert (
        state["school_obligation"],
        state["lives_abroad"],
        state["vorphase_months"],
        state["berufseinstiegsbegleitung"],
    ) == (False, False, 0, False)
    body = {
        "audience": "youth",
        **{
            k: state[k]
            for k in (
                "situation",
                "school_obligation",
                "needs_support",
                "residence_status",
                "entry_date",
                "german_level",
                "transition_expected",
                "lives_abroad",
                "vorphase_months",
                "hours_per_week",
                "berufseinstiegsbegleitung",
            )
        },
    }
    from_api = api.post("/api/v1/eligibility", json=body).json()
    assert from_api["outcome"] == state["verdict"]["outcome"] == "likely_eligible"
    assert from_api["phase"] == state["verdict"]["phase"]
    assert [r["rule"] for r in from_api["reasons"]] == [r["rule"] for r in state["verdict"]["reasons"]]


def test_parent_asks_for_a_child_in_training(bot):
    sender = bot.new_sender()
    replies = bot.say(sender, "kann mein sohn bei der asa mitmachen?")
    assert "Ihres Kindes" in replies[-1]["text"]
    for answer in ("ist in Ausbildung", "ja"):
        replies = bot.say(sender, answer)
    assert "Trifft etwas davon auf Ihr Kind zu" in replies[-1]["text"]
    verdict = bot.text(sender, "nichts davon")
    assert verdict.startswith(
        "Gute Nachricht: Ihr Kind kommt wahrscheinlich für die AsA in Frage – für die begleitende Phase"
    )
    assert "Wenden Sie sich" in verdict
    state = slots(bot, sender)
    assert "vorphase_months" not in [r for r in state["verdict"]["missing"]]
    assert state["vorphase_months"] is None and state["school_obligation"] is None  # never asked


def test_company_path(bot):
    sender = bot.new_sender()
    replies = bot.say(sender, "gilt das für unseren Betrieb?")
    assert "Hat Ihr Betrieb schon" in replies[-1]["text"]
    replies = bot.say(sender, "nein")
    assert "ausbilden" in replies[-1]["text"]
    replies = bot.say(sender, "ja")
    assert "Liegt Ihr Betrieb in Deutschland" in replies[-1]["text"]  # C-ELIG: companies in Germany
    verdict = bot.text(sender, "ja")
    assert verdict.startswith("Gute Nachricht: Ihr Betrieb kommt wahrscheinlich für die AsA in Frage")
    assert "0800 4 5555 20" in verdict


def test_faq_in_the_middle_then_back_to_the_same_question(bot):
    sender, replies = start_youth_check(bot, "Ich bin in Ausbildung")
    question = replies[-1]["text"]
    replies = bot.say(sender, "was kostet das eigentlich")
    texts = [m["text"] for m in replies]
    assert texts[0] == topics()["kosten"].du
    assert texts[-1] == question


def test_correction_of_an_earlier_answer(bot):
    sender, replies = start_youth_check(
        bot, "Ich suche einen Ausbildungsplatz", "nein, ich habe doch schon einen Vertrag"
    )
    assert "korrigiert" in replies[0]["text"]
    state = slots(bot, sender)
    assert state["situation"] == "in_training" and state["school_obligation"] is None
    assert state["requested_slot"] == "needs_support"


def test_what_the_person_said_before_is_not_asked_again(bot):
    sender = bot.new_sender()
    bot.say(sender, "ich bin Azubi im zweiten Lehrjahr und hab voll schlechte noten")
    replies = bot.say(sender, "kann ich da mitmachen?")
    texts = [m["text"] for m in replies]
    assert any("„In Ausbildung“" in t for t in texts)
    assert "Unterstützung" in texts[-1] and "Situation" not in texts[-1]


def test_abort_and_restart(bot):
    sender, stopped = start_youth_check(bot, "Ich bin in Ausbildung", "abbrechen")
    assert "abgebrochen" in stopped[0]["text"]
    assert slots(bot, sender)["requested_slot"] is None
    assert bot.tracker(sender)["active_loop"] in ({}, None) or not bot.tracker(sender)["active_loop"].get("name")
    restarted = press(bot, sender, stopped, "Check neu starten")
    assert "Wie ist deine Situation" in restarted[-1]["text"]
    assert slots(bot, sender)["situation"] is None


def test_nonsense_answers_are_re_asked_with_a_hint(bot):
    sender, replies = start_youth_check(bot, "Ich suche einen Ausbildungsplatz", "lila laune bär")
    assert "nicht verstanden" in replies[0]["text"]
    assert "Unterstützung" in replies[-1]["text"]
    replies = bot.say(sender, "ja")
    replies = bot.say(sender, "blubb")
    assert "nur wenige betreffen" in replies[0]["text"]
    for answer in ("Keine deutsche Staatsangehörigkeit", "nichts weiter", "EU"):
        replies = bot.say(sender, answer)
    replies = bot.say(sender, "Z9")  # no such language level
    assert "B1 heißt" in replies[0]["text"] or "nicht verstanden" in replies[0]["text"]
    assert "Deutsch" in replies[-1]["text"]


def test_not_eligible_is_explained(bot):
    sender, replies = start_youth_check(bot, "Ich suche einen Ausbildungsplatz", "ja")
    replies = press(bot, sender, replies, "Noch vollzeitschulpflichtig")
    verdict = replies[-1]["text"]  # an exclusion ends the check: nothing else needs asking
    assert verdict.startswith("Die AsA ist für dich gerade wohl nicht möglich.")
    assert "vollzeitschulpflichtig" in verdict and "Nächster Schritt" in verdict
