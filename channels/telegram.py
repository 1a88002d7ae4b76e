"""Telegram through Rasa's built-in connector, with our message splitting and a configurable API URL.

Configured from the environment by scripts/run_all.py (no token in the repository):
TELEGRAM_TOKEN, TELEGRAM_BOT_NAME, TELEGRAM_WEBHOOK_URL, optionally TELEGRAM_API_URL
(default: Telegram's own servers; the tests point it at a local fake Bot API server).
"""

from __future__ import annotations

import asyncio
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import aiohttp
from aiogram import Bot
from aiogram.bot.api import TELEGRAM_PRODUCTION, TelegramAPIServer
from aiogram.utils.exceptions import NetworkError, TelegramAPIError
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint

from channels.formatting import TELEGRAM_LIMIT, split_message
from channels.messenger_limit import over_limit
from runtime.rate_limit import RateLimiter

# Telegram's bot commands; the assistant greets on each of them
_COMMANDS = {"/start", "/hilfe", "/help", "/menu", "/menue"}


class AsaTelegramOutput(TelegramOutput):
    def __init__(self, access_token: Optional[Text], api_url: Optional[Text] = None) -> None:
        server = TelegramAPIServer.from_base(api_url) if api_url else TELEGRAM_PRODUCTION
        Bot.__init__(self, access_token, server=server)

    async def request(
        self, method: Text, data: Optional[Dict] = None, files: Optional[Dict] = None, **kwargs: Any
    ) -> Any:
        try:
            return await super().request(method, data, files, **kwargs)
        except NetworkError as error:
            # An OS error (mostly a pooled keep-alive connection the API server had just closed: "Can not
            # write request body", or no connection at all) almost always means that the request never
            # arrived: one more try on a fresh connection. Without it Rasa answers the webhook with 500 and
            # Telegram delivers the whole update again, so every answer of the turn would come twice.
            # aiogram raises NetworkError inside its `except aiohttp.ClientError`: the cause is the context.
            if files or not isinstance(error.__context__, aiohttp.ClientOSError):
                raise
            return await super().request(method, data, files, **kwargs)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        for part in split_message(text, TELEGRAM_LIMIT):
            await self.send_message(recipient_id, part)

    async def send_text_with_buttons(
        self,
        recipient_id: Text,
        text: Text,
        buttons: List[Dict[Text, Any]],
        button_type: Optional[Text] = "vertical",
        **kwargs: Any,
    ) -> None:
        parts = split_message(text, TELEGRAM_LIMIT) or [""]
        for part in parts[:-1]:
            await self.send_message(recipient_id, part)
        # Rasa's connector builds the keyboard: one button per row, because German titles are long on a
        # phone; a press sends the payload back as a callback query
        await super().send_text_with_buttons(recipient_id, parts[-1], buttons, button_type=button_type, **kwargs)


class TelegramChannel(TelegramInput):
    @classmethod
    def name(cls) -> Text:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TelegramChannel":
        if not credentials:
            cls.raise_missing_credentials_exception()
        assert credentials is not None  # for the type checker: the call above never returns
        channel = cls(credentials.get("access_token"), credentials.get("verify"), credentials.get("webhook_url"))
        channel.api_url = credentials.get("api_url") or None
        return channel

    api_url: Optional[Text] = None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        limiter = RateLimiter.from_environment()

        async def handle(message: UserMessage) -> Any:
            if await over_limit(limiter, message):
                return None
            if (message.text or "").strip().split("@")[0].lower() in _COMMANDS:
                message.text = "/greet"
            return await on_new_message(message)

        return super().blueprint(handle)

    def get_output_channel(self) -> AsaTelegramOutput:
        channel = AsaTelegramOutput(self.access_token, self.api_url)

        async def register() -> None:
            try:
                await channel.set_webhook(url=self.webhook_url)
            finally:
                # Rasa's connector keeps the HTTP session of this short-lived event loop and then fails
                # with "Event loop is closed" at the first message; closed here, the server's loop opens a new one
                await channel.session.close()

        try:
            asyncio.run(register())
        except TelegramAPIError as error:
            raise RasaException("Failed to set channel webhook: " + str(error)) from error
        return channel
