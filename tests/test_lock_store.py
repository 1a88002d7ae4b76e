"""The lock store keeps two Rasa instances from handling one conversation at the same time.

Rasa 3.6's RedisLockStore issues tickets by read-change-write; two instances asking at once can
both get the same ticket and both go ahead (the lost message of issue 16, see
runtime/atomic_lock_store.py). These tests let two lock stores, each with its own Redis
connection and event loop as two instances have, compete for one conversation.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from pathlib import Path

import pytest
from rasa.core.lock_store import RedisLockStore

from runtime.atomic_lock_store import AtomicRedisLockStore

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from services import Redis  # noqa: E402

pytestmark = pytest.mark.scaled  # needs the Redis server of the scaled profile
PORT = 56679


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    server = Redis(tmp_path_factory.mktemp("redis"), PORT).start()
    yield server
    server.process.terminate()
    server.process.wait(timeout=10)


def stores(cls, server):
    return [cls(host="127.0.0.1", port=PORT, password=server.password, db=1, key_prefix="test") for _ in range(2)]


def compete(store_pair, conversation: str, rounds: int) -> dict:
    """Both stores handle `rounds` messages of one conversation each, as fast as they can;
    counts how often both were inside the lock at once, and the tickets they were given."""
    state = {"inside": 0, "overlaps": 0, "tickets": []}
    guard = threading.Lock()

    async def handle(store):
        async with store.lock(conversation, lock_lifetime=30, wait_time_in_seconds=0.01) as lock:
            with guard:
                state["inside"] += 1
                state["overlaps"] += state["inside"] > 1
                state["tickets"].append(lock.now_serving)
            await asyncio.sleep(0.002)  # "handling the message"
            with guard:
                state["inside"] -= 1

    def instance(store):
        async def run():
            await asyncio.gather(*(handle(store) for _ in range(rounds)))

        asyncio.run(run())

    threads = [threading.Thread(target=instance, args=(store,)) for store in store_pair]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "an instance did not finish"
    return state


def test_two_instances_never_hold_the_lock_of_one_conversation_at_once(redis_server):
    state = compete(stores(AtomicRedisLockStore, redis_server), "gespraech-1", rounds=25)
    assert state["overlaps"] == 0
    assert len(state["tickets"]) == 50 and len(set(state["tickets"])) == 50  # every ticket unique


def issue_at_once(store_pair, conversation: str, per_thread: int) -> list:
    """Four threads (two per store) ask for tickets of one conversation at the same time."""
    issued: list = []

    def ask(store):
        for _ in range(per_thread):
            issued.append(store.issue_ticket(conversation, 30))

    threads = [threading.Thread(target=ask, args=(store,)) for store in store_pair + store_pair]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return issued


def test_tickets_are_unique_however_many_instances_ask_at_once(redis_server):
    pair = stores(AtomicRedisLockStore, redis_server)
    issued = issue_at_once(pair, "gespraech-2", 100)
    assert sorted(issued) == list(range(400))  # Rasa numbers tickets from 0
    assert len(pair[1].get_lock("gespraech-2").tickets) == 400  # none overwritten
    for number in issued:
        pair[0].cleanup("gespraech-2", number)
    assert pair[1].get_lock("gespraech-2") is None  # the last one out deletes the lock


def test_rasas_own_store_gives_one_ticket_twice_or_loses_one(redis_server):
    # the behaviour the atomic store fixes; if an upgrade of Rasa fixes it, this test fails and
    # says that runtime/atomic_lock_store.py can go
    pair = stores(RedisLockStore, redis_server)
    issued = issue_at_once(pair, "gespraech-3", 100)
    kept = len(pair[0].get_lock("gespraech-3").tickets)
    assert len(set(issued)) < len(issued) or kept < len(issued)
