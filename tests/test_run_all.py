"""`make run` (scripts/run_all.py) on test ports: a service that is killed is named and comes back;
SIGTERM stops every service, the restarted one too."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Callable

import httpx
import pytest
from processes import action_server, alive, children

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from run_all import launch  # noqa: E402

pytestmark = pytest.mark.e2e
RASA, ACTIONS, WEB = 5405, 5455, 8405


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f} s: {what}")
        time.sleep(0.3)


def answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def refuses(port: int) -> bool:
    try:
        httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
        return False
    except httpx.ConnectError:
        return True


def test_a_killed_service_is_named_and_restarted_and_sigterm_stops_all(tmp_path):
    log_path = tmp_path / "run_all.log"
    env = dict(os.environ, RASA_TOKEN=uuid.uuid4().hex, PURGE_INTERVAL_HOURS="0")
    with open(log_path, "w") as log:
        run = launch(RASA, ACTIONS, WEB, tmp_path / "tracker.db", env, stdout=log, stderr=subprocess.STDOUT)
    try:

        def log_says(text: str) -> Callable[[], bool]:
            return lambda: text in log_path.read_text(encoding="utf-8")

        wait_until(lambda: log_says("AsA-Assistent läuft")() or run.poll() is not None, 300, "started")
        assert run.poll() is None, log_path.read_text(encoding="utf-8")
        first = set(children(run.pid))
        killed = action_server(ACTIONS)
        assert killed in first and len(first) == 3

        os.killpg(killed, signal.SIGKILL)
        wait_until(log_says("Dienst „Action-Server“ neu gestartet."), 15, "restart logged")
        assert log_says("Dienst „Action-Server“ wurde beendet (Signal SIGKILL); Neustart in 1 s")()
        wait_until(lambda: answers(f"http://127.0.0.1:{ACTIONS}/health"), 60, "action server answers again")
        restarted = action_server(ACTIONS)
        assert restarted != killed and restarted in children(run.pid)
        # the check runs on the new action server
        chat = f"http://127.0.0.1:{RASA}/webhooks/rest/webhook"
        httpx.post(chat, json={"sender": "restart-test", "message": "/i_am_youth"}, timeout=30).raise_for_status()
        replies = httpx.post(chat, json={"sender": "restart-test", "message": "kann ich mitmachen"}, timeout=30).json()
        assert "Wie ist deine Situation" in replies[-1]["text"]

        run.send_signal(signal.SIGTERM)
        assert run.wait(timeout=60) == 0
        assert [pid for pid in first | {restarted} if alive(pid)] == []
        assert all(refuses(port) for port in (RASA, ACTIONS, WEB))
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGTERM)
            run.wait(timeout=60)
