"""Rasa's REST channel, same URL (/webhooks/rest/webhook), made fit for a public endpoint.

- First come, first served: Rasa handles messages in one event loop. Under load every
  message in flight gets a slice of the CPU at each `await`, so all of them finish late
  (p95 about three times p50 in `make bench`). A FIFO gate lets `concurrency` messages
  in at a time; one that waits longer than `max_wait` seconds goes on anyway, so a stuck
  one never holds up the others for long.
- Bad input (empty, too long, not UTF-8, not JSON) gets a 4xx with a German message
  before it reaches Rasa (channels/message_check.py); too many messages from one
  conversation or one client get 429 (runtime/rate_limit.py).
- Acknowledged means stored: Rasa's own handler answers 200 even when handling failed
  and logs the user's text. Here a failure, or a tracker store that could not save
  (runtime/outcome.py), gives 503 "please send again", and no text reaches the log.
- The polite answer for an unreachable action server (runtime/action_outage.py) is
  installed by `python -m runtime`, the entry point of every Rasa process we start.
  Importing this module installs it as well, so that a stock `rasa run` with this
  channel is guarded too; a set-up without it relies on the entry point alone.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any, Awaitable, Callable, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from channels.fifo_gate import FifoGate
from channels.message_check import BadMessage, check
from runtime import action_outage, outcome
from runtime.rate_limit import MESSAGE as RATE_LIMITED
from runtime.rate_limit import RateLimiter, client_address

logger = logging.getLogger(__name__)
action_outage.install()  # idempotent; see the module docstring

DEFAULT_CONCURRENCY = 1
DEFAULT_MAX_WAIT = 2.0
NOT_STORED = "Die Nachricht konnte gerade nicht gespeichert werden. Bitte gleich noch einmal senden."


class FairRestInput(RestInput):
    def __init__(self, concurrency: Optional[int] = None, max_wait: Optional[float] = None) -> None:
        self.concurrency = int(concurrency or os.environ.get("REST_CONCURRENCY", str(DEFAULT_CONCURRENCY)))
        self.max_wait = float(max_wait or os.environ.get("REST_MAX_WAIT", str(DEFAULT_MAX_WAIT)))
        self.trusted_proxies = os.environ.get("TRUSTED_PROXIES", "").replace(",", " ").split()
        self.limiter = RateLimiter.from_environment()
        self._gate: Optional[FifoGate] = None

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[dict]) -> "FairRestInput":
        credentials = credentials or {}
        return cls(credentials.get("concurrency"), credentials.get("max_wait"))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @blueprint.route("/", methods=["GET"])
        async def health(request: Request) -> response.HTTPResponse:
            return response.json({"status": "ok"})

        @blueprint.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> response.HTTPResponse:
            try:
                body = check(request.body or b"").body
            except BadMessage as bad:
                return response.json({"message": bad.message}, status=bad.status)
            client = client_address(request.ip, request.headers.get("x-forwarded-for"), self.trusted_proxies)
            refused = await self.limiter.refusal(body["sender"], client)
            if refused is not None:
                return response.json(
                    {"message": RATE_LIMITED}, status=429, headers={"Retry-After": str(refused.retry_after)}
                )
            collector = CollectingOutputChannel()
            message = UserMessage(
                body["message"],
                collector,
                body["sender"],
                input_channel=body.get("input_channel") or self.name(),
                metadata=body.get("metadata"),
            )
            state, token = outcome.begin()
            try:
                if self._gate is None:  # created inside the server's event loop
                    self._gate = FifoGate(self.concurrency, self.max_wait)
                async with self._gate.slot():
                    await on_new_message(message)
            except asyncio.CancelledError:
                logger.error("Nachricht abgebrochen (Verbindung geschlossen oder Zeitlimit).")
                return response.json({"message": NOT_STORED}, status=503)
            except Exception as error:
                # the type only: the exception text may quote the user's message
                logger.error("Nachricht konnte nicht verarbeitet werden: %s", type(error).__name__)
                return response.json({"message": NOT_STORED}, status=503)
            finally:
                outcome.end(token)
            if state.store_failed:
                return response.json({"message": NOT_STORED}, status=503)
            return response.json(collector.messages)

        return blueprint
