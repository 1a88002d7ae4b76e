"""The nginx entry (deploy/nginx/entry.conf via scripts/entry_proxy.py) in front of small stand-in
upstreams: routing, limits, refused bodies, retry semantics, with bounded memory.

Real nginx (Debian's, installed by scripts/install_services.sh), fake Rasa instances and web app:
what reaches an upstream is recorded, so "refused before anything was passed on" can be checked.
"""

from __future__ import annotations

import gzip
import json
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, List

import httpx
import pytest

from bot.body_limit import MESSAGE as TOO_LARGE
from runtime.rate_limit import MESSAGE as RATE_LIMITED

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from entry_proxy import EntryProxy  # noqa: E402

pytestmark = pytest.mark.scaled
BASE = 5400
PUBLIC, INTERNAL, ACTIONS_ENTRY = BASE + 5, BASE + 4, BASE + 55
RASA, ACTIONS, WEB = (BASE + 1, BASE + 2), (BASE + 51,), BASE + 80


class Upstream:
    """Answers every request with its own name and records what it received."""

    def __init__(self, name: str, port: int, behaviour: str = "answer"):
        self.name, self.behaviour = name, behaviour
        self.seen: List[Dict] = []
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                upstream.seen.append({"path": self.path, "headers": dict(self.headers), "body": body})
                if upstream.behaviour == "drop":  # received, then gone: as an instance killed mid-request
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                payload = json.dumps({"upstream": upstream.name}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = _handle

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def _start(home: Path, rate: str) -> subprocess.Popen:
    entry = EntryProxy(home, PUBLIC, INTERNAL, ACTIONS_ENTRY, RASA, ACTIONS, WEB, rate=rate)
    process = subprocess.Popen(entry.prepare(), start_new_session=True)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", PUBLIC), timeout=1).close()
            return process
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError(f"nginx startet nicht: {(home / 'nginx' / 'error.log').read_text()}") from None
            time.sleep(0.1)


@pytest.fixture
def upstreams():
    started = {
        "rasa-1": Upstream("rasa-1", RASA[0]),
        "rasa-2": Upstream("rasa-2", RASA[1]),
        "web": Upstream("web", WEB),
        "actions": Upstream("actions", ACTIONS[0]),
    }
    yield started
    for upstream in started.values():
        upstream.close()


def _entry(tmp_path, rate):
    process = _start(tmp_path, rate)
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def entry(tmp_path, upstreams):
    yield from _entry(tmp_path, "5r/s")


@pytest.fixture
def unlimited_entry(tmp_path, upstreams):
    yield from _entry(tmp_path, "off")


def client(address: str = "127.0.0.1") -> httpx.Client:
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=10)


def chat(http: httpx.Client, text: str = "hallo", **kwargs) -> httpx.Response:
    return http.post(
        f"http://127.0.0.1:{PUBLIC}/webhooks/rest/webhook", json={"sender": "s", "message": text}, **kwargs
    )


def _rss_kib(pid: int) -> int:
    """nginx's master and workers together: a worker holding a decompressed body would show here."""
    pids = [pid] + [
        int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    ]
    total = 0
    for each in pids:
        for line in Path(f"/proc/{each}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def test_only_webhooks_reach_rasa_round_robin_and_the_rest_goes_to_the_web_app(entry, upstreams):
    http = client("127.0.0.31")
    answered = [chat(http).json()["upstream"] for _ in range(4)]
    assert sorted(answered) == ["rasa-1", "rasa-1", "rasa-2", "rasa-2"]
    for path in ("/", "/status", "/conversations/x/tracker", "/model/parse", "/hotline/login"):
        assert http.get(f"http://127.0.0.1:{PUBLIC}{path}").json()["upstream"] == "web", path
    assert all(seen["path"].startswith("/webhooks/") for name in ("rasa-1", "rasa-2") for seen in upstreams[name].seen)
    # the web app is told the public host (it checks ALLOWED_HOSTS) and the client
    web_request = upstreams["web"].seen[-1]["headers"]
    assert web_request["Host"] == "127.0.0.1"
    assert web_request["X-Forwarded-For"] == "127.0.0.31"


def test_a_forged_forwarded_for_is_kept_and_the_real_address_appended(entry, upstreams):
    chat(client("127.0.0.32"), headers={"X-Forwarded-For": "203.0.113.9"})
    seen = upstreams["rasa-1"].seen + upstreams["rasa-2"].seen
    assert seen[-1]["headers"]["X-Forwarded-For"] == "203.0.113.9, 127.0.0.32"  # Rasa takes the last untrusted


def test_internal_and_action_entries_pass_every_path(entry, upstreams):
    http = client()
    assert http.get(f"http://127.0.0.1:{INTERNAL}/conversations/x/tracker").json()["upstream"].startswith("rasa")
    big = http.post(f"http://127.0.0.1:{ACTIONS_ENTRY}/webhook", content=b"{" + b" " * 300_000 + b"}")
    assert big.json()["upstream"] == "actions"  # a whole domain in Rasa's call is more than 64 KiB


def test_a_body_over_64_kib_gets_413_and_reaches_nobody(entry, upstreams):
    http = client("127.0.0.33")
    response = chat(http, "x" * 70_000)
    assert response.status_code == 413
    assert response.json() == {"message": TOO_LARGE.format(kib=64)}
    login = http.post(
        f"http://127.0.0.1:{PUBLIC}/hotline/login",
        content=b"user=a&password=" + b"x" * (5 << 20),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert login.status_code == 413
    assert [u.seen for u in upstreams.values()] == [[], [], [], []]


def test_a_gzip_bomb_is_refused_with_bounded_memory(entry, upstreams):
    bomb = gzip.compress(b"\0" * (64 << 20), compresslevel=9)  # 64 MiB of zeros in about 64 KB
    assert len(bomb) < 64 * 1024
    http = client("127.0.0.34")
    before = _rss_kib(entry.pid)
    for _ in range(10):
        for path in ("/webhooks/rest/webhook", "/hotline/login"):
            response = http.post(
                f"http://127.0.0.1:{PUBLIC}{path}",
                content=bomb,
                headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
            )
            assert response.status_code == 415
            assert "Komprimierte Anfragen" in response.json()["message"]
    grown = _rss_kib(entry.pid) - before
    assert grown < 8 * 1024, f"nginx wuchs um {grown} KiB"
    assert [u.seen for u in upstreams.values()] == [[], [], [], []]


def test_many_messages_from_one_address_get_429_with_the_chats_text(entry, upstreams):
    flooder, other = client("127.0.0.35"), client("127.0.0.36")
    with ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(lambda _: chat(flooder), range(60)))
    refused = [r for r in statuses if r.status_code == 429]
    assert 20 <= len(statuses) - len(refused) <= 30  # burst 20, then 5 per second
    assert refused and refused[0].json() == {"message": RATE_LIMITED}
    assert int(refused[0].headers["Retry-After"]) >= 1
    assert chat(other).status_code == 200  # another person is not affected


def test_limits_off_lets_a_capacity_test_through(unlimited_entry, upstreams):
    http = client("127.0.0.37")
    with ThreadPoolExecutor(16) as pool:
        statuses = {r.status_code for r in pool.map(lambda _: chat(http), range(80))}
    assert statuses == {200}


def test_a_refused_instance_is_skipped_and_a_sent_message_is_never_sent_twice(entry, upstreams):
    http = client("127.0.0.38")
    upstreams["rasa-2"].close()  # refuses connections now
    assert {chat(http).json()["upstream"] for _ in range(4)} == {"rasa-1"}
    upstreams["rasa-1"].behaviour = "drop"  # receives the message, then the connection breaks
    before = len(upstreams["rasa-1"].seen)
    response = chat(http, "einmal")
    assert response.status_code == 503
    assert "noch einmal senden" in response.json()["message"]
    assert [json.loads(s["body"])["message"] for s in upstreams["rasa-1"].seen[before:]] == ["einmal"]


def test_all_instances_away_gives_a_german_answer(entry, upstreams):
    upstreams["rasa-1"].close()
    upstreams["rasa-2"].close()
    response = chat(client("127.0.0.39"))
    assert response.status_code == 503
    assert response.json()["message"].startswith("Der Chat ist gerade nicht erreichbar")
