"""Bad input on the public REST channel: the pure check, and the running server's answers."""

from __future__ import annotations

import json

import httpx
import pytest

from channels.message_check import MAX_CHARS, BadMessage, check


def body(message, sender="s1") -> bytes:
    return json.dumps({"sender": sender, "message": message}).encode()


@pytest.mark.parametrize(
    "raw, status, text",
    [
        (body(""), 400, "leer"),
        (body(" \n\t "), 400, "leer"),
        (body("\x00\x07\u200b"), 400, "leer"),
        (body("x" * (MAX_CHARS + 1)), 413, "zu lang"),
        (b"\xff\xfe kaputt", 400, "UTF-8"),
        (b"{kein json", 400, "JSON"),
        (b"[1, 2]", 400, "JSON-Objekt"),
        (json.dumps({"sender": "s1", "message": 5}).encode(), 400, "„message“"),
        (json.dumps({"message": "hallo"}).encode(), 400, "„sender“"),
        (body("hallo", sender="x" * 200), 400, "„sender“"),
    ],
)
def test_bad_input_is_refused_with_a_reason(raw, status, text):
    with pytest.raises(BadMessage) as refused:
        check(raw)
    assert refused.value.status == status and text in refused.value.message


def test_control_characters_go_and_the_text_stays():
    assert check(body("Was\x00 kostet\u200b die AsA?\x07\n")).body["message"] == "Was kostet die AsA?"
    assert check(body("Zeile 1\nZeile 2\tTab")).body["message"] == "Zeile 1\nZeile 2\tTab"
    assert check(body("x" * MAX_CHARS)).body["message"] == "x" * MAX_CHARS


@pytest.mark.e2e
@pytest.mark.parametrize(
    "raw, status",
    [
        (body("   "), 400),
        (body("a" * 10_000), 413),
        (b"\xc3\x28 invalid", 400),
        (b"{", 400),
    ],
)
def test_server_answers_bad_input_with_4xx_and_a_german_message(bot, raw, status):
    response = httpx.post(
        f"{bot.rasa_url}/webhooks/rest/webhook", content=raw, headers={"Content-Type": "application/json"}, timeout=30
    )
    assert response.status_code == status
    assert response.json()["message"]


@pytest.mark.e2e
@pytest.mark.parametrize(
    "text", ["🙂🙂🙂", "<script>alert(1)</script>", "'; DROP TABLE events; --", "Was kostet\x00 die AsA?"]
)
def test_odd_but_valid_messages_get_a_normal_answer(bot, text):
    sender = bot.new_sender()
    replies = bot.say(sender, text)
    assert replies and all(isinstance(r.get("text", ""), str) for r in replies)
    assert bot.tracker(sender)["latest_message"]["text"] == text.replace("\x00", "")
