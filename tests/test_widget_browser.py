"""The chat widget on the demo page, in headless Chromium, against the running assistant."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from browser import DESKTOP, PHONE  # noqa: E402
from conftest import serious_accessibility_violations as run_axe  # noqa: E402

from knowledge import topics  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
ATTACK = "<img src=x onerror=alert(1)>"


def open_chat(page, web_url):
    page.goto(f"{web_url}/")
    page.get_by_role("button", name="Fragen zur AsA? Chat öffnen").click()
    accept = page.get_by_role("button", name="Einverstanden – Chat starten")
    assert page.get_by_text("Bitte schreiben Sie keine Namen").is_visible()  # privacy notice first
    accept.click()
    page.locator(".asa-bot").first.wait_for()


def bot_messages(page):
    return page.locator(".asa-bot .asa-text")


def wait_for_bot(page, count_before):
    page.locator(".asa-bot").nth(count_before).wait_for()
    page.locator(".asa-typing").wait_for(state="hidden")


def ask(page, text):
    before = page.locator(".asa-bot").count()
    page.get_by_label("Ihre Nachricht").fill(text)
    page.get_by_role("button", name="Senden").click()
    wait_for_bot(page, before)


def press(page, title):
    before = page.locator(".asa-bot").count()
    page.locator(".asa-quick:not([disabled])", has_text=title).first.click()
    wait_for_bot(page, before)


def test_question_buttons_full_check_reload_and_delete(bot, context):
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    open_chat(page, bot.web_url)
    assert "Ich bin der AsA-Assistent" in bot_messages(page).first.inner_text()

    press(page, "Ich bin Jugendliche/r")
    assert "ich duze dich" in bot_messages(page).last.inner_text()
    # only the newest quick replies can be pressed
    assert page.locator(".asa-quick:not([disabled])", has_text="Ich bin Elternteil").count() == 0
    ask(page, "Was kostet die AsA?")
    assert topics()["kosten"].du in page.locator(".asa-log").inner_text()
    ask(page, "Kann ich mitmachen?")
    for title in ("Ich suche einen Ausbildungsplatz", "Ja", "Nichts davon"):
        press(page, title)
    verdict = bot_messages(page).last.inner_text()
    assert verdict.startswith("Gute Nachricht: Du kommst wahrscheinlich für die AsA in Frage – für die Vorphase")
    assert "Nächster Schritt:" in verdict

    conversation = page.evaluate("window.AsaWidget.conversationId()")
    assert conversation in page.locator(".asa-id").inner_text()  # shown for the hotline
    assert bot.tracker(conversation)["slots"]["verdict"]["outcome"] == "likely_eligible"
    shown = page.locator(".asa-message").count()

    page.reload()
    page.locator(".asa-panel").wait_for()
    assert page.locator(".asa-message").count() == shown
    assert bot_messages(page).last.inner_text() == verdict

    page.get_by_role("button", name="Gespräch löschen").click()
    page.get_by_text("Das Gespräch wurde gelöscht.").wait_for()
    assert dialogs == ["confirm"]
    assert page.locator(".asa-message").count() == 0
    assert page.evaluate("window.AsaWidget.conversationId()") != conversation
    events = bot.tracker(conversation)["events"]
    assert not [e for e in events if e["event"] in ("user", "bot")], "deleted on the server too"


def test_html_in_a_message_is_shown_as_text(bot, context):
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_chat(page, bot.web_url)
    ask(page, ATTACK)
    mine = page.locator(".asa-user .asa-text").last
    assert mine.inner_text() == ATTACK
    assert page.locator(".asa-log img").count() == 0
    assert dialogs == []


def test_keyboard_only_and_screen_reader_structure(bot, context):
    page = context.new_page()
    page.goto(f"{bot.web_url}/")
    launcher = page.get_by_role("button", name="Fragen zur AsA? Chat öffnen")
    launcher.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.textContent") == "Einverstanden – Chat starten"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "asa-input"
    page.keyboard.type("Wie lange dauert die Vorphase?")
    before = page.locator(".asa-bot").count()
    page.keyboard.press("Enter")
    wait_for_bot(page, before)
    assert page.get_by_role("log").get_attribute("aria-live") == "polite"
    assert page.get_by_role("dialog").get_attribute("aria-labelledby") == "asa-title"
    page.keyboard.press("Escape")
    assert page.locator(".asa-panel").is_hidden()
    assert page.evaluate("document.activeElement.className") == "asa-launcher"


def test_no_serious_accessibility_violations(bot, browser):
    # bypass_csp only so that the test can inject axe-core; the other tests run under the page's CSP
    page = browser.new_context(viewport=DESKTOP, locale="de-DE", bypass_csp=True).new_page()
    page.goto(f"{bot.web_url}/")
    assert run_axe(page) == []
    open_chat(page, bot.web_url)
    ask(page, "Was ist AsA?")
    assert run_axe(page) == []


def test_phone_layout_fills_the_screen(bot, browser):
    context = browser.new_context(viewport=PHONE, locale="de-DE", is_mobile=True, has_touch=True)
    page = context.new_page()
    open_chat(page, bot.web_url)
    box = page.locator(".asa-panel").bounding_box()
    assert box["width"] == PHONE["width"] and box["height"] >= PHONE["height"] - 1
    ask(page, "kosten?")
    assert page.locator(".asa-bot").count() >= 2
    context.close()


def test_a_slow_reply_is_announced_and_an_unsent_message_stays_in_the_input(bot, context):
    context.add_init_script("window.AsaWidgetConfig = { slowNoticeMs: 200 };")  # instead of 8 s
    page = context.new_page()
    open_chat(page, bot.web_url)
    webhook = "**/webhooks/rest/webhook"
    field, status = page.get_by_label("Ihre Nachricht"), page.locator(".asa-status")

    held = []
    page.route(webhook, lambda route: held.append(route))  # the reply is on its way until the test lets it through
    before = page.locator(".asa-bot").count()
    field.fill("Was kostet die AsA?")
    page.get_by_role("button", name="Senden").click()
    page.get_by_text("Die Antwort dauert länger als sonst").wait_for()
    held.pop().continue_()
    wait_for_bot(page, before)
    assert status.inner_text() == ""
    page.unroute(webhook)

    question = "Wie lange dauert die Vorphase?"
    page.route(webhook, lambda route: route.abort())
    field.fill(question)
    page.get_by_role("button", name="Senden").click()
    page.get_by_text("Der Assistent ist gerade nicht erreichbar").wait_for()
    assert field.input_value() == question
    assert question not in page.locator(".asa-log").inner_text()  # not shown as sent
    page.unroute(webhook)

    before = page.locator(".asa-bot").count()
    page.get_by_role("button", name="Senden").click()
    wait_for_bot(page, before)
    assert page.locator(".asa-user .asa-text", has_text=question).count() == 1
    answer = topics()["vorphase_dauer"]
    assert bot_messages(page).last.inner_text() in (answer.du, answer.sie)
