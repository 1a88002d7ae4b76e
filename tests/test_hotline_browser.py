"""The hotline tool in headless Chromium against the running assistant (Rasa, actions, web app)."""

from __future__ import annotations

import re
import sqlite3

import pytest
from conftest import STAFF, serious_accessibility_violations

from knowledge import topics

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


@pytest.fixture
def page(context):
    return context.new_page()


def log_in(page, web_url, target="/hotline"):
    page.goto(f"{web_url}{target}")
    assert "/hotline/login" in page.url
    page.get_by_label("Name").fill(STAFF[0])
    page.get_by_label("Passwort").fill(STAFF[1])
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(re.compile(re.escape(target) + "$"))


def test_every_hotline_page_needs_the_login(bot, page):
    for path in ("/hotline", "/hotline/themen", "/hotline/check", "/hotline/gespraech", "/hotline/auswertung"):
        page.goto(f"{bot.web_url}{path}")
        assert "/hotline/login" in page.url, path
        assert page.get_by_role("heading", name="Anmelden").is_visible()


def test_wrong_password_is_refused(bot, page):
    page.goto(f"{bot.web_url}/hotline/login")
    page.get_by_label("Name").fill(STAFF[0])
    page.get_by_label("Passwort").fill("ganz-falsches-passwort")
    page.get_by_role("button", name="Anmelden").click()
    assert page.get_by_role("alert").inner_text() == "Name oder Passwort ist falsch."
    page.goto(f"{bot.web_url}/hotline/themen")
    assert "/hotline/login" in page.url


def test_colloquial_question_finds_the_right_answer_first(bot, page):
    log_in(page, bot.web_url)
    page.get_by_label("Frage der anrufenden Person").fill("muss ich da was zahlen oder is des umsonst")
    page.get_by_role("button", name="Suchen").click()
    hits = page.locator("li.hit")
    assert hits.count() == 3
    first = hits.nth(0)
    cost = topics()["kosten"]
    assert first.locator("h3").inner_text() == cost.title
    # both registers, the source chapter and the brochure passage behind it
    assert first.locator("[data-register=du]").inner_text() == cost.du
    assert first.locator("[data-register=sie]").inner_text() == cost.sie
    assert f"Kapitel {cost.chapter}" in first.locator(".meta").inner_text()
    first.locator("summary").click()
    assert first.locator(".passage").inner_text().strip()


def test_eligibility_check_by_clicking(bot, page):
    log_in(page, bot.web_url, "/hotline/check")
    answers = [
        ("Wer fragt?", "youth"),
        ("Situation", "looking_for_training"),
        ("Noch vollzeitschulpflichtig?", "false"),
        ("Braucht Unterstützung für Ausbildung oder Abschluss?", "true"),
        ("Staatsangehörigkeit / Aufenthalt", "citizen"),
        ("Wohnsitz im Ausland?", "false"),
        ("Nimmt an der Berufseinstiegsbegleitung teil?", "false"),
    ]
    for label, value in answers:
        # each choice reloads the form with the questions that now matter
        with page.expect_navigation():
            page.get_by_label(label, exact=True).select_option(value)
    page.get_by_label("Monate, die schon in einer Vorphase waren").fill("0")
    page.get_by_label("Mögliche Stunden pro Woche in der Vorphase").fill("25")
    page.get_by_role("button", name="Weiter / Ergebnis zeigen").click()
    summary = page.locator("#summary").inner_text()
    assert "Ihr Kind kommt wahrscheinlich für die AsA in Frage – für die Vorphase." in summary
    assert "Nächster Schritt:" in summary
    assert page.get_by_role("button", name="Zusammenfassung kopieren").is_visible()


def test_conversation_from_the_chat_can_be_looked_up(bot, page):
    sender = bot.new_sender()
    bot.say(sender, "Was kostet die AsA?")
    log_in(page, bot.web_url, "/hotline/gespraech")
    page.get_by_label("Gesprächsnummer").fill(sender)
    page.get_by_role("button", name="Anzeigen").click()
    table = page.locator("table.transcript")
    assert "Was kostet die AsA?" in table.inner_text()
    assert topics()["kosten"].text(None).split(".")[0] in table.inner_text()
    # the lookup is on record with the staff account
    with sqlite3.connect(bot.hotline_db) as db:
        rows = db.execute("SELECT account, action FROM hotline_audit WHERE subject = ?", (sender,)).fetchall()
    assert rows == [(STAFF[0], "conversation_lookup")]
    page.get_by_label("Gesprächsnummer").fill("gibt-es-nicht-123")
    page.get_by_role("button", name="Anzeigen").click()
    assert "kein Gespräch" in page.get_by_role("alert").inner_text()


def test_insights_page_shows_figures_and_charts(bot, page):
    sender = bot.new_sender()
    bot.say(sender, "Wie lange dauert die Vorphase?")
    bot.say(sender, "xqzv blorp wumm")
    log_in(page, bot.web_url, "/hotline/auswertung")
    figures = page.locator("ul.figures").inner_text()
    assert int(re.search(r"(\d+)\s+Gespräche", figures).group(1)) >= 1
    assert page.locator("figure.chart svg").count() >= 1
    assert "xqzv blorp wumm" in page.locator("table.unanswered").inner_text()


def test_logout_ends_the_session(bot, page):
    log_in(page, bot.web_url, "/hotline/themen")
    page.get_by_role("button", name="Abmelden").click()
    assert page.get_by_role("status").inner_text() == "Sie sind abgemeldet."
    page.goto(f"{bot.web_url}/hotline/themen")
    assert "/hotline/login" in page.url


def test_hotline_pages_have_no_serious_accessibility_violations(bot, browser):
    # bypass_csp only to inject axe-core into the page
    context = browser.new_context(locale="de-DE", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{bot.web_url}/hotline/login")
    assert serious_accessibility_violations(page) == []
    log_in(page, bot.web_url)
    for path in (
        "/hotline?q=was+kostet+das",
        "/hotline/themen",
        "/hotline/check",
        "/hotline/auswertung",
        "/hotline/gespraech",
    ):
        page.goto(f"{bot.web_url}{path}")
        assert serious_accessibility_violations(page) == [], path
    page.goto(f"{bot.web_url}/hotline/check")
    with page.expect_navigation():
        page.get_by_label("Wer fragt?", exact=True).select_option("company")
    assert serious_accessibility_violations(page) == []
    context.close()
