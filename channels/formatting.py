"""Bot answers written for the web, made fit for messengers (pure functions, no Rasa import).

- Long answers are split at paragraph, then sentence, then word boundaries, and short
  paragraphs are kept together, so a verdict arrives as one or two readable messages,
  not as six fragments.
- WhatsApp has no buttons for bots here: they become a numbered list, and a reply
  "2" (or "2.", "Nr. 2") selects the second option.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Sequence

TELEGRAM_LIMIT = 4096  # characters per message (Telegram Bot API)
WHATSAPP_LIMIT = 1600  # characters per message body (Twilio)
COMFORTABLE = 900  # beyond this a phone screen shows a wall of text

CHOOSE_HINT = "Zum Auswählen die Zahl schicken, zum Beispiel „1“."
_CHOICE = re.compile(r"^\s*(?:nr\.?\s*)?(\d{1,2})\s*[.)]?\s*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def _pieces(paragraph: str, limit: int) -> List[str]:
    if len(paragraph) <= limit:
        return [paragraph]
    pieces: List[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(paragraph):
        while len(sentence) > limit:  # one endless sentence: cut at a space
            cut = sentence.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            if current:
                pieces.append(current)
                current = ""
            pieces.append(sentence[:cut].rstrip())
            sentence = sentence[cut:].lstrip()
        candidate = f"{current} {sentence}".strip()
        if len(candidate) <= limit:
            current = candidate
        else:
            pieces.append(current)
            current = sentence
    if current:
        pieces.append(current)
    return pieces


def split_message(text: str, limit: int, comfortable: int = COMFORTABLE) -> List[str]:
    """Messages of at most `limit` characters; short paragraphs packed together up to `comfortable`."""
    target = min(limit, comfortable)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    messages: List[str] = []
    current = ""
    for piece in (piece for paragraph in paragraphs for piece in _pieces(paragraph, limit)):
        if current and len(current) + 2 + len(piece) <= target:
            current = f"{current}\n\n{piece}"
        else:
            if current:
                messages.append(current)
            current = piece
    if current:
        messages.append(current)
    return messages


def numbered_list(text: str, buttons: Sequence[Dict[str, str]]) -> str:
    options = "\n".join(f"{index}. {button.get('title', '')}" for index, button in enumerate(buttons, start=1))
    return f"{text.strip()}\n\n{options}\n\n{CHOOSE_HINT}" if text.strip() else f"{options}\n\n{CHOOSE_HINT}"


def chosen_payload(reply: str, buttons: Sequence[Dict[str, str]]) -> Optional[str]:
    """The payload of the option a numeric reply selects; None if the reply is no valid number."""
    match = _CHOICE.match(reply or "")
    if not match or not buttons:
        return None
    index = int(match.group(1))
    if 1 <= index <= len(buttons):
        return buttons[index - 1].get("payload") or buttons[index - 1].get("title")
    return None
