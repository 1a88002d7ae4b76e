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

A server that hangs (paused, swapping, stuck in a call) is an outage too: Rasa waits
300 s for an action and lets no `timeout` of endpoints.yml shorten that (RemoteAction
passes its own constant), so the person would wait in silence. Here a step that needs
the action server gets ACTION_TIMEOUT_SECONDS (default 3) in all, then the same answer.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any, Awaitable, Callable, Optional

import aiohttp
from rasa.core.actions.action import (
    Action,
    ActionExecutionRejection,
    ActionListen,
    RemoteAction,
    action_for_name_or_text,
)
from rasa.core.actions.loops import LoopAction
from rasa.core.policies.policy import PolicyPrediction
from rasa.core.processor import MessageProcessor
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

# which response stands in for which custom action (responses in domain.yml)
STAND_IN = {
    "action_suggest_topics": "utter_scope",
    # a follow-up gets the general answer of its aspect, chosen by the NLU (utter_faq)
    "action_answer_follow_up": "utter_faq",
}
DEFAULT_STAND_IN = "utter_check_unavailable"
HEALTH_TIMEOUT = 1.0
# the check's steps take milliseconds; 3 s leaves room for a busy machine and still gets
# the polite answer out within 5 s of the person's message
DEFAULT_ACTION_TIMEOUT = 3.0


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


def action_timeout() -> float:
    """Seconds a step that needs the action server may take (environment ACTION_TIMEOUT_SECONDS)."""
    return float(os.environ.get("ACTION_TIMEOUT_SECONDS", DEFAULT_ACTION_TIMEOUT))


def needs_action_server(action: Action) -> bool:
    return isinstance(action, (RemoteAction, LoopAction))


def install() -> None:
    if getattr(MessageProcessor._run_action, "asa_outage_guard", False):
        return
    original: Callable[..., Awaitable[bool]] = MessageProcessor._run_action
    timeout = action_timeout()

    async def run_action(
        self: MessageProcessor,
        action: Action,
        tracker: Any,
        output_channel: Any,
        nlg: Any,
        prediction: PolicyPrediction,
    ) -> bool:
        if not needs_action_server(action):
            return await original(self, action, tracker, output_channel, nlg, prediction)
        run = action.run

        async def run_or_detect_outage(*args: Any, **kwargs: Any) -> Any:
            try:
                # the whole step, not each request: a form may call the server more than once
                return await asyncio.wait_for(run(*args, **kwargs), timeout)
            except ActionExecutionRejection:
                raise  # a form declining to handle the message: Rasa's normal flow
            except asyncio.TimeoutError:
                # no health probe here: it would only add its own second to the wait
                logger.error(
                    "Action-Server antwortet nicht binnen %g s: '%s' übersprungen, Ersatzantwort gesendet.",
                    timeout,
                    action.name(),
                )
                raise ActionFailed() from None
            except Exception as error:
                reason = (
                    "Fehler im Action-Server"
                    if await server_answers(self.action_endpoint)
                    else "Action-Server nicht erreichbar"
                )
                logger.error(
                    "%s: '%s' übersprungen (%s), Ersatzantwort gesendet.", reason, action.name(), type(error).__name__
                )
                raise ActionFailed() from None

        action.run = run_or_detect_outage
        try:
            return await original(self, action, tracker, output_channel, nlg, prediction)
        except ActionFailed:
            stand_in = STAND_IN.get(action.name(), DEFAULT_STAND_IN)
            for name in (stand_in, ActionListen().name()):
                await original(
                    self,
                    action_for_name_or_text(name, self.domain, self.action_endpoint),
                    tracker,
                    output_channel,
                    nlg,
                    PolicyPrediction.for_action_name(self.domain, name, "ActionOutage"),
                )
            return False

    run_action.asa_outage_guard = True  # type: ignore[attr-defined]
    MessageProcessor._run_action = run_action
