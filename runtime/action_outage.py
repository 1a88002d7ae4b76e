"""A polite answer instead of silence while the action server is down or failing.

Rasa 3.6 logs a failed custom action, drops its events and predicts on; the user
gets no answer, or the next rule fires on a half-run check. Rasa has no setting for
this, so `install()` wraps MessageProcessor._run_action: when an action that needs
the action server (a custom action, or the form whose questions it computes) fails,
the bot says that the check is unavailable right now and listens. Nothing of the
failed step is recorded, so the form stays where it was with every slot kept, and
the same answer works again once the server is back. FAQ answers are plain
responses and keep working throughout. The log tells an outage (the server's health
check does not answer) from an error inside a running server.
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Optional

import aiohttp
from rasa.core.actions.action import (
    Action, ActionExecutionRejection, ActionListen, RemoteAction, action_for_name_or_text)
from rasa.core.actions.loops import LoopAction
from rasa.core.policies.policy import PolicyPrediction
from rasa.core.processor import MessageProcessor
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

# which response stands in for which custom action (responses in domain.yml)
STAND_IN = {"action_suggest_topics": "utter_scope"}
DEFAULT_STAND_IN = "utter_check_unavailable"
HEALTH_TIMEOUT = 1.0


class ActionFailed(BaseException):
    """Not an Exception on purpose: Rasa's `except Exception` in _run_action must let it through."""


def health_url(endpoint: EndpointConfig) -> str:
    base = endpoint.url.rsplit("/webhook", 1)[0] if endpoint.url.endswith("/webhook") else endpoint.url
    return base.rstrip("/") + "/health"


async def server_answers(endpoint: Optional[EndpointConfig]) -> bool:
    if endpoint is None or not endpoint.url:
        return False
    try:
        timeout = aiohttp.ClientTimeout(total=HEALTH_TIMEOUT)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            async with session.get(health_url(endpoint)) as response:
                return response.status == 200
    except (aiohttp.ClientError, OSError, TimeoutError):
        return False


def needs_action_server(action: Action) -> bool:
    return isinstance(action, (RemoteAction, LoopAction))


def install() -> None:
    if getattr(MessageProcessor._run_action, "asa_outage_guard", False):
        return
    original: Callable[..., Awaitable[bool]] = MessageProcessor._run_action

    async def run_action(self: MessageProcessor, action: Action, tracker: Any, output_channel: Any, nlg: Any,
                         prediction: PolicyPrediction) -> bool:
        if not needs_action_server(action):
            return await original(self, action, tracker, output_channel, nlg, prediction)
        run = action.run

        async def run_or_detect_outage(*args: Any, **kwargs: Any) -> Any:
            try:
                return await run(*args, **kwargs)
            except ActionExecutionRejection:
                raise  # a form declining to handle the message: Rasa's normal flow
            except Exception as error:
                reason = "Fehler im Action-Server" if await server_answers(self.action_endpoint) \
                    else "Action-Server nicht erreichbar"
                logger.error("%s: '%s' übersprungen (%s), Ersatzantwort gesendet.", reason, action.name(),
                             type(error).__name__)
                raise ActionFailed() from None

        action.run = run_or_detect_outage  # type: ignore[method-assign]
        try:
            return await original(self, action, tracker, output_channel, nlg, prediction)
        except ActionFailed:
            stand_in = STAND_IN.get(action.name(), DEFAULT_STAND_IN)
            for name in (stand_in, ActionListen().name()):
                await original(self, action_for_name_or_text(name, self.domain, self.action_endpoint), tracker,
                               output_channel, nlg, PolicyPrediction.for_action_name(self.domain, name, "ActionOutage"))
            return False

    run_action.asa_outage_guard = True  # type: ignore[attr-defined]
    MessageProcessor._run_action = run_action  # type: ignore[method-assign]
