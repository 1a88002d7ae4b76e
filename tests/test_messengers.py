"""Telegram and WhatsApp (Twilio) against the real Rasa server, with local fake messenger APIs."""

from __future__ import annotations

import time

import httpx
import pytest
from conftest import MESSENGER_ENV
from fake_messengers import BOT_NAME, keyboard
from twilio.request_validator import RequestValidator

from knowledge import topics

pytestmark = pytest.mark.e2e


def telegram_update(update_id: int, chat_id: int, text: str = "", callback: str = "") -> dict:
    chat = {"id": chat_id, "type": "private", "first_name": "Test"}
    person = {"id": chat_id, "is_bot": False, "first_name": "Test", "language_code": "de"}
    message = {"message_id": update_id, "date": int(time.time()), "chat": chat, "from": person, "text": text}
    if callback:
        bot_message = {
            **message,
            "from": {"id": 1, "is_bot": True, "first_name": "AsA", "username": BOT_NAME},
            "text": "Frage",
        }
        return {
            "update_id": update_id,
            "callback_query": {
                "id": f"cb{update_id}",
                "from": person,
                "chat_instance": "1",
                "data": callback,
                "message": bot_message,
            },
        }
    return {"update_id": update_id, "message": message}


def post_telegram(bot, update: dict) -> None:
    response = httpx.post(f"{bot.rasa_url}/webhooks/telegram/webhook", json=update, timeout=60)
    assert response.status_code == 200 and response.text == "success"


def test_telegram_registers_its_webhook_at_start(bot, messengers):
    calls = [c for c in messengers.calls if c["service"] == "telegram" and c["method"] == "setWebhook"]
    assert calls and calls[0]["form"]["url"] == MESSENGER_ENV["TELEGRAM_WEBHOOK_URL"]


def test_telegram_question_start_and_button_press(bot, messengers):
    chat = 470011
    mark = messengers.mark()
    post_telegram(bot, telegram_update(1, chat, text="Was kostet die AsA?"))
    answers = messengers.sent("telegram", chat, mark)
    assert topics()["kosten"].sie.split(".")[0] in " ".join(a["text"] for a in answers)

    mark = messengers.mark()
    post_telegram(bot, telegram_update(2, chat, text="/start"))
    greeting = messengers.sent("telegram", chat, mark)
    buttons = keyboard(greeting[-1])
    assert [b["callback_data"] for b in buttons] == ["/i_am_youth", "/i_am_parent", "/i_am_company"]
    assert buttons[0]["text"] == "Ich bin Jugendliche/r"

    mark = messengers.mark()
    post_telegram(bot, telegram_update(3, chat, callback="/i_am_youth"))
    reply = messengers.sent("telegram", chat, mark)
    assert reply[0]["text"].startswith("Alles klar, ich duze dich.")
    assert keyboard(reply[-1]), "the menu comes as a keyboard"
    # the press lands in the same conversation: its slot is set
    assert bot.tracker(str(chat))["slots"]["audience"] == "youth"


def twilio_post(bot, body: str, sender: str, signature: str = "") -> httpx.Response:
    form = {
        "From": sender,
        "To": MESSENGER_ENV["TWILIO_NUMBER"],
        "Body": body,
        "MessageSid": f"SM{time.time_ns()}",
        "AccountSid": MESSENGER_ENV["TWILIO_ACCOUNT_SID"],
        "NumMedia": "0",
    }
    url = MESSENGER_ENV["TWILIO_WEBHOOK_URL"]
    signature = signature or RequestValidator(MESSENGER_ENV["TWILIO_AUTH_TOKEN"]).compute_signature(url, form)
    return httpx.post(url, data=form, headers={"X-Twilio-Signature": signature}, timeout=60)


def test_whatsapp_buttons_are_a_numbered_list_and_a_number_selects(bot, messengers):
    sender = "whatsapp:+4915100000001"
    mark = messengers.mark()
    assert twilio_post(bot, "Hallo", sender).status_code == 204
    bodies = [m["Body"] for m in messengers.sent("twilio", sender, mark)]
    assert "1. Ich bin Jugendliche/r\n2. Ich bin Elternteil\n3. Wir sind ein Betrieb" in bodies[-1]
    assert all(m["From"] == MESSENGER_ENV["TWILIO_NUMBER"] for m in messengers.sent("twilio", sender, mark))

    mark = messengers.mark()
    assert twilio_post(bot, "2", sender).status_code == 204
    assert bot.tracker(sender)["slots"]["audience"] == "parent"
    reply = [m["Body"] for m in messengers.sent("twilio", sender, mark)]
    assert reply[0].startswith("Danke. Ich antworte Ihnen als Elternteil.")
    assert "1. Kann ich mitmachen?\n2. Themen anzeigen" in reply[-1]

    # a number that is not an option is passed on as text, not mapped to a button
    mark = messengers.mark()
    assert twilio_post(bot, "7", sender).status_code == 204
    assert bot.tracker(sender)["latest_message"]["text"] == "7"


def test_whatsapp_splits_long_answers_within_the_limit(bot, messengers):
    sender = "whatsapp:+4915100000002"
    for text in ("Ich bin Jugendlicher", "Kann ich bei der AsA mitmachen?", "Ich bin in Ausbildung"):
        assert twilio_post(bot, text, sender).status_code == 204
    bodies = [m["Body"] for m in messengers.sent("twilio", sender)]
    assert bodies and all(len(body) <= 1600 for body in bodies)


def test_whatsapp_refuses_a_wrong_signature(bot, messengers):
    sender = "whatsapp:+4915100000003"
    mark = messengers.mark()
    response = twilio_post(bot, "Hallo", sender, signature="falsch")
    assert response.status_code == 403
    assert messengers.sent("twilio", sender, mark) == []


def test_telegram_flood_from_one_chat_is_cut_off_with_one_notice(bot, messengers):
    from runtime.rate_limit import DEFAULT_SENDER_LIMIT, MESSAGE, parse_limit

    limit = parse_limit(DEFAULT_SENDER_LIMIT)
    chat = 470099
    if limit.seconds - time.time() % limit.seconds < limit.seconds * 0.6:  # keep the burst inside one window
        time.sleep(limit.seconds - time.time() % limit.seconds + 0.05)
    mark = messengers.mark()
    for number in range(limit.count + 5):
        post_telegram(bot, telegram_update(1000 + number, chat, text="hallo"))  # still 200 "success" each
    texts = [a["text"] for a in messengers.sent("telegram", chat, mark)]
    assert texts.count(MESSAGE) == 1
    handled = [e for e in bot.tracker(str(chat))["events"] if e["event"] == "user"]
    assert len(handled) == limit.count
