"""Rasa's REST channel, same URL (/webhooks/rest/webhook), with first-come-first-served processing.

Rasa handles messages in one event loop. Under load, every message in flight gets
a slice of the CPU at each `await`, so all of them finish late and some very late
(p95 about three times p50 in `make bench`). A FIFO gate lets one message in at a
time: the first ones finish first, the others wait their turn. Throughput stays the
same; the tail latency drops. A message that waits longer than `max_wait` seconds
goes on anyway, so a stuck one never holds up the others for long.
Bad input (empty, too long, not UTF-8, not JSON) gets a 4xx with a German message
before it reaches Rasa (channels/message_check.py).
"""
from __future__ import annotations

import os
from typing import Any, Awaitable, Callable, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from channels.fifo_gate import FifoGate
from channels.message_check import BadMessage, check

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

        blueprint = super().blueprint(gated)

        @blueprint.middleware("request")
        async def refuse_bad_input(request: Request) -> Optional[response.HTTPResponse]:
            if request.method != "POST":
                return None
            try:
                checked = check(request.body or b"")
            except BadMessage as bad:
                return response.json({"message": bad.message}, status=bad.status)
            request.parsed_json = checked.body  # Rasa's handler reads the cleaned message
            return None

        return blueprint
