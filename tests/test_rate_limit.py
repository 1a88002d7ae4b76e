"""Rate limits (runtime/rate_limit.py): limits, the client's address behind a proxy, counting."""

import pytest
from conftest import run_async

from runtime.rate_limit import LIMITS_OFF, Limit, MemoryCounter, RateLimiter, client_address, parse_limit


def test_parse_limit():
    assert parse_limit("20/10") == Limit(20, 10)
    assert parse_limit(" 300 ") == Limit(300, 60)
    assert parse_limit("0") is None and parse_limit("off") is None and parse_limit("") is None
    with pytest.raises(ValueError):
        parse_limit("5/0")


@pytest.mark.parametrize(
    "peer, forwarded, expected",
    [
        ("198.51.100.7", None, "198.51.100.7"),  # no proxy
        ("198.51.100.7", "203.0.113.9", "198.51.100.7"),  # untrusted peer: its header is ignored
        ("127.0.0.1", "203.0.113.9", "203.0.113.9"),  # our proxy names the client
        ("127.0.0.1", "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # a forged first entry does not count
        ("127.0.0.1", "203.0.113.9, 10.0.0.2", "203.0.113.9"),  # two trusted proxies in a row
        ("127.0.0.1", "not-an-address", "127.0.0.1"),  # garbage: count it against the proxy
        ("127.0.0.1", None, "127.0.0.1"),
    ],
)
def test_client_address(peer, forwarded, expected):
    assert client_address(peer, forwarded, ["127.0.0.1", "10.0.0.2"]) == expected


def test_sender_and_client_limits_are_counted_separately():
    limiter = RateLimiter(Limit(3, 60), Limit(5, 60), MemoryCounter())

    async def run():
        results = [await limiter.refusal("a", "c1") for _ in range(4)]  # 4th: sender limit
        # a message refused for its sender is not counted for its client: c1 stands at 3
        results += [await limiter.refusal("b", "c1") for _ in range(3)]  # 4, 5, then 6 > 5
        results.append(await limiter.refusal("c", "c2"))  # another client passes
        results.append(await limiter.refusal("a", "c3"))  # "a" again: refused, not the first time
        return results

    results = run_async(run())
    assert results[:3] == [None] * 3 and 1 <= results[3].retry_after <= 60 and results[3].first
    assert results[4:6] == [None, None] and results[6] is not None
    assert results[7] is None
    assert results[8] is not None and not results[8].first


def test_limits_off_never_refuse():
    limiter = RateLimiter(None, None, MemoryCounter())
    assert all(run_async(limiter.refusal("a", "c")) is None for _ in range(50))


def test_the_measuring_scripts_switch_really_switches_both_limits_off():
    # make bench and make load pass LIMITS_OFF to their servers; a renamed variable would leave the limits on
    limiter = RateLimiter.from_environment(LIMITS_OFF)
    assert limiter.sender is None and limiter.client is None
    assert RateLimiter.from_environment({}).client is not None


def test_counter_failure_lets_messages_through():
    class Broken:
        async def hit(self, key, window):
            raise ConnectionError("redis away")

    assert run_async(RateLimiter(Limit(1, 10), None, Broken()).refusal("a", "c")) is None


def test_messenger_webhooks_have_no_per_address_limit():
    limiter = RateLimiter(Limit(100, 60), Limit(1, 60), MemoryCounter())
    assert all(run_async(limiter.refusal(f"user{n}")) is None for n in range(5))
