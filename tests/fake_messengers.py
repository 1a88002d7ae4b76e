"""A local stand-in for the Telegram Bot API and the Twilio REST API (loopback only).

It answers like the real services (enough for aiogram and the Twilio client) and
records every call, so tests can check what the assistant sent.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Dict, List

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

BOT_NAME = "asa_test_bot"


class FakeMessengers:
    def __init__(self, port: int):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.calls: List[Dict] = []
        self._lock = threading.Lock()
        self.app = self._build()
        self._server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=port, log_level="warning"))
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def _record(self, service: str, method: str, form: Dict) -> None:
        with self._lock:
            self.calls.append({"service": service, "method": method, "form": form})

    def _build(self) -> FastAPI:
        app = FastAPI()

        @app.post("/bot{token}/{method}")
        async def telegram(token: str, method: str, request: Request):
            form = dict(await request.form())
            self._record("telegram", method, form)
            if method == "getMe":
                result = {"id": 1, "is_bot": True, "first_name": "AsA", "username": BOT_NAME}
            elif method == "sendMessage":
                result = {
                    "message_id": len(self.calls),
                    "date": int(time.time()),
                    "chat": {"id": int(form["chat_id"]), "type": "private"},
                    "text": form.get("text", ""),
                }
            else:
                result = True
            return {"ok": True, "result": result}

        @app.post("/2010-04-01/Accounts/{sid}/Messages.json")
        async def twilio(sid: str, request: Request):
            form = dict(await request.form())
            self._record("twilio", "Messages", form)
            return JSONResponse(
                status_code=201,
                content={
                    "sid": f"SM{len(self.calls):032d}",
                    "account_sid": sid,
                    "to": form.get("To"),
                    "from": form.get("From"),
                    "body": form.get("Body"),
                    "status": "queued",
                    "num_segments": "1",
                },
            )

        return app

    def start(self) -> "FakeMessengers":
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)

    def sent(self, service: str, chat: str, since: int = 0) -> List[Dict]:
        """Messages sent to one chat (Telegram chat id or WhatsApp number), oldest first."""
        with self._lock:
            calls = self.calls[since:]
        if service == "telegram":
            return [
                c["form"]
                for c in calls
                if c["service"] == "telegram" and c["method"] == "sendMessage" and c["form"].get("chat_id") == str(chat)
            ]
        return [c["form"] for c in calls if c["service"] == "twilio" and c["form"].get("To") == chat]

    def mark(self) -> int:
        with self._lock:
            return len(self.calls)


def keyboard(message: Dict) -> List[Dict]:
    """The buttons of a Telegram sendMessage call, flattened."""
    markup = json.loads(message.get("reply_markup") or "{}")
    return [button for row in markup.get("inline_keyboard", []) for button in row]
