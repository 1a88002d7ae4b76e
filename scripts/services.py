"""PostgreSQL and Redis on loopback, with their data under the project's folder (var/...).

Used by `make run-scaled`, `make load` and the scale-out tests. The servers come from
Debian's packages (scripts/install_services.sh); each profile runs its own cluster
on its own ports, never the packages' system services.
PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres`
system user. That user must be able to reach the data folder; where it cannot (a
checkout under /root), the data go to /var/tmp/asa-assistent/... instead.
"""

from __future__ import annotations

import glob
import hashlib
import os
import secrets
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "asa"
DB_USER = "asa"


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError("PostgreSQL fehlt: scripts/install_services.sh installiert es.")
    return found[-1]


def _as_root() -> bool:
    return os.geteuid() == 0


def _as_postgres(command: List[str]) -> List[str]:
    return ["runuser", "-u", "postgres", "--", *command] if _as_root() else command


def _reachable_by_postgres(path: Path) -> bool:
    if not _as_root():
        return True
    probe = path if path.exists() else path.parent
    while not probe.exists():
        probe = probe.parent
    return subprocess.run(_as_postgres(["test", "-x", str(probe)]), capture_output=True).returncode == 0


def data_home(preferred: Path) -> Path:
    """`preferred` when the database user can reach it, else a folder of its own under /var/tmp."""
    if _reachable_by_postgres(preferred):
        return preferred
    digest = hashlib.sha1(str(preferred).encode()).hexdigest()[:10]
    return Path("/var/tmp/asa-assistent") / digest


def _secret(path: Path, variable: str) -> str:
    """The password from the environment; for a local cluster, generated once and kept beside its data."""
    if os.environ.get(variable):
        return os.environ[variable]
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(24), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


@dataclass
class Postgres:
    home: Path
    port: int

    @property
    def data(self) -> Path:
        return self.home / "postgres"

    @property
    def password(self) -> str:
        return _secret(self.home / "db-password", "DB_PASSWORD")

    def env(self) -> Dict[str, str]:
        """What endpoints-scaled.yml and the web app read."""
        return {
            "DB_HOST": "127.0.0.1",
            "DB_PORT": str(self.port),
            "DB_NAME": DB_NAME,
            "DB_USER": DB_USER,
            "DB_PASSWORD": self.password,
        }

    def url(self) -> str:
        return f"postgresql://{DB_USER}:{self.password}@127.0.0.1:{self.port}/{DB_NAME}"

    def _initialise(self) -> None:
        self.data.mkdir(parents=True, exist_ok=True)
        password_file = self.home / "initdb-password"
        password_file.write_text(self.password, encoding="utf-8")
        if _as_root():
            shutil.chown(self.home, "postgres")
            shutil.chown(self.data, "postgres")
            shutil.chown(password_file, "postgres")
        self.data.chmod(0o700)
        try:
            subprocess.run(
                _as_postgres(
                    [
                        _pg_bin("initdb"),
                        "-D",
                        str(self.data),
                        "-U",
                        DB_USER,
                        "-E",
                        "UTF8",
                        "--locale=C",
                        "--auth=scram-sha-256",
                        f"--pwfile={password_file}",
                    ]
                ),
                check=True,
                capture_output=True,
            )
        finally:
            password_file.unlink()

    def start(self) -> "Postgres":
        if not (self.data / "PG_VERSION").exists():
            self._initialise()
        self._ctl("start", "-w", "-t", "60", "-l", str(self.data / "server.log"), "-o", self._options())
        self._create_database()
        return self

    def stop(self, mode: str = "fast") -> None:
        if (self.data / "postmaster.pid").exists():
            self._ctl("stop", "-w", "-m", mode)

    def _options(self) -> str:
        # a failing statement would otherwise be logged with its values, i.e. the user's message
        return f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.data} -c log_min_error_statement=panic"

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            _as_postgres([_pg_bin("pg_ctl"), "-D", str(self.data), *args]),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def _create_database(self) -> None:
        env = dict(os.environ, PGPASSWORD=self.password)
        common = ["-h", "127.0.0.1", "-p", str(self.port), "-U", DB_USER]
        exists = subprocess.run(
            [
                _pg_bin("psql"),
                *common,
                "-d",
                "postgres",
                "-tAc",
                f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'",
            ],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        if exists != "1":
            subprocess.run([_pg_bin("createdb"), *common, DB_NAME], env=env, check=True, capture_output=True)

    def query(self, sql: str) -> List[List[str]]:
        """Rows of a query, as text (for tests and reports)."""
        out = subprocess.run(
            [
                _pg_bin("psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                DB_USER,
                "-d",
                DB_NAME,
                "-tA",
                "-F",
                "\t",
                "-c",
                sql,
            ],
            env=dict(os.environ, PGPASSWORD=self.password),
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return [line.split("\t") for line in out.splitlines() if line]


@dataclass
class Redis:
    home: Path
    port: int
    process: Optional[subprocess.Popen] = None

    @property
    def password(self) -> str:
        return _secret(self.home / "redis-password", "REDIS_PASSWORD")

    def env(self) -> Dict[str, str]:
        return {"REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(self.port), "REDIS_PASSWORD": self.password}

    def start(self) -> "Redis":
        data = self.home / "redis"
        data.mkdir(parents=True, exist_ok=True)
        config = data / "redis.conf"
        # the password goes into a file, not onto the command line where `ps` would show it
        config.write_text(
            f"bind 127.0.0.1\nport {self.port}\ndir {data}\nrequirepass {self.password}\n"
            "appendonly yes\nsave \"\"\nprotected-mode yes\n",
            encoding="utf-8",
        )
        config.chmod(0o600)
        redis_server = shutil.which("redis-server")
        if redis_server is None:
            raise RuntimeError("Redis fehlt: scripts/install_services.sh installiert es.")
        self.process = subprocess.Popen(
            [redis_server, str(config)],
            stdout=open(data / "server.log", "a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait()
        return self

    def _wait(self) -> None:
        import redis

        client = redis.Redis(host="127.0.0.1", port=self.port, password=self.password)
        deadline = time.monotonic() + 30
        while True:
            try:
                client.ping()
                return
            except redis.exceptions.ConnectionError as error:
                if time.monotonic() > deadline or (self.process and self.process.poll() is not None):
                    raise RuntimeError(
                        f"Redis auf Port {self.port} startet nicht, siehe {self.home}/redis/server.log"
                    ) from error
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
