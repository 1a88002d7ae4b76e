"""A first-come-first-served gate for coroutines, with a bounded wait.

At most `slots` holders at a time; the others get in in arrival order. Whoever waits
longer than `max_wait` seconds goes on without a slot, so one stuck message (say, an
action server that does not answer) can never hold up every conversation.
"""

from __future__ import annotations

import asyncio
from collections import deque
from contextlib import asynccontextmanager
from typing import AsyncIterator, Deque


class FifoGate:
    def __init__(self, slots: int, max_wait: float) -> None:
        if slots < 1:
            raise ValueError("slots must be at least 1")
        self.free = slots
        self.max_wait = max_wait
        self._waiters: Deque[asyncio.Future] = deque()
        self.bypassed = 0  # how often someone gave up waiting (visible in tests and logs)

    async def _enter(self) -> bool:
        if self.free and not self._waiters:
            self.free -= 1
            return True
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await asyncio.wait({waiter}, timeout=self.max_wait)
        except asyncio.CancelledError:
            self._abandon(waiter)
            raise
        if waiter.done():
            return True  # a leaving holder handed its slot over
        self._abandon(waiter)
        self.bypassed += 1
        return False

    def _abandon(self, waiter: asyncio.Future) -> None:
        if waiter.done() and not waiter.cancelled():
            self._leave()  # the slot arrived just now: pass it on
        else:
            self._waiters.remove(waiter)
            waiter.cancel()

    def _leave(self) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
        self.free += 1

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[bool]:
        holding = await self._enter()
        try:
            yield holding
        finally:
            if holding:
                self._leave()
