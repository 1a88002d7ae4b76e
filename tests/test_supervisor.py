"""scripts/supervisor.py with a clock and processes of its own: which service, when it restarts, when it gives up."""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import List, Optional

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from supervisor import GaveUp, Supervisor, exit_reason  # noqa: E402


class FakeProcess:
    def __init__(self) -> None:
        self.returncode: Optional[int] = None

    def poll(self) -> Optional[int]:
        return self.returncode

    def die(self, returncode: int = -signal.SIGKILL) -> None:
        self.returncode = returncode


class Run:
    """Two services under a supervisor whose clock the test moves."""

    def __init__(self, **policy) -> None:
        self.now = 0.0
        self.messages: List[str] = []
        self.started: List[str] = []
        self.processes = {"Rasa": FakeProcess(), "Action-Server": FakeProcess()}
        self.supervisor = Supervisor(
            self.processes, self.restart, clock=lambda: self.now, report=self.messages.append, **policy
        )

    def restart(self, name: str) -> FakeProcess:
        self.started.append(name)
        return FakeProcess()

    def at(self, now: float) -> None:
        self.now = now
        self.supervisor.tick()

    def crash(self, name: str, at: float) -> None:
        self.processes[name].die()
        self.at(at)


def test_a_stopped_service_is_named_and_restarted_after_a_pause():
    run = Run()
    run.crash("Action-Server", at=10)
    assert run.messages == [
        "Dienst „Action-Server“ wurde beendet (Signal SIGKILL); Neustart in 1 s "
        "(1. von höchstens 5 Neustarts in 10 Minuten)."
    ]
    run.at(10.5)
    assert run.started == []
    run.at(11)
    assert run.started == ["Action-Server"]
    assert run.processes["Action-Server"].poll() is None
    assert run.messages[-1] == "Dienst „Action-Server“ neu gestartet."


def test_the_pause_doubles_with_each_stop_and_only_for_that_service():
    run = Run()
    now, pauses = 0.0, []
    for _ in range(4):
        run.crash("Rasa", at=now)
        pause = 0.0
        while run.started.count("Rasa") < len(pauses) + 1:
            pause += 0.5
            run.at(now + pause)
        pauses.append(pause)
        now += pause
    assert pauses == [1, 2, 4, 8]
    run.crash("Action-Server", at=now)
    run.at(now + 1)
    assert run.started[-1] == "Action-Server"


def test_more_stops_than_the_limit_within_the_window_end_the_run():
    run = Run(limit=2, window=60)
    for now in (0, 10):
        run.crash("Rasa", at=now)
        run.at(now + 5)
    run.processes["Rasa"].die(1)
    with pytest.raises(GaveUp) as gave_up:
        run.at(30)
    assert str(gave_up.value) == (
        "Dienst „Rasa“ wurde in 1 Minute 3-mal beendet (Exit-Code 1), zu oft für einen "
        "weiteren Neustart; alle Dienste werden gestoppt."
    )
    assert run.started == ["Rasa"] * 2


def test_stops_older_than_the_window_no_longer_count():
    run = Run(limit=2, window=60)
    for now in (0, 10, 100, 110):
        run.crash("Rasa", at=now)
        run.at(now + 5)
    assert run.started == ["Rasa"] * 4
    assert "Neustart in 2 s (2. von höchstens 2" in run.messages[-2]


@pytest.mark.parametrize(
    "returncode, reason",
    [(0, "Exit-Code 0"), (1, "Exit-Code 1"), (-signal.SIGTERM, "Signal SIGTERM"), (-99, "Signal 99")],
)
def test_exit_reason(returncode, reason):
    assert exit_reason(returncode) == reason
