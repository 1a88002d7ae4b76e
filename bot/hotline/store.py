"""Hotline state in SQLite: staff sessions, failed logins, the lookup audit log.

Sessions live on the server (the cookie holds only a random id), so logout and
expiry really end them, and a restart of the web app does not log staff out.
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List, Optional, Tuple

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, account TEXT NOT NULL, csrf TEXT NOT NULL,
                                     created REAL NOT NULL, last_seen REAL NOT NULL);
CREATE TABLE IF NOT EXISTS failures (account TEXT NOT NULL, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS audit (at REAL NOT NULL, account TEXT NOT NULL, action TEXT NOT NULL,
                                  subject TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS failures_account ON failures (account, at);
"""


class HotlineStore:
    def __init__(self, path: Path, idle_seconds: int, max_failures: int, lock_seconds: int):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._connection = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._connection.executescript(_SCHEMA)
        self._lock = threading.Lock()
        self.idle_seconds = idle_seconds
        self.max_failures = max_failures
        self.lock_seconds = lock_seconds

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield self._connection

    # sessions
    def open_session(self, account: str) -> Tuple[str, str]:
        session_id, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        now = time.time()
        with self._db() as db:
            db.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, ?)", (session_id, account, csrf, now, now))
        return session_id, csrf

    def session(self, session_id: Optional[str]) -> Optional[Tuple[str, str]]:
        """(account, csrf token) of a live session; touching it extends the idle timeout."""
        if not session_id:
            return None
        now = time.time()
        with self._db() as db:
            db.execute("DELETE FROM sessions WHERE last_seen < ?", (now - self.idle_seconds,))
            row = db.execute("SELECT account, csrf FROM sessions WHERE id = ?", (session_id,)).fetchone()
            if row:
                db.execute("UPDATE sessions SET last_seen = ? WHERE id = ?", (now, session_id))
        return (row[0], row[1]) if row else None

    def close_session(self, session_id: str) -> None:
        with self._db() as db:
            db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

    # lock-out
    def locked_for(self, account: str) -> float:
        """Seconds until the account may try again (0 when not locked)."""
        now = time.time()
        with self._db() as db:
            rows = db.execute(
                "SELECT at FROM failures WHERE account = ? AND at > ? ORDER BY at DESC",
                (account, now - self.lock_seconds),
            ).fetchall()
        if len(rows) < self.max_failures:
            return 0.0
        return max(0.0, rows[self.max_failures - 1][0] + self.lock_seconds - now)

    def record_failure(self, account: str) -> None:
        with self._db() as db:
            db.execute("INSERT INTO failures VALUES (?, ?)", (account, time.time()))

    def clear_failures(self, account: str) -> None:
        with self._db() as db:
            db.execute("DELETE FROM failures WHERE account = ?", (account,))

    # audit
    def audit(self, account: str, action: str, subject: str) -> None:
        with self._db() as db:
            db.execute("INSERT INTO audit VALUES (?, ?, ?, ?)", (time.time(), account, action, subject))

    def audit_log(self, limit: int = 100) -> List[Tuple[float, str, str, str]]:
        with self._db() as db:
            return db.execute(
                "SELECT at, account, action, subject FROM audit ORDER BY at DESC LIMIT ?", (limit,)
            ).fetchall()
