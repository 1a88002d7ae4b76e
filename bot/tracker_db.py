"""Direct access to Rasa's SQL tracker store (SQLite by default, PostgreSQL when scaled).

The web app reads it for the hotline's insights and deletes conversations on request;
the connection comes from the same endpoints.yml the Rasa server uses.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional

import sqlalchemy as sa
import yaml

SQL_STORE_TYPES = {"sql", "runtime.durable_tracker_store.durablesqltrackerstore"}


def _expand(value: object) -> object:
    """${VAR} from the environment, as Rasa does when it reads endpoints.yml."""
    return os.path.expandvars(value) if isinstance(value, str) else value


def tracker_db_url(endpoints_file: Path, root: Path) -> Optional[str]:
    """The SQLAlchemy URL of the tracker store configured in endpoints.yml (None: no SQL store)."""
    raw = (yaml.safe_load(endpoints_file.read_text(encoding="utf-8")) or {}).get("tracker_store") or {}
    config = {key: _expand(value) for key, value in raw.items()}
    if str(config.get("type", "")).lower() not in SQL_STORE_TYPES:
        return None
    dialect = config.get("dialect", "sqlite")
    if dialect == "sqlite":
        db = Path(str(config.get("db", "rasa.db")))
        return f"sqlite:///{db if db.is_absolute() else root / db}"

    def text(key: str, default: Optional[str] = None) -> Optional[str]:
        value = config.get(key, default)
        return None if value is None else str(value)

    url = sa.engine.URL.create(
        drivername=str(dialect),
        username=text("username"),
        password=text("password"),
        host=text("url"),
        port=int(str(config["port"])) if config.get("port") else None,
        database=text("db", "rasa"),
    )
    # str(url) would mask the password (SQLAlchemy 2) and the connection would fail
    return url.render_as_string(hide_password=False)


def sqlite_missing(db_url: str) -> bool:
    """True when a SQLite tracker store has not been created yet (no conversation so far)."""
    return db_url.startswith("sqlite:///") and not Path(db_url[len("sqlite:///") :]).exists()


@lru_cache(maxsize=4)
def engine(db_url: str) -> sa.engine.Engine:
    # SQLite: wait for the Rasa server's write lock instead of failing at once
    connect_args = {"timeout": 15} if db_url.startswith("sqlite") else {}
    return sa.create_engine(db_url, connect_args=connect_args, pool_pre_ping=True)


@contextmanager
def events_table(db_url: str, write: bool = False) -> Iterator[Optional[sa.engine.Connection]]:
    """A connection to Rasa's `events` table, or None while the store or the table does not exist yet
    (the Rasa server creates both with the first conversation). `write` opens a transaction."""
    if sqlite_missing(db_url):
        yield None
        return
    with engine(db_url).begin() if write else engine(db_url).connect() as connection:
        yield connection if sa.inspect(connection).has_table("events") else None


def delete_conversation(db_url: str, conversation_id: str) -> int:
    """Deletes every stored event of one conversation; returns how many there were."""
    with events_table(db_url, write=True) as connection:
        if connection is None:
            return 0
        result = connection.execute(sa.text("DELETE FROM events WHERE sender_id = :id"), {"id": conversation_id})
        return result.rowcount or 0


def purge_older_than(db_url: str, cutoff: float) -> int:
    """Deletes whole conversations whose last event is older than `cutoff` (epoch seconds).

    A conversation still in use keeps all of its events, so a verdict is never torn
    from the answers behind it. Returns how many conversations were deleted.
    """
    with events_table(db_url, write=True) as connection:
        if connection is None:
            return 0
        stale = [
            row[0]
            for row in connection.execute(
                sa.text("SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff"),
                {"cutoff": cutoff},
            )
        ]
        for start in range(0, len(stale), 500):
            connection.execute(
                sa.text("DELETE FROM events WHERE sender_id IN :ids").bindparams(sa.bindparam("ids", expanding=True)),
                {"ids": stale[start : start + 500]},
            )
        return len(stale)
