"""`make run-scaled`: the scale-out profile on one machine, everything on loopback.

    PostgreSQL (tracker store) and Redis (lock store, rate-limit counters), data under var/scaled/
    nginx, the public entry (deploy/nginx/entry.conf)   127.0.0.1:5005 -> /webhooks/: 5101, 5102; the rest: 8000
    the same instances for the web app (Rasa's API)     127.0.0.1:5004 -> 5101, 5102 (token needed)
    two action servers behind nginx                      127.0.0.1:5055 -> 5151, 5152
    the web app                                          127.0.0.1:8000

A service that stops is started again, with a growing pause and up to a limit, as under
`make run` (scripts/supervisor.py); Ctrl-C stops everything.
The Cluster class is also what the scale-out tests and `make load` start, on other ports.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from entry_proxy import PRODUCTION_RATE, EntryProxy  # noqa: E402
from run_all import (  # noqa: E402
    PurgeSchedule,
    actions_command,
    base_env,
    hold_signals,
    ignore_signals,
    print_ready,
    rasa_command,
    stop,
    web_command,
    write_credentials,
)
from services import Postgres, Redis, data_home  # noqa: E402
from supervisor import GaveUp, Supervisor  # noqa: E402

from bot.settings import OriginError  # noqa: E402

MODEL = ROOT / "models" / "asa.tar.gz"
ENDPOINTS = ROOT / "endpoints-scaled.yml"


@dataclass(frozen=True)
class Ports:
    public: int = 5005  # chat entry (nginx: webhooks to Rasa, the rest to the web app)
    internal: int = 5004  # Rasa's HTTP API for the web app (nginx, all paths, token)
    rasa: Tuple[int, ...] = (5101, 5102)
    actions_entry: int = 5055
    actions: Tuple[int, ...] = (5151, 5152)
    web: int = 8000
    postgres: int = 55432
    redis: int = 56379

    def with_instances(self, count: int) -> "Ports":
        first = self.rasa[0]
        return Ports(
            self.public,
            self.internal,
            tuple(range(first, first + count)),
            self.actions_entry,
            self.actions,
            self.web,
            self.postgres,
            self.redis,
        )


@dataclass
class Cluster:
    home: Path
    ports: Ports = field(default_factory=Ports)
    model: Path = MODEL
    extra_env: Dict[str, str] = field(default_factory=dict)
    entry_rate: str = PRODUCTION_RATE  # nginx's requests per second and client address, or "off"
    postgres: Optional[Postgres] = None
    redis: Optional[Redis] = None
    processes: Dict[str, subprocess.Popen] = field(default_factory=dict)
    commands: Dict[str, List[str]] = field(default_factory=dict)
    env: Dict[str, str] = field(default_factory=dict)

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    def url(self, port: int) -> str:
        return f"http://127.0.0.1:{port}"

    def start(self, with_web: bool = True, timeout: float = 300) -> "Cluster":
        self.home = data_home(self.home.resolve())
        self.logs.mkdir(parents=True, exist_ok=True)
        self.postgres = Postgres(self.home, self.ports.postgres).start()
        self.redis = Redis(self.home, self.ports.redis).start()
        self.env = base_env(
            self.url(self.ports.internal), self.url(self.ports.actions_entry), self.ports.web, ENDPOINTS
        )
        self.env.update(
            **self.postgres.env(),
            **self.redis.env(),
            TRUSTED_PROXIES="127.0.0.1",
            # several web instances share sessions, lock-outs and the audit log (bot/hotline/store.py)
            HOTLINE_STORE="postgresql",
            ACTION_SERVER_URL=f"{self.url(self.ports.actions_entry)}/webhook",
            PUBLIC_BOT_URL=self.url(self.ports.public),
        )
        self.env.update(self.extra_env)
        self.credentials = write_credentials(self.home / "credentials.yml", self.env)
        for index in range(len(self.ports.actions)):
            self.start_actions(index)
        for index in range(len(self.ports.rasa)):
            self.start_rasa(index)
        entry = EntryProxy(
            self.home,
            self.ports.public,
            self.ports.internal,
            self.ports.actions_entry,
            self.ports.rasa,
            self.ports.actions,
            self.ports.web,
            rate=self.entry_rate,
        )
        self._spawn("entry", entry.prepare())
        if with_web:
            self._spawn("web", web_command(self.ports.web))
        self.wait_ready(timeout)
        return self

    def _spawn(self, name: str, command: List[str]) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "a")
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes[name] = process
        self.commands[name] = command
        return process

    def respawn(self, name: str) -> subprocess.Popen:
        return self._spawn(name, self.commands[name])

    def start_rasa(self, index: int) -> subprocess.Popen:
        return self._spawn(
            f"rasa-{index + 1}", rasa_command(str(self.model), self.ports.rasa[index], self.env, self.credentials)
        )

    def start_actions(self, index: int) -> subprocess.Popen:
        return self._spawn(f"actions-{index + 1}", actions_command(self.ports.actions[index]))

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        process = self.processes[name]
        if process.poll() is None:
            os.killpg(process.pid, sig)
        process.wait(timeout=30)

    def rasa_ready(self, port: int) -> bool:
        """The model is loaded once the token-protected status answers with it."""
        try:
            status = httpx.get(f"{self.url(port)}/status", params={"token": self.env["RASA_TOKEN"]}, timeout=3)
            return status.status_code == 200 and bool(status.json().get("model_file"))
        except httpx.HTTPError:
            return False

    def wait_ready(self, timeout: float, ports: Optional[List[int]] = None) -> None:
        deadline = time.monotonic() + timeout
        pending = list(ports if ports is not None else self.ports.rasa)
        while pending:
            dead = [name for name, process in self.processes.items() if process.poll() is not None]
            if dead:
                raise RuntimeError(f"Dienst beendet beim Start: {', '.join(dead)} (Logs: {self.logs})")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Rasa auf {pending} nicht bereit nach {timeout:.0f} s (Logs: {self.logs})")
            pending = [port for port in pending if not self.rasa_ready(port)]
            time.sleep(1)
        if "web" in self.processes:
            while True:
                try:
                    if httpx.get(f"{self.url(self.ports.web)}/healthz", timeout=5).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Web-App nicht gesund nach {timeout:.0f} s (Logs: {self.logs})")
                time.sleep(1)

    def stop(self) -> None:
        stop(list(self.processes.values()))
        if self.redis:
            self.redis.stop()
        if self.postgres:
            self.postgres.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--instances", type=int, default=2)
    args = parser.parse_args()
    cluster = Cluster(ROOT / "var" / "scaled", Ports().with_instances(args.instances))
    hold_signals()
    try:
        cluster.start()
        print(f"Daten: {cluster.home} · Logs: {cluster.logs}")
        print_ready(cluster.ports.public, cluster.ports.web)
        supervisor = Supervisor(cluster.processes, cluster.respawn)
        purge = PurgeSchedule(cluster.env)
        while True:
            supervisor.tick()
            purge.tick()
            time.sleep(1)
    except GaveUp as error:
        print(error, file=sys.stderr)
        return 1
    except OriginError as error:
        print(error, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    except RuntimeError as error:
        print(f"Start fehlgeschlagen: {error}", file=sys.stderr)
        return 1
    finally:
        ignore_signals()
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
