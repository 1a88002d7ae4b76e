"""`make load`: 50 concurrent conversations for 2 minutes on the scaled profile, 1 vs. 2 Rasa instances,
then the same on 2 instances with faults.

Loopback only, bounded in count and time. Each conversation is a person on a loopback
address of its own (127.0.1.x, so the entry forwards distinct client addresses as in
production): a few FAQ questions, then the whole eligibility check, then a new conversation,
with a think time between messages (default 1 s ± 50 %, seeded). Everything goes through the
public entry (nginx, deploy/nginx/entry.conf). The rate limits are off: this measures capacity,
and with --think 0 one person sends faster than the limits allow (tests/test_scaled.py and
tests/test_entry_proxy.py cover the limits).
At the end every acknowledged message (HTTP 200) is looked up in PostgreSQL: "lost" counts
the ones that are not there.
The capacity runs print p50 / p95 / p99 latency and throughput side by side; they print no
figures, and exit 1, when any request failed (scripts/tally.py).
The fault run (--faults, on by default) kills one Rasa instance after --kill-at seconds and
starts it again at once, and pauses both action servers (SIGSTOP) for 10 s at --pause-at. A
person whose message failed sends it again after a second, as the chat asks. Its table shows,
per phase (before, during, after the faults), the messages, the failed requests, the check's
"not reachable" answers, p95 and the lost messages; lost must be 0 in every phase.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import shutil
import signal
import statistics
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import aiohttp
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from run_scaled import Cluster, Ports  # noqa: E402
from sample_dialogues import FAQ_QUESTIONS, YOUTH_VORPHASE  # noqa: E402
from services import data_home  # noqa: E402
from tally import Tally, refusal  # noqa: E402

from runtime.action_outage import DEFAULT_STAND_IN  # noqa: E402
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


def _stand_in_openings() -> Tuple[str, ...]:
    """How the check's "not reachable" answer begins (domain.yml's utter_check_unavailable)."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    return tuple(variant["text"].split(".")[0] for variant in domain["responses"][DEFAULT_STAND_IN])


STAND_IN = _stand_in_openings()


@dataclass
class Record:
    started: float  # seconds since the run began
    latency: float
    ok: bool
    stand_in: bool = False  # answered, but with the check's "not reachable" answer


@dataclass
class Result:
    began: float = field(default_factory=time.monotonic)
    records: List[Record] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)
    acknowledged: Dict[str, List[Tuple[str, float]]] = field(default_factory=dict)  # sender: (text, started)
    empty: int = 0

    @property
    def latencies(self) -> List[float]:
        return [record.latency for record in self.records if record.ok]


async def person(
    number: int, url: str, deadline: float, think: float, result: Result, rng: random.Random, resend: bool
) -> None:
    connector = aiohttp.TCPConnector(local_addr=(f"127.0.1.{number + 1}", 0))
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=60)) as session:
        while time.monotonic() < deadline:
            sender = f"load-{uuid.uuid4().hex[:12]}"
            result.acknowledged[sender] = []
            script = rng.sample(FAQ_QUESTIONS, 3) + YOUTH_VORPHASE
            for text in script:
                for _attempt in range(5 if resend else 1):
                    if time.monotonic() >= deadline:
                        return
                    if await say(session, url, sender, text, result):
                        break
                    await asyncio.sleep(1)  # as the chat's error asks: send it again
                if think:
                    await asyncio.sleep(think * rng.uniform(0.5, 1.5))


async def say(session: aiohttp.ClientSession, url: str, sender: str, text: str, result: Result) -> bool:
    started = time.monotonic()
    since = started - result.began
    try:
        async with session.post(url, json={"sender": sender, "message": text}) as response:
            raw = await response.text()
            if response.status != 200:
                result.tally.fail(f"HTTP {response.status}", raw)
                result.records.append(Record(since, time.monotonic() - started, ok=False))
                return False
            body = json.loads(raw)
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
        result.tally.fail(type(error).__name__, str(error))
        result.records.append(Record(since, time.monotonic() - started, ok=False))
        return False
    result.tally.ok()
    stand_in = any(str(reply.get("text", "")).startswith(STAND_IN) for reply in body)
    result.records.append(Record(since, time.monotonic() - started, ok=True, stand_in=stand_in))
    result.acknowledged[sender].append((text, since))
    result.empty += 0 if body else 1
    return True


@dataclass
class Faults:
    """When what went wrong, in seconds since the run began (filled in as it happens)."""

    kill_at: float
    pause_at: float
    pause_seconds: float = 10.0
    killed: float = math.nan
    ready_again: float = math.nan
    paused: float = math.nan
    resumed: float = math.nan

    def phases(self, end: float) -> List[Tuple[str, float, float]]:
        over = max(self.ready_again, self.resumed) if not math.isnan(self.ready_again) else end
        return [("vorher", 0.0, self.killed), ("Störung", self.killed, over), ("danach", over, end)]


async def inject(cluster: Cluster, faults: Faults, began: float, deadline: float) -> None:
    """Kills rasa-1 and starts it again at once; pauses both action servers for a while."""
    loop = asyncio.get_running_loop()

    def since() -> float:
        return time.monotonic() - began

    await asyncio.sleep(max(0.0, faults.kill_at - since()))
    await loop.run_in_executor(None, cluster.kill, "rasa-1")
    faults.killed = since()
    cluster.start_rasa(0)
    waiting = loop.run_in_executor(
        None, lambda: cluster.wait_ready(deadline - time.monotonic() + 120, ports=[cluster.ports.rasa[0]])
    )
    await asyncio.sleep(max(0.0, faults.pause_at - since()))
    actions = [cluster.processes[name] for name in cluster.processes if name.startswith("actions-")]
    for process in actions:
        os.killpg(process.pid, signal.SIGSTOP)
    faults.paused = since()
    await asyncio.sleep(faults.pause_seconds)
    for process in actions:
        os.killpg(process.pid, signal.SIGCONT)
    faults.resumed = since()
    await waiting
    faults.ready_again = since()


async def drive(
    url: str,
    conversations: int,
    seconds: float,
    think: float,
    seed: int,
    faults: Optional[Faults] = None,
    cluster: Optional[Cluster] = None,
) -> Result:
    result = Result()
    deadline = result.began + seconds
    rng = random.Random(seed)
    people = [
        person(n, url, deadline, think, result, random.Random(rng.random()), resend=faults is not None)
        for n in range(conversations)
    ]
    if faults is not None and cluster is not None:
        people.append(inject(cluster, faults, result.began, deadline))
    await asyncio.gather(*people)
    return result


def lost_messages(cluster: Cluster, acknowledged: Dict[str, List[Tuple[str, float]]]) -> List[float]:
    """When each acknowledged message that PostgreSQL does not hold was sent (empty: none lost)."""
    assert cluster.postgres is not None, "the load test runs on the scaled profile's PostgreSQL"
    stored: Counter = Counter(
        (sender, text)
        for sender, text in cluster.postgres.query(
            "SELECT sender_id, data::json->>'text' FROM events WHERE type_name = 'user' AND sender_id LIKE 'load-%'"
        )
    )
    lost = []
    for sender, messages in acknowledged.items():
        for text, since in messages:
            if stored[(sender, text)] > 0:
                stored[(sender, text)] -= 1
            else:
                lost.append(since)
    return lost


def percentile(values: List[float], share: float) -> float:
    return statistics.quantiles(values, n=100)[int(share * 100) - 1] if len(values) > 1 else float("nan")


def run(instances: int, args: argparse.Namespace, faults: Optional[Faults] = None) -> dict:
    name = f"load-{instances}" + ("-faults" if faults else "")
    home = ROOT / "var" / name
    shutil.rmtree(data_home(home.resolve()), ignore_errors=True)
    cluster = Cluster(
        home,
        PORTS.with_instances(instances),
        extra_env={"PURGE_INTERVAL_HOURS": "0", **LIMITS_OFF},
        entry_rate="off",
    )
    try:
        cluster.start(with_web=False, timeout=300)
        url = f"http://127.0.0.1:{cluster.ports.public}/webhooks/rest/webhook"
        what = " mit Störungen" if faults else ""
        print(f"{instances} Instanz(en){what}: {args.conversations} Gespräche, {args.seconds:.0f} s ...", flush=True)
        started = time.monotonic()
        result = asyncio.run(
            drive(url, args.conversations, args.seconds, args.think, args.seed, faults=faults, cluster=cluster)
        )
        elapsed = time.monotonic() - started
        latencies = result.latencies
        return {
            "instances": instances,
            "messages": len(latencies),
            "rate": len(latencies) / elapsed,
            "p50": percentile(latencies, 0.50) * 1000,
            "p95": percentile(latencies, 0.95) * 1000,
            "p99": percentile(latencies, 0.99) * 1000,
            "tally": result.tally,
            "empty": result.empty,
            "conversations": len(result.acknowledged),
            "lost": lost_messages(cluster, result.acknowledged),
            "result": result,
            "elapsed": elapsed,
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
    parser.add_argument("--no-faults", dest="faults", action="store_false", help="without the fault run")
    parser.add_argument("--kill-at", type=float, default=30, help="fault run: rasa-1 killed after this many s")
    parser.add_argument("--pause-at", type=float, default=60, help="fault run: action servers paused 10 s from here")
    args = parser.parse_args()
    if not 1 <= args.conversations <= 250 or not 0 < args.seconds <= 600:
        parser.error("höchstens 250 Gespräche und 600 Sekunden")
    if args.faults and not 0 < args.kill_at < args.pause_at < args.seconds - 10:
        parser.error("es muss gelten: 0 < --kill-at < --pause-at < --seconds - 10")
    rows = [run(instances, args) for instances in args.instances]
    problem = refusal({f"{row['instances']} Instanz(en)": row["tally"] for row in rows})
    if problem:
        print(problem, file=sys.stderr)
        return 1
    report(rows, args)
    clean = all(not row["lost"] and row["empty"] == 0 for row in rows)
    if args.faults:
        faults = Faults(args.kill_at, args.pause_at)
        row = run(2, args, faults)
        clean = report_faults(row, faults) and clean
    # empty answers and lost messages are findings of a clean run: printed, and still a failure
    return 0 if clean else 1


def report(rows: List[dict], args: argparse.Namespace) -> None:
    print(
        f"\nLast: {args.conversations} gleichzeitige Gespräche, {args.seconds:.0f} s je Lauf, Denkzeit "
        f"{args.think:.1f} s ± 50 %, über den öffentlichen Eingang (nginx), PostgreSQL + Redis, ohne "
        f"Rate-Limits; keine Anfrage fehlgeschlagen"
    )
    print(
        f"{'Instanzen':>9} {'Nachr.':>7} {'Nachr./s':>9} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'Gespräche':>9} {'leer':>5} {'verloren':>8}"
    )
    for row in rows:
        print(
            f"{row['instances']:>9} {row['messages']:>7} {row['rate']:>9.1f} {row['p50']:>7.0f} {row['p95']:>7.0f} "
            f"{row['p99']:>7.0f} {row['conversations']:>9} {row['empty']:>5} {len(row['lost']):>8}"
        )


def report_faults(row: dict, faults: Faults) -> bool:
    """The fault run's table; False when a message was lost or an answer was empty."""
    result: Result = row["result"]
    print(
        f"\nStörungen, 2 Instanzen: rasa-1 beendet bei {faults.killed:.0f} s und sofort neu gestartet, wieder bereit "
        f"bei {faults.ready_again:.0f} s; beide Action-Server angehalten {faults.paused:.0f}–{faults.resumed:.0f} s. "
        f"Fehlgeschlagene Nachrichten werden nach 1 s erneut gesendet."
    )
    print(f"{'Phase':<8} {'Sekunden':>9} {'Nachr.':>7} {'Fehler':>7} {'Check n. e.':>11} {'p95 ms':>7} {'verloren':>8}")
    for name, begin, end in faults.phases(row["elapsed"]):
        inside = [r for r in result.records if begin <= r.started < end]
        answered = [r.latency for r in inside if r.ok]
        lost = sum(1 for since in row["lost"] if begin <= since < end)
        print(
            f"{name:<8} {f'{begin:.0f}–{end:.0f}':>9} {len(answered):>7} {sum(not r.ok for r in inside):>7} "
            f"{sum(r.stand_in for r in inside):>11} {percentile(answered, 0.95) * 1000:>7.0f} {lost:>8}"
        )
    if result.tally.kinds:
        print(f"Fehlerarten: {dict(result.tally.kinds)}")
    print(f"leere Antworten: {result.empty}")
    return not row["lost"] and result.empty == 0


if __name__ == "__main__":
    sys.exit(main())
