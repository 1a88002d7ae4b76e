"""Telegram sends: one more try when the request never left (channels/telegram.py)."""

from __future__ import annotations

import asyncio
import socket
from concurrent.futures import ThreadPoolExecutor

import pytest

pytest.importorskip("aiogram")

import aiohttp  # noqa: E402
from aiogram.bot import api  # noqa: E402
from aiogram.utils.exceptions import NetworkError  # noqa: E402

from channels.telegram import AsaTelegramOutput  # noqa: E402


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


def send(monkeypatch, make_request) -> list:
    methods = []

    async def counting(*args, **kwargs):
        methods.append(args[3])
        return await make_request(*args, **kwargs)

    monkeypatch.setattr(api, "make_request", counting)

    async def run() -> None:
        output = AsaTelegramOutput("123456:TEST-TOKEN", f"http://127.0.0.1:{closed_port()}")
        try:
            with pytest.raises(NetworkError):
                await output.send_message(42, "Hallo")
        finally:
            await output.session.close()

    # a thread of its own: an earlier test (Playwright's sync API) may leave a loop running in this one
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, run()).result()
    return methods


def test_a_request_that_could_not_leave_is_sent_once_more_then_the_error_goes_up(monkeypatch):
    # the real aiogram request against a port nobody listens on: aiohttp's connection error
    assert send(monkeypatch, api.make_request) == ["sendMessage", "sendMessage"]


def test_a_request_that_may_have_arrived_is_not_repeated(monkeypatch):
    async def disconnected(*args, **kwargs):
        try:
            raise aiohttp.ServerDisconnectedError()
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp client throws an error: {error}") from None

    assert send(monkeypatch, disconnected) == ["sendMessage"]
