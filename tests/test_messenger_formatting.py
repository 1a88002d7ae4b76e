"""Messenger formatting: splitting long answers, numbered options for WhatsApp."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from channels.formatting import CHOOSE_HINT, WHATSAPP_LIMIT, chosen_payload, numbered_list, split_message

BUTTONS = [
    {"title": "Ja", "payload": "ja"},
    {"title": "Nein", "payload": "nein"},
    {"title": "Weiß nicht", "payload": "weiß nicht"},
]


def test_short_paragraphs_stay_in_one_message():
    text = "Gute Nachricht.\n\nWarum:\n• Grund eins\n\nNächster Schritt: Agentur anrufen."
    assert split_message(text, WHATSAPP_LIMIT) == [text]


def test_long_answers_split_at_paragraphs_then_sentences():
    paragraph = " ".join(f"Satz Nummer {i} erklärt etwas." for i in range(60))  # about 1,800 characters
    messages = split_message(f"Kurz vorweg.\n\n{paragraph}", WHATSAPP_LIMIT)
    assert len(messages) >= 2
    assert all(len(m) <= WHATSAPP_LIMIT for m in messages)
    assert all(m.endswith(".") for m in messages)  # never cut inside a sentence
    assert " ".join(" ".join(messages).split()) == " ".join(f"Kurz vorweg. {paragraph}".split())


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=6000), st.integers(min_value=20, max_value=2000))
def test_nothing_is_lost_and_no_message_is_too_long(text, limit):
    messages = split_message(text, limit)
    assert all(0 < len(m) <= limit for m in messages)
    assert "".join("".join(messages).split()) == "".join(text.split())


def test_buttons_become_a_numbered_list():
    assert numbered_list("Bist du schulpflichtig?", BUTTONS) == (
        f"Bist du schulpflichtig?\n\n1. Ja\n2. Nein\n3. Weiß nicht\n\n{CHOOSE_HINT}"
    )


def test_a_number_selects_the_option():
    assert chosen_payload("2", BUTTONS) == "nein"
    assert chosen_payload(" 3. ", BUTTONS) == "weiß nicht"
    assert chosen_payload("Nr. 1", BUTTONS) == "ja"
    assert chosen_payload("4", BUTTONS) is None
    assert chosen_payload("0", BUTTONS) is None
    assert chosen_payload("2 Jahre", BUTTONS) is None  # a real answer, not a choice
    assert chosen_payload("2", []) is None


def test_every_button_payload_fits_telegrams_callback_data():
    from pathlib import Path

    import yaml

    domain = yaml.safe_load((Path(__file__).resolve().parent.parent / "domain.yml").read_text(encoding="utf-8"))
    payloads = [
        button["payload"]
        for variants in domain["responses"].values()
        for variant in variants
        for button in variant.get("buttons") or []
    ]
    assert payloads
    assert max(len(p.encode("utf-8")) for p in payloads) <= 64  # Telegram's limit for callback_data
