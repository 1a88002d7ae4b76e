"""The durable tracker store's engine: a bounded wait for a database that does not answer."""

import socket
import time

import pytest
import sqlalchemy as sa

from runtime.durable_tracker_store import DurableSQLTrackerStore, engine_kwargs


def test_connect_wait_is_bounded_for_postgresql_and_sqlite(monkeypatch):
    monkeypatch.setenv("DB_CONNECT_TIMEOUT", "2")
    postgres = engine_kwargs("postgresql://asa@db:5432/asa")
    assert postgres["connect_args"]["connect_timeout"] == 2
    assert postgres["pool_size"] >= 1  # Rasa's own settings are kept
    assert engine_kwargs("sqlite:///var/tracker.db")["connect_args"] == {"timeout": 2, "check_same_thread": False}
    assert engine_kwargs("sqlite://")["connect_args"] == {"timeout": 2}  # in memory: no pool of separate databases


def test_a_database_that_accepts_but_never_answers_fails_within_the_connect_timeout(monkeypatch):
    pytest.importorskip("psycopg2")
    monkeypatch.setenv("DB_CONNECT_TIMEOUT", "1")
    # the kernel completes the TCP handshake of a listening socket; nobody ever answers
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"postgresql://asa:x@127.0.0.1:{silent.getsockname()[1]}/asa"
        engine = sa.create_engine(url, **engine_kwargs(url))
        started = time.monotonic()
        with pytest.raises(sa.exc.OperationalError):
            engine.connect()
        assert time.monotonic() - started < 5


def test_store_keeps_rasas_engine_settings_and_pings_pooled_connections(tmp_path, monkeypatch):
    monkeypatch.setenv("DB_CONNECT_TIMEOUT", "3")
    store = DurableSQLTrackerStore(dialect="sqlite", db=str(tmp_path / "tracker.db"))
    assert store.engine.pool._pre_ping
    assert store.engine.url.database.endswith("tracker.db")
    with store.engine.connect() as connection:
        assert connection.execute(sa.text("select 1")).scalar() == 1


def test_sqlite_writes_ahead_and_a_saved_conversation_is_on_disk_for_a_new_reader(tmp_path):
    import asyncio

    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    store = DurableSQLTrackerStore(dialect="sqlite", db=str(tmp_path / "tracker.db"))
    with store.engine.connect() as connection:
        assert connection.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(sa.text("PRAGMA synchronous")).scalar() == 2  # FULL
    tracker = DialogueStateTracker("s1", [])
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered("hallo", {"name": "greet", "confidence": 1.0}))
    asyncio.run(store.save(tracker))
    assert isinstance(store.engine.pool, sa.pool.QueuePool)  # connections stay open between messages
    # another process's view (the web app's insights, make purge): a plain connection of its own
    reader = sa.create_engine(f"sqlite:///{tmp_path / 'tracker.db'}")
    with reader.connect() as connection:
        assert connection.execute(sa.text("select count(*) from events where sender_id = 's1'")).scalar() == 2
