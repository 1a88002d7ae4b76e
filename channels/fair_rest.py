"""Rasa's REST channel, same URL (/webhooks/rest/webhook), with first-come-first-served processing.

Rasa handles messages in one event loop. Under load, every message in flight gets
a slice of the CPU at each `await`, so all of them finish late and some very late
(p95 about three times p50 in `make bench`). A FIFO gate lets one message in at a
time: the first ones finish first, the others wait their turn. Throughput stays the
same; the tail latency drops. A message that waits longer than `max_wait` seconds
goes on anyway, so a stuck one never holds up the others for long.
"""
from __future__ import annotations

import os
from typing import Any, Awaitable, Callable, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint

from channels.fifo_gate import FifoGate

DEFAULT_CONCURRENCY = 1
DEFAULT_MAX_WAIT = 2.0


class FairRestInput(RestInput):
    def __init__(self, concurrency: Optional[int] = None, max_wait: Optional[float] = None) -> None:
        self.concurrency = int(concurrency or os.environ.get("REST_CONCURRENCY", DEFAULT_CONCURRENCY))
        self.max_wait = float(max_wait or os.environ.get("REST_MAX_WAIT", DEFAULT_MAX_WAIT))
        self._gate: Optional[FifoGate] = None

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[dict]) -> "FairRestInput":
        credentials = credentials or {}
        return cls(credentials.get("concurrency"), credentials.get("max_wait"))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def gated(message: UserMessage) -> Any:
            if self._gate is None:  # created inside the server's event loop
                self._gate = FifoGate(self.concurrency, self.max_wait)
            async with self._gate.slot():
                return await on_new_message(message)

        return super().blueprint(gated)
