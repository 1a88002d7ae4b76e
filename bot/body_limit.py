"""A request-body limit in front of everything, checked before any parsing.

Starlette 0.27 (pinned by Rasa's FastAPI) parses a posted form in full, without a size limit
(CVE-2024-47874, CVE-2026-54283): a 20 MiB form to /hotline/login would be read and parsed
before the login even looks at it. This ASGI middleware answers 413 as soon as the declared
length, or the bytes actually received (chunked uploads declare none), exceed the limit.
"""

from __future__ import annotations

import json
from typing import Any, Awaitable, Callable, Dict

DEFAULT_MAX_BODY_BYTES = 64 * 1024
MESSAGE = "Die Anfrage ist zu groß. Erlaubt sind höchstens {kib} KiB."

Scope = Dict[str, Any]
Message = Dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class BodyLimit:
    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]], max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(send)
            return
        received = 0
        too_large = False
        app_started = False
        refused = False

        async def limited_receive() -> Message:
            nonlocal received, too_large
            if too_large:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # the app sees a client that went away and stops reading; its answer to that
                    # (FastAPI: 400) is replaced by the 413 below
                    too_large = True
                    return {"type": "http.disconnect"}
            return message

        async def limited_send(message: Message) -> None:
            nonlocal app_started, refused
            if too_large and not app_started:
                if not refused:
                    refused = True
                    await self._refuse(send)
                return
            app_started = app_started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, limited_send)
        except Exception:
            if not too_large:
                raise
        if too_large and not app_started and not refused:
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = json.dumps({"message": MESSAGE.format(kib=self.max_bytes // 1024)}, ensure_ascii=False).encode()
        headers = [
            (b"content-type", b"application/json; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})
