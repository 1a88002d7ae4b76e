"""Retention: whole conversations older than the limit are deleted, recent ones stay whole."""

from __future__ import annotations

import time

import sqlalchemy as sa
from conftest import run_async
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracker_db import delete_conversation, engine, purge_older_than

DAY = 86400


def store_conversation(store, sender: str, last_at: float) -> None:
    events = [
        ActionExecuted("action_listen", timestamp=last_at - 120),
        UserUttered("Was kostet die AsA?", timestamp=last_at - 60),
        SlotSet("audience", "youth", timestamp=last_at - 30),
        BotUttered("Für dich kostet die AsA nichts.", timestamp=last_at),
    ]
    run_async(store.save(DialogueStateTracker.from_events(sender, events)))


def senders(url):
    with engine(url).connect() as connection:
        return sorted({r[0] for r in connection.execute(sa.text("SELECT sender_id FROM events"))})


def test_purge_deletes_whole_old_conversations_and_keeps_recent_ones(tmp_path):
    db = tmp_path / "tracker.db"
    # the table comes from Rasa's own SQL tracker store, exactly as the server writes it
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))
    now = time.time()
    store_conversation(store, "alt", now - 31 * DAY)
    store_conversation(store, "frisch", now - 29 * DAY)
    store_conversation(store, "heute", now)
    url = f"sqlite:///{db}"
    assert purge_older_than(url, now - 30 * DAY) == 1
    assert senders(url) == ["frisch", "heute"]
    assert purge_older_than(url, now - 30 * DAY) == 0  # nothing left to do
    assert delete_conversation(url, "heute") == 4
    assert senders(url) == ["frisch"]


def test_purge_on_a_store_that_does_not_exist_yet(tmp_path):
    assert purge_older_than(f"sqlite:///{tmp_path / 'fehlt.db'}", time.time()) == 0
