"""The FIFO gate of the REST channel: arrival order, bounded wait, no lost slots."""

from __future__ import annotations

import asyncio

import pytest
from conftest import run_async

from channels.fifo_gate import FifoGate


def run(coroutine):
    return run_async(coroutine)


def test_holders_get_in_in_arrival_order():
    async def scenario():
        gate, order = FifoGate(1, max_wait=5), []

        async def message(name, work):
            async with gate.slot() as holding:
                assert holding
                order.append(f"{name}+")
                await asyncio.sleep(work)  # an await inside: without the gate the others would overtake
                order.append(f"{name}-")

        await asyncio.gather(*(message(n, w) for n, w in (("a", 0.03), ("b", 0.0), ("c", 0.01), ("d", 0.0))))
        return order, gate

    order, gate = run(scenario())
    assert order == ["a+", "a-", "b+", "b-", "c+", "c-", "d+", "d-"]
    assert gate.free == 1 and gate.bypassed == 0


def test_two_slots_let_two_in_at_once():
    async def scenario():
        gate, inside, peak = FifoGate(2, max_wait=5), 0, 0

        async def message():
            nonlocal inside, peak
            async with gate.slot():
                inside += 1
                peak = max(peak, inside)
                await asyncio.sleep(0.01)
                inside -= 1

        await asyncio.gather(*(message() for _ in range(6)))
        return peak, gate

    peak, gate = run(scenario())
    assert peak == 2 and gate.free == 2


def test_a_stuck_holder_delays_the_others_only_up_to_max_wait():
    async def scenario():
        gate = FifoGate(1, max_wait=0.05)
        release = asyncio.Event()

        async def stuck():
            async with gate.slot():
                await release.wait()

        async def quick():
            started = asyncio.get_running_loop().time()
            async with gate.slot() as holding:
                return holding, asyncio.get_running_loop().time() - started

        task = asyncio.ensure_future(stuck())
        await asyncio.sleep(0)
        results = await asyncio.gather(quick(), quick())
        release.set()
        await task
        return results, gate

    results, gate = run(scenario())
    assert all(not holding and 0.04 < waited < 1.0 for holding, waited in results)
    assert gate.bypassed == 2 and gate.free == 1


def test_a_cancelled_waiter_does_not_lose_the_slot():
    async def scenario():
        gate = FifoGate(1, max_wait=5)
        release = asyncio.Event()

        async def holder():
            async with gate.slot():
                await release.wait()

        first = asyncio.ensure_future(holder())
        await asyncio.sleep(0)
        waiting = asyncio.ensure_future(holder())  # e.g. the client hung up while waiting
        await asyncio.sleep(0)
        waiting.cancel()
        release.set()
        await first
        with pytest.raises(asyncio.CancelledError):
            await waiting
        async with gate.slot() as holding:
            return holding, gate

    holding, gate = run(scenario())
    assert holding and gate.free == 1


def test_a_gate_needs_at_least_one_slot():
    with pytest.raises(ValueError):
        FifoGate(0, max_wait=1)
