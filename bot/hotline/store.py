"""Hotline state: staff sessions, failed logins, the lookup audit log.

Sessions live on the server (the cookie holds only a random id), so logout and
expiry really end them, and a restart of the web app does not log staff out.

Where: SQLite (HOTLINE_DB, a file) is the embedded default. With HOTLINE_STORE=postgresql
the tables live in the tracker store's PostgreSQL (the DB_* variables), so every web
instance of the scaled profile and of deploy/ sees the same sessions, the same lock-outs
and one audit log. Each operation is one transaction; nothing is kept in the process.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import List, Optional, Tuple

import sqlalchemy as sa

_META = sa.MetaData()
SESSIONS = sa.Table(
    "hotline_sessions",
    _META,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("account", sa.String(64), nullable=False),
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("created", sa.Float, nullable=False),
    sa.Column("last_seen", sa.Float, nullable=False),
)
FAILURES = sa.Table(
    "hotline_failures",
    _META,
    sa.Column("account", sa.String(64), nullable=False),
    sa.Column("at", sa.Float, nullable=False),
    sa.Index("hotline_failures_account", "account", "at"),
)
AUDIT = sa.Table(
    "hotline_audit",
    _META,
    sa.Column("at", sa.Float, nullable=False),
    sa.Column("account", sa.String(64), nullable=False),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("subject", sa.Text, nullable=False),
)


class HotlineStore:
    def __init__(self, url: str, idle_seconds: int, max_failures: int, lock_seconds: int):
        parsed = sa.engine.make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        self.engine = sa.create_engine(url, pool_pre_ping=True, hide_parameters=True)
        _META.create_all(self.engine)
        self.idle_seconds = idle_seconds
        self.max_failures = max_failures
        self.lock_seconds = lock_seconds

    # sessions
    def open_session(self, account: str) -> Tuple[str, str]:
        session_id, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        now = time.time()
        with self.engine.begin() as db:
            db.execute(SESSIONS.insert().values(id=session_id, account=account, csrf=csrf, created=now, last_seen=now))
        return session_id, csrf

    def session(self, session_id: Optional[str]) -> Optional[Tuple[str, str]]:
        """(account, csrf token) of a live session; touching it extends the idle timeout."""
        if not session_id:
            return None
        now = time.time()
        with self.engine.begin() as db:
            db.execute(SESSIONS.delete().where(SESSIONS.c.last_seen < now - self.idle_seconds))
            row = db.execute(sa.select(SESSIONS.c.account, SESSIONS.c.csrf).where(SESSIONS.c.id == session_id)).first()
            if row:
                db.execute(SESSIONS.update().where(SESSIONS.c.id == session_id).values(last_seen=now))
        return (row[0], row[1]) if row else None

    def close_session(self, session_id: str) -> None:
        with self.engine.begin() as db:
            db.execute(SESSIONS.delete().where(SESSIONS.c.id == session_id))

    # lock-out
    def locked_for(self, account: str) -> float:
        """Seconds until the account may try again (0 when not locked)."""
        now = time.time()
        with self.engine.begin() as db:
            rows = db.execute(
                sa.select(FAILURES.c.at)
                .where(FAILURES.c.account == account, FAILURES.c.at > now - self.lock_seconds)
                .order_by(FAILURES.c.at.desc())
            ).all()
        if len(rows) < self.max_failures:
            return 0.0
        return max(0.0, rows[self.max_failures - 1][0] + self.lock_seconds - now)

    def record_failure(self, account: str) -> None:
        with self.engine.begin() as db:
            db.execute(FAILURES.insert().values(account=account, at=time.time()))

    def clear_failures(self, account: str) -> None:
        with self.engine.begin() as db:
            db.execute(FAILURES.delete().where(FAILURES.c.account == account))

    # audit
    def audit(self, account: str, action: str, subject: str) -> None:
        with self.engine.begin() as db:
            db.execute(AUDIT.insert().values(at=time.time(), account=account, action=action, subject=subject))

    def audit_log(self, limit: int = 100) -> List[Tuple[float, str, str, str]]:
        with self.engine.begin() as db:
            rows = db.execute(
                sa.select(AUDIT.c.at, AUDIT.c.account, AUDIT.c.action, AUDIT.c.subject)
                .order_by(AUDIT.c.at.desc())
                .limit(limit)
            ).all()
        return [(row[0], row[1], row[2], row[3]) for row in rows]
