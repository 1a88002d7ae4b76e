"""Keeps the services of a local run up (`make run`, `make run-scaled`).

A service that stops is named and started again after a pause that doubles with each
stop (1 s, 2 s, 4 s …). One that stops more than `limit` times within `window` seconds
is broken rather than unlucky: then the run ends with a message saying so, because
restarting it for ever would hide the fault behind a bot that never answers.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterator, List

RESTART_LIMIT = 5
RESTART_WINDOW = 600.0
FIRST_DELAY = 1.0


class GaveUp(Exception):
    """A service kept stopping; the message says which one, for the person at the terminal."""


def exit_reason(returncode: int) -> str:
    if returncode < 0:
        try:
            return f"Signal {signal.Signals(-returncode).name}"
        except ValueError:
            return f"Signal {-returncode}"
    return f"Exit-Code {returncode}"


def duration(seconds: float) -> str:
    minutes = seconds / 60
    if minutes >= 1 and minutes.is_integer():
        return "1 Minute" if minutes == 1 else f"{minutes:g} Minuten"
    return f"{seconds:g} Sekunden"


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextmanager
def signals_deferred() -> Iterator[None]:
    """Ctrl-C or SIGTERM arriving while a process is being started waits until it is started and
    recorded; otherwise the shutdown could miss it and leave it running."""
    held = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


@dataclass
class Supervisor:
    """Watches `processes` (name -> process, shared with the caller, who stops them at the end) and
    replaces a stopped one with `restart(name)`. Call `tick()` about once a second."""

    processes: Dict[str, subprocess.Popen]
    restart: Callable[[str], subprocess.Popen]
    limit: int = RESTART_LIMIT
    window: float = RESTART_WINDOW
    first_delay: float = FIRST_DELAY
    clock: Callable[[], float] = time.monotonic
    report: Callable[[str], None] = say
    _stops: Dict[str, List[float]] = field(default_factory=dict)
    _due: Dict[str, float] = field(default_factory=dict)

    def tick(self) -> None:
        now = self.clock()
        for name, process in list(self.processes.items()):
            if name in self._due:
                self._restart_if_due(name, now)
            elif process.poll() is not None:
                self._schedule_restart(name, process.returncode, now)

    def _schedule_restart(self, name: str, returncode: int, now: float) -> None:
        stops = [t for t in self._stops.get(name, []) if now - t < self.window] + [now]
        self._stops[name] = stops
        within = duration(self.window)
        if len(stops) > self.limit:
            raise GaveUp(
                f"Dienst „{name}“ wurde in {within} {len(stops)}-mal beendet ({exit_reason(returncode)}), "
                f"zu oft für einen weiteren Neustart; alle Dienste werden gestoppt."
            )
        delay = self.first_delay * 2 ** (len(stops) - 1)
        self._due[name] = now + delay
        self.report(
            f"Dienst „{name}“ wurde beendet ({exit_reason(returncode)}); Neustart in {delay:g} s "
            f"({len(stops)}. von höchstens {self.limit} Neustarts in {within})."
        )

    def _restart_if_due(self, name: str, now: float) -> None:
        if now < self._due[name]:
            return
        del self._due[name]
        with signals_deferred():
            self.processes[name] = self.restart(name)
        self.report(f"Dienst „{name}“ neu gestartet.")
