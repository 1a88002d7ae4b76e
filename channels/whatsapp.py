"""WhatsApp through Rasa's Twilio connector: buttons as a numbered list, "2" selects the second option.

The options of the last question are read back from the conversation itself (the
tracker store), so this works after a restart and across several Rasa instances.
Every webhook call must carry a valid Twilio signature (X-Twilio-Signature).
Configured from the environment by scripts/run_all.py: TWILIO_ACCOUNT_SID,
TWILIO_AUTH_TOKEN, TWILIO_NUMBER, TWILIO_WEBHOOK_URL (the public URL Twilio calls,
needed for the signature), optionally TWILIO_API_URL (tests: a local fake API).
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from sanic import Blueprint, response
from sanic.request import Request
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from channels.formatting import WHATSAPP_LIMIT, chosen_payload, numbered_list, split_message
from channels.messenger_limit import over_limit
from runtime.rate_limit import RateLimiter

logger = logging.getLogger(__name__)
TWILIO_API = "https://api.twilio.com"


class _RedirectingHttpClient(TwilioHttpClient):
    """Sends the Twilio client's requests to another base URL (a local fake API in tests)."""

    def __init__(self, base_url: str) -> None:
        super().__init__(timeout=10)
        self.base_url = base_url.rstrip("/")

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        if url.startswith(TWILIO_API):
            url = self.base_url + url[len(TWILIO_API) :]
        return super().request(method, url, *args, **kwargs)


class WhatsAppOutput(TwilioOutput):
    def __init__(
        self,
        account_sid: Optional[Text],
        auth_token: Optional[Text],
        twilio_number: Optional[Text],
        api_url: Optional[Text] = None,
    ) -> None:
        http_client = _RedirectingHttpClient(api_url) if api_url else TwilioHttpClient(timeout=10)
        Client.__init__(self, account_sid, auth_token, http_client=http_client)
        self.twilio_number = twilio_number
        self.send_retry = 0
        self.max_retry = 5

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        for part in split_message(text, WHATSAPP_LIMIT):
            await self._send_message({"to": recipient_id, "from_": self.twilio_number, "body": part})

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_message(recipient_id, numbered_list(text, buttons))


def last_buttons(events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Buttons of the bot's last message (empty when the last message had none)."""
    for event in reversed(events):
        if event.get("event") == "bot":
            return list((event.get("data") or {}).get("buttons") or [])
        if event.get("event") == "user":
            return []
    return []


class WhatsAppInput(TwilioInput):
    @classmethod
    def name(cls) -> Text:
        return "twilio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "WhatsAppInput":
        if not credentials:
            cls.raise_missing_credentials_exception()
        assert credentials is not None  # for the type checker: the call above never returns
        channel = cls(
            credentials.get("account_sid"),
            credentials.get("auth_token"),
            credentials.get("twilio_number"),
            debug_mode=False,
        )
        channel.api_url = credentials.get("api_url") or None
        channel.webhook_url = credentials.get("webhook_url") or None
        return channel

    api_url: Optional[Text] = None
    webhook_url: Optional[Text] = None

    def get_output_channel(self) -> WhatsAppOutput:
        return WhatsAppOutput(self.account_sid, self.auth_token, self.twilio_number, self.api_url)

    def _signature_ok(self, request: Request) -> bool:
        validator = RequestValidator(self.auth_token or "")
        url = self.webhook_url or request.url
        params = {key: request.form.get(key) for key in request.form}
        return validator.validate(url, params, request.headers.get("X-Twilio-Signature", ""))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        limiter = RateLimiter.from_environment()
        agent_holder: Dict[str, Any] = {}

        async def handle(message: UserMessage) -> Any:
            if await over_limit(limiter, message):
                return None
            agent = agent_holder.get("agent")
            if agent is not None and message.text:
                tracker = await agent.tracker_store.retrieve(message.sender_id)
                if tracker is not None:
                    payload = chosen_payload(message.text, last_buttons([e.as_dict() for e in tracker.events]))
                    if payload:
                        message.text = payload
            return await on_new_message(message)

        blueprint = super().blueprint(handle)

        @blueprint.middleware("request")
        async def check_signature(request: Request) -> Optional[response.HTTPResponse]:
            agent_holder["agent"] = getattr(request.app.ctx, "agent", None)
            if request.method == "POST" and not self._signature_ok(request):
                logger.warning("twilio webhook call with an invalid signature refused")
                return response.text("Ungültige Signatur.", status=403)
            return None

        return blueprint
