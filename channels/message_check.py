"""What the public REST channel accepts, with a clear German reason when it does not.

Pure Python so it can be tested without a server. Control characters are removed
(line breaks and tabs stay); empty, too long, non-text and non-UTF-8 messages are refused.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Dict

MAX_CHARS = 2000  # the widget allows 1,000; far beyond any real question
MAX_SENDER_CHARS = 128
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


class BadMessage(ValueError):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Checked:
    body: Dict[str, Any]


def check(raw: bytes) -> Checked:
    """The request body, cleaned, or BadMessage with the HTTP status and a German message."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadMessage(400, "Die Nachricht ist kein gültiger Text (UTF-8).") from exc
    try:
        body = json.loads(text)
    except ValueError as exc:
        raise BadMessage(400, "Die Anfrage ist kein gültiges JSON.") from exc
    if not isinstance(body, dict):
        raise BadMessage(400, "Erwartet wird ein JSON-Objekt mit „sender“ und „message“.")
    sender, message = body.get("sender"), body.get("message")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        raise BadMessage(400, f"„sender“ muss ein Text mit 1 bis {MAX_SENDER_CHARS} Zeichen sein.")
    if not isinstance(message, str):
        raise BadMessage(400, "„message“ muss ein Text sein.")
    if len(message) > MAX_CHARS:
        raise BadMessage(
            413, f"Die Nachricht ist zu lang. Bitte höchstens {MAX_CHARS:,} Zeichen schicken.".replace(",", ".")
        )
    cleaned = _CONTROL.sub("", message).strip()
    if not cleaned:
        raise BadMessage(400, "Die Nachricht ist leer. Bitte eine Frage eingeben.")
    return Checked({**body, "sender": _CONTROL.sub("", sender).strip(), "message": cleaned})
