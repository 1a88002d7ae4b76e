"""What went wrong while one message was handled, for the channel to answer honestly.

Rasa wraps every tracker store in a FailSafeTrackerStore that swallows errors: a failed
save falls back to memory and the HTTP reply would still be 200, although nothing was
stored. The channel opens an Outcome per message; the tracker store marks it when the
database stays unreachable, and the channel then answers 503 instead of acknowledging.
Context variables follow the message through every `await` of its task.
"""

from __future__ import annotations

from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import Optional


@dataclass
class Outcome:
    store_failed: bool = False


_current: ContextVar[Optional[Outcome]] = ContextVar("asa_message_outcome", default=None)


def begin() -> "tuple[Outcome, Token]":
    outcome = Outcome()
    return outcome, _current.set(outcome)


def end(token: Token) -> None:
    _current.reset(token)


def mark_store_failed() -> None:
    outcome = _current.get()
    if outcome is not None:
        outcome.store_failed = True
