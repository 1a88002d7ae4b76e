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


def _conversation(sender, sessions):
    from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    tracker = DialogueStateTracker(sender, [])
    for start in sessions:
        if start is not None:
            tracker.update(ActionExecuted("action_session_start", timestamp=start))
            tracker.update(SessionStarted(timestamp=start))
        base = start or 50.0
        tracker.update(ActionExecuted("action_listen", timestamp=base + 1))
        tracker.update(UserUttered(f"frage {base}", {"name": "faq", "confidence": 0.9}, timestamp=base + 2))
        tracker.update(ActionExecuted("utter_faq", timestamp=base + 3))
    return tracker


def test_loading_and_counting_events_means_what_it_means_in_rasa(tmp_path):
    # the store's own statements (built once) against Rasa's ORM queries, on the same data
    import asyncio

    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, UserUttered

    domain = Domain.from_yaml("version: '3.1'\nintents: [faq]")
    ours = DurableSQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "ours.db"))
    rasas = SQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "rasas.db"))
    conversations = {
        "no-session-start": [None],
        "one-session": [100.0],
        "two-sessions": [100.0, 200.0],
        "three-sessions": [100.0, 200.0, 300.0],
    }

    async def check():
        for store in (ours, rasas):
            for sender, sessions in conversations.items():
                # Rasa's own save for both: the starting point is the same rows
                await SQLTrackerStore.save(store, _conversation(sender, sessions))
        for sender in [*conversations, "unknown"]:
            for full in (False, True):
                mine = await (ours.retrieve_full_tracker(sender) if full else ours.retrieve(sender))
                theirs = await (rasas.retrieve_full_tracker(sender) if full else rasas.retrieve(sender))
                assert (mine is None) == (theirs is None), sender
                if theirs is not None:
                    assert list(mine.events) == list(theirs.events), (sender, full)
        # the next message: load the latest session, add its events, save; only the new events are stored
        for sender in conversations:
            for store in (ours, rasas):
                tracker = await store.retrieve(sender)
                tracker.update(ActionExecuted("action_listen", timestamp=400.0))
                tracker.update(UserUttered("noch eine frage", {"name": "faq", "confidence": 0.9}, timestamp=401.0))
                await store.save(tracker)
            mine, theirs = await ours.retrieve_full_tracker(sender), await rasas.retrieve_full_tracker(sender)
            assert list(mine.events) == list(theirs.events), sender
            assert sum(1 for e in mine.events if isinstance(e, UserUttered)) == len(conversations[sender]) + 1

    asyncio.run(check())
    # our save wrote the same rows, column by column, as Rasa's save did in its database
    columns = "sender_id, type_name, timestamp, intent_name, action_name, data"
    rows = []
    for name in ("ours.db", "rasas.db"):
        with sa.create_engine(f"sqlite:///{tmp_path / name}").connect() as connection:
            rows.append(connection.execute(sa.text(f"select {columns} from events order by id")).all())
    assert rows[0] == rows[1] and len(rows[0]) > 40


def _stores(tmp_path):
    from rasa.shared.core.domain import Domain

    domain = Domain.from_yaml(
        "version: '3.1'\nintents: [faq]\nslots:\n  seen:\n    type: any\n    mappings: [{type: custom}]"
    )
    db = str(tmp_path / "kept.db")
    ours = DurableSQLTrackerStore(domain=domain, dialect="sqlite", db=db)
    other = DurableSQLTrackerStore(domain=domain, dialect="sqlite", db=db)  # another instance, same database
    fresh = DurableSQLTrackerStore(domain=domain, dialect="sqlite", db=db)
    fresh.kept.size = 0  # always reads the database: what a kept conversation must equal
    return ours, other, fresh


def _with_slots(store, sender):
    from rasa.shared.core.trackers import DialogueStateTracker

    return DialogueStateTracker.from_events(sender, list(_conversation(sender, [100.0]).events), store.domain.slots)


def _same_conversation(mine, fresh):
    assert [e.as_dict() for e in mine.events] == [e.as_dict() for e in fresh.events]
    assert mine.current_slot_values() == fresh.current_slot_values()
    assert mine.latest_message.text == fresh.latest_message.text
    assert mine.active_loop_name == fresh.active_loop_name and mine.latest_action_name == fresh.latest_action_name


def test_a_kept_conversation_is_what_the_database_holds_or_is_read_again(tmp_path):
    import asyncio

    from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered

    ours, other, fresh = _stores(tmp_path)

    def message(tracker, text, at):
        tracker.update(ActionExecuted("action_listen", timestamp=at))
        tracker.update(UserUttered(text, {"name": "faq", "confidence": 0.9}, timestamp=at + 1))
        tracker.update(SlotSet("seen", text, timestamp=at + 2))
        tracker.update(ActionExecuted("utter_faq", timestamp=at + 3))

    async def check():
        # a tracker without the domain's slots is not what a read would build: not kept
        await ours.save(_conversation("s0", [100.0]))
        assert not len(ours.kept)
        tracker = _with_slots(ours, "s1")
        await ours.save(tracker)
        kept = await ours.retrieve("s1")
        assert kept is tracker  # kept, not rebuilt from the rows
        _same_conversation(kept, await fresh.retrieve("s1"))
        # handed out once: a second read before the next save is the database's
        again = await ours.retrieve("s1")
        assert again is not tracker
        _same_conversation(again, kept)
        # a message on this instance, then one on another instance: this one reads the database again
        message(kept, "zweite frage", 200.0)
        await ours.save(kept)
        elsewhere = await other.retrieve("s1")
        message(elsewhere, "dritte frage", 300.0)
        await other.save(elsewhere)
        latest = await ours.retrieve("s1")
        assert latest is not kept and latest.latest_message.text == "dritte frage"
        _same_conversation(latest, await fresh.retrieve("s1"))
        # events added but not saved (a failed message) are not handed out
        await ours.save(latest)
        assert (await ours.retrieve("s1")) is latest
        message(latest, "nie gespeichert", 400.0)
        unsaved = await ours.retrieve("s1")
        assert unsaved is not latest and unsaved.latest_message.text == "dritte frage"
        # ... nor are events added after the save by whoever still holds the tracker
        await ours.save(unsaved)
        message(unsaved, "nach dem speichern", 450.0)
        after = await ours.retrieve("s1")
        assert after is not unsaved and after.latest_message.text == "dritte frage"
        unsaved = after
        # a new session during a message: the database gives the new session alone, and so do we
        unsaved.update(ActionExecuted("action_session_start", timestamp=500.0))
        unsaved.update(SessionStarted(timestamp=500.0))
        message(unsaved, "neue sitzung", 501.0)
        await ours.save(unsaved)
        session = await ours.retrieve("s1")
        assert session is not unsaved and session.latest_message.text == "neue sitzung"
        _same_conversation(session, await fresh.retrieve("s1"))
        # a tracker that was not read from here but has as many events as stored (Rasa's API can replace a
        # conversation's events this way; the store then adds nothing) is not what the database holds
        await ours.save(session)
        assert (await ours.retrieve("s1")) is session
        stranger = _with_slots(ours, "s1")
        while len(stranger.events) < len(session.events):
            stranger.update(ActionExecuted("action_listen", timestamp=600.0 + len(stranger.events)))
        await ours.save(stranger)
        assert (await ours.retrieve("s1")) is not stranger
        # a tracker read here while another instance wrote before this one saved it: not kept
        mine, theirs = await ours.retrieve("s1"), await other.retrieve("s1")
        message(theirs, "von drüben", 700.0)
        await other.save(theirs)
        message(mine, "von hier", 710.0)
        await ours.save(mine)
        assert (await ours.retrieve("s1")) is not mine
        session = await ours.retrieve("s1")
        # a purge removes the conversation: it is gone for us too
        await ours.save(session)
        with ours.engine.begin() as connection:
            connection.execute(sa.text("delete from events where sender_id = 's1'"))
        assert await ours.retrieve("s1") is None

    asyncio.run(check())


def test_kept_conversations_are_bounded_and_can_be_switched_off(tmp_path, monkeypatch):
    import asyncio

    ours, _, _ = _stores(tmp_path)
    ours.kept.size = 3
    monkeypatch.setenv("TRACKER_CACHE_SIZE", "0")
    off = DurableSQLTrackerStore(domain=ours.domain, dialect="sqlite", db=str(tmp_path / "off.db"))

    async def check():
        trackers = {f"s{i}": _with_slots(ours, f"s{i}") for i in range(5)}
        for tracker in trackers.values():
            await ours.save(tracker)
            await off.save(tracker)
        assert list(ours.kept) == ["s2", "s3", "s4"]
        assert (await ours.retrieve("s4")) is trackers["s4"] and (await ours.retrieve("s0")) is not trackers["s0"]
        assert (await off.retrieve("s4")) is not trackers["s4"] and not len(off.kept)

    asyncio.run(check())
