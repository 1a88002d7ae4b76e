"""`make load`: 50 concurrent conversations for 2 minutes on the scaled profile, 1 vs. 2 Rasa instances.

Loopback only, bounded in count and time. Each conversation is a person on a loopback
address of its own (127.0.1.x, so the proxy forwards distinct client addresses as in
production): a few FAQ questions, then the whole eligibility check, then a new conversation,
with a think time between messages (default 1 s ± 50 %, seeded). Everything goes through the
public entry proxy. The rate limits are off: this measures capacity, and with --think 0 one
person sends faster than the limits allow (tests/test_scaled.py covers the limits).
At the end every acknowledged message (HTTP 200) is looked up in PostgreSQL: "lost" counts
the ones that are not there.
Prints p50 / p95 / p99 latency and throughput for each number of instances side by side;
prints no figures, and exits 1, when any request failed (scripts/tally.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import statistics
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from run_scaled import Cluster, Ports  # noqa: E402
from sample_dialogues import FAQ_QUESTIONS, YOUTH_VORPHASE  # noqa: E402
from services import data_home  # noqa: E402
from tally import Tally, refusal  # noqa: E402

from runtime.rate_limit import LIMITS_OFF  # noqa: E402

PORTS = Ports(
    public=5305,
    internal=5304,
    rasa=(5301, 5302),
    actions_entry=5355,
    actions=(5351, 5352),
    web=8305,
    postgres=55632,
    redis=56579,
)


@dataclass
class Result:
    latencies: List[float] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)
    acknowledged: Dict[str, int] = field(default_factory=dict)
    empty: int = 0


async def person(number: int, url: str, deadline: float, think: float, result: Result, rng: random.Random) -> None:
    connector = aiohttp.TCPConnector(local_addr=(f"127.0.1.{number + 1}", 0))
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=60)) as session:
        while time.monotonic() < deadline:
            sender = f"load-{uuid.uuid4().hex[:12]}"
            result.acknowledged[sender] = 0
            script = rng.sample(FAQ_QUESTIONS, 3) + YOUTH_VORPHASE
            for text in script:
                if time.monotonic() >= deadline:
                    return
                started = time.monotonic()
                try:
                    async with session.post(url, json={"sender": sender, "message": text}) as response:
                        raw = await response.text()
                        if response.status != 200:
                            result.tally.fail(f"HTTP {response.status}", raw)
                        else:
                            body = json.loads(raw)
                            result.tally.ok()
                            result.latencies.append(time.monotonic() - started)
                            result.acknowledged[sender] += 1
                            result.empty += 0 if body else 1
                except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
                    result.tally.fail(type(error).__name__, str(error))
                if think:
                    await asyncio.sleep(think * rng.uniform(0.5, 1.5))


async def drive(url: str, conversations: int, seconds: float, think: float, seed: int) -> Result:
    result = Result()
    deadline = time.monotonic() + seconds
    rng = random.Random(seed)
    await asyncio.gather(
        *(person(n, url, deadline, think, result, random.Random(rng.random())) for n in range(conversations))
    )
    return result


def lost_messages(cluster: Cluster, acknowledged: Dict[str, int]) -> int:
    assert cluster.postgres is not None, "the load test runs on the scaled profile's PostgreSQL"
    stored = {
        sender: int(count)
        for sender, count in cluster.postgres.query(
            "SELECT sender_id, count(*) FROM events WHERE type_name = 'user' AND sender_id LIKE 'load-%' GROUP BY 1"
        )
    }
    return sum(max(0, count - stored.get(sender, 0)) for sender, count in acknowledged.items())


def percentile(values: List[float], share: float) -> float:
    return statistics.quantiles(values, n=100)[int(share * 100) - 1] if len(values) > 1 else float("nan")


def run(instances: int, args: argparse.Namespace) -> dict:
    home = ROOT / "var" / f"load-{instances}"
    shutil.rmtree(data_home(home.resolve()), ignore_errors=True)
    cluster = Cluster(home, PORTS.with_instances(instances), extra_env={"PURGE_INTERVAL_HOURS": "0", **LIMITS_OFF})
    try:
        cluster.start(with_web=False, timeout=300)
        url = f"http://127.0.0.1:{cluster.ports.public}/webhooks/rest/webhook"
        print(f"{instances} Instanz(en): {args.conversations} Gespräche, {args.seconds:.0f} s ...", flush=True)
        started = time.monotonic()
        result = asyncio.run(drive(url, args.conversations, args.seconds, args.think, args.seed))
        elapsed = time.monotonic() - started
        return {
            "instances": instances,
            "messages": len(result.latencies),
            "rate": len(result.latencies) / elapsed,
            "p50": percentile(result.latencies, 0.50) * 1000,
            "p95": percentile(result.latencies, 0.95) * 1000,
            "p99": percentile(result.latencies, 0.99) * 1000,
            "tally": result.tally,
            "empty": result.empty,
            "conversations": len(result.acknowledged),
            "lost": lost_messages(cluster, result.acknowledged),
        }
    finally:
        cluster.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--think", type=float, default=1.0, help="mean think time in seconds (0: none)")
    parser.add_argument("--instances", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    if not 1 <= args.conversations <= 250 or not 0 < args.seconds <= 600:
        parser.error("höchstens 250 Gespräche und 600 Sekunden")
    rows = [run(instances, args) for instances in args.instances]
    problem = refusal({f"{row['instances']} Instanz(en)": row["tally"] for row in rows})
    if problem:
        print(problem, file=sys.stderr)
        return 1
    report(rows, args)
    # empty answers and lost messages are findings of a clean run: printed, and still a failure
    return 0 if all(row["lost"] == 0 and row["empty"] == 0 for row in rows) else 1


def report(rows: List[dict], args: argparse.Namespace) -> None:
    print(
        f"\nLast: {args.conversations} gleichzeitige Gespräche, {args.seconds:.0f} s je Lauf, Denkzeit "
        f"{args.think:.1f} s ± 50 %, über den öffentlichen Proxy, PostgreSQL + Redis, ohne Rate-Limits; "
        f"keine Anfrage fehlgeschlagen"
    )
    print(
        f"{'Instanzen':>9} {'Nachr.':>7} {'Nachr./s':>9} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'Gespräche':>9} {'leer':>5} {'verloren':>8}"
    )
    for row in rows:
        print(
            f"{row['instances']:>9} {row['messages']:>7} {row['rate']:>9.1f} {row['p50']:>7.0f} {row['p95']:>7.0f} "
            f"{row['p99']:>7.0f} {row['conversations']:>9} {row['empty']:>5} {row['lost']:>8}"
        )


if __name__ == "__main__":
    sys.exit(main())
