"""Per-client rate limits for the public chat endpoint, in fixed time windows.

Two limits: per conversation (`sender`; a script hammering one conversation) and per
client address (many conversations from one machine). Behind a proxy the address is
taken from X-Forwarded-For, but only when the request comes from a trusted proxy;
otherwise anybody could pick their own address.
With several Rasa instances the counters live in Redis (the lock store's server), so
a client cannot multiply its limit by landing on different instances. Should Redis be
unreachable, messages go through: the chat staying usable matters more than the limit.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import os
import time
from dataclasses import dataclass
from typing import Dict, Iterable, Optional, Protocol, Tuple

logger = logging.getLogger(__name__)

DEFAULT_SENDER_LIMIT = "20/10"  # a person types and clicks far slower; double clicks stay well inside
DEFAULT_CLIENT_LIMIT = "300/60"  # a school class behind one address
# For the servers `make bench` and `make load` start: they measure capacity, from one or a few
# addresses and far faster than any person, so with the limits on they would measure the 429s.
LIMITS_OFF = {"RATE_LIMIT_SENDER": "off", "RATE_LIMIT_CLIENT": "off"}
MESSAGE = "Zu viele Nachrichten in kurzer Zeit. Bitte ein paar Sekunden warten und dann noch einmal senden."


@dataclass(frozen=True)
class Refusal:
    retry_after: int  # seconds until the window that refused the message ends
    first: bool  # the first refused message of that window (messengers send one notice, not one per message)


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


def parse_limit(text: Optional[str]) -> Optional[Limit]:
    """'20/10' → 20 messages per 10 seconds; '0', 'off' or empty → no limit."""
    text = (text or "").strip().lower()
    if text in ("", "0", "off"):
        return None
    count, _, seconds = text.partition("/")
    limit = Limit(int(count), int(seconds or 60))
    if limit.count < 1 or limit.seconds < 1:
        raise ValueError(f"ungültiges Limit: {text!r} (Form: Anzahl/Sekunden, z. B. 20/10)")
    return limit


def client_address(peer: str, forwarded_for: Optional[str], trusted_proxies: Iterable[str]) -> str:
    """The client's address: the peer, or, when the peer is a trusted proxy, the last
    address in X-Forwarded-For that is not itself a trusted proxy."""
    trusted = set(trusted_proxies)
    if peer not in trusted or not forwarded_for:
        return peer
    for hop in reversed([part.strip() for part in forwarded_for.split(",") if part.strip()]):
        if hop not in trusted:
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer  # a forged, unparsable entry: count it against the proxy's own address
    return peer


class Counter(Protocol):
    async def hit(self, key: str, window: int) -> int:
        """Counts one hit in the current window of `window` seconds; returns the count so far."""


class MemoryCounter:
    def __init__(self) -> None:
        self._counts: Dict[Tuple[str, int], int] = {}

    async def hit(self, key: str, window: int) -> int:
        slot = int(time.time() // window)
        if len(self._counts) > 100_000:  # old windows are useless; drop them now and then
            self._counts = {k: v for k, v in self._counts.items() if k[1] >= slot - 1}
        self._counts[(key, slot)] = self._counts.get((key, slot), 0) + 1
        return self._counts[(key, slot)]


class RedisCounter:
    def __init__(self, host: str, port: int, password: Optional[str]) -> None:
        import redis.asyncio

        self._redis = redis.asyncio.Redis(
            host=host, port=port, password=password, socket_timeout=0.5, socket_connect_timeout=0.5
        )

    async def hit(self, key: str, window: int) -> int:
        slot = int(time.time() // window)
        name = f"asa:ratelimit:{key}:{slot}"
        pipe = self._redis.pipeline()
        pipe.incr(name)
        pipe.expire(name, window + 1)
        count, _ = await pipe.execute()
        return int(count)


class RateLimiter:
    def __init__(self, sender: Optional[Limit], client: Optional[Limit], counter: Counter) -> None:
        self.sender, self.client, self.counter = sender, client, counter

    @classmethod
    def from_environment(cls, environ: Optional[Dict[str, str]] = None) -> "RateLimiter":
        environ = dict(os.environ if environ is None else environ)
        counter: Counter = MemoryCounter()
        if environ.get("REDIS_HOST"):
            counter = RedisCounter(
                environ["REDIS_HOST"], int(environ.get("REDIS_PORT", 6379)), environ.get("REDIS_PASSWORD") or None
            )
        return cls(
            parse_limit(environ.get("RATE_LIMIT_SENDER", DEFAULT_SENDER_LIMIT)),
            parse_limit(environ.get("RATE_LIMIT_CLIENT", DEFAULT_CLIENT_LIMIT)),
            counter,
        )

    async def refusal(self, sender: str, client: Optional[str] = None) -> Optional[Refusal]:
        """None when the message may pass. `client` None: no per-address limit (a messenger's webhook,
        where every request comes from the messenger's own servers)."""
        checks = [(f"s:{sender}", self.sender)] + ([(f"c:{client}", self.client)] if client is not None else [])
        for key, limit in checks:
            if limit is None:
                continue
            try:
                count = await self.counter.hit(key, limit.seconds)
            except Exception as error:  # Redis away: let the message through
                logger.warning("Rate-Limit nicht prüfbar (%s); Nachricht wird durchgelassen.", type(error).__name__)
                return None
            if count > limit.count:
                return Refusal(max(1, math.ceil(limit.seconds - time.time() % limit.seconds)), count == limit.count + 1)
        return None
