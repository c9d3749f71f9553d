"""gateway/tracker_store.py on both stores the project runs (SQLite by default, PostgreSQL in
production): "forget me" deletes a conversation when the confirming turn is saved, and the
retention purge (`make purge`) deletes old conversations and keeps recent ones."""

from __future__ import annotations

import asyncio
import subprocess
import time
import uuid
from contextlib import closing

import psycopg2
import pytest
from rasa.core.brokers.broker import EventBroker
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from deploy import prod
from gateway.tracker_store import FORGET_ACTION, PrivateSQLTrackerStore, forget_requested, retention_days
from tests.conftest import ROOT

DAY = 86400


def pg_connect(db: str = "postgres"):
    env = prod.settings({})
    return psycopg2.connect(host=env["POSTGRES_HOST"], port=env["POSTGRES_PORT"], user=env["POSTGRES_USER"], dbname=db)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    domain = Domain.load(str(ROOT / "domain.yml"))
    if request.param == "sqlite":
        yield PrivateSQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "conversations.db"))
        return
    db = "career_store_test_" + uuid.uuid4().hex[:10]
    env = prod.settings({})
    with closing(pg_connect()) as conn:
        conn.autocommit = True
        conn.cursor().execute(f"CREATE DATABASE {db}")
    store = PrivateSQLTrackerStore(
        domain=domain,
        dialect="postgresql",
        host=env["POSTGRES_HOST"],
        port=int(env["POSTGRES_PORT"]),
        username=env["POSTGRES_USER"],
        db=db,
    )
    try:
        yield store
    finally:
        store.engine.dispose()
        with closing(pg_connect()) as conn:
            conn.autocommit = True
            conn.cursor().execute(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")


def conversation(sender: str, started: float, *turns: str) -> DialogueStateTracker:
    """A conversation that started at ``started``, one user message and one answer per turn,
    a minute apart."""
    events = [
        ActionExecuted("action_session_start", timestamp=started),
        SessionStarted(timestamp=started),
        ActionExecuted("action_listen", timestamp=started),
    ]
    for index, text in enumerate(turns, start=1):
        at = started + 60 * index
        events += [
            UserUttered(text, {"name": "ask_salary", "confidence": 1.0}, timestamp=at),
            ActionExecuted("action_pay", timestamp=at),
            BotUttered("an answer", timestamp=at),
            ActionExecuted("action_listen", timestamp=at),
        ]
    return DialogueStateTracker.from_events(sender, events)


def stored(store, sender: str) -> int:
    tracker = asyncio.run(store.retrieve_full_tracker(sender))
    return len(tracker.events) if tracker else 0


def test_forget_me_deletes_the_conversation_when_the_confirming_turn_is_saved(store):
    now = time.time()
    kept, forgotten = conversation("kept", now - 120, "pay in ohio"), conversation("ann", now - 120, "pay in ohio")
    asyncio.run(store.save(kept))
    asyncio.run(store.save(forgotten))
    assert stored(store, "ann") == stored(store, "kept") > 0

    # asking is not enough: the question is saved like any turn
    forgotten.update(UserUttered("delete my conversation", {"name": "forget_me", "confidence": 1.0}))
    forgotten.update(ActionExecuted("utter_ask_forget_me"))
    assert not forget_requested(forgotten)
    asyncio.run(store.save(forgotten))
    assert stored(store, "ann") == len(forgotten.events)

    forgotten.update(UserUttered("yes", {"name": "affirm", "confidence": 1.0}))
    forgotten.update(ActionExecuted(FORGET_ACTION))
    forgotten.update(BotUttered("Done: this conversation has been deleted"))
    forgotten.update(ActionExecuted("action_listen"))
    assert forget_requested(forgotten)
    asyncio.run(store.save(forgotten))
    assert stored(store, "ann") == 0
    assert stored(store, "kept") == len(kept.events)
    assert sorted(asyncio.run(store.keys())) == ["kept"]


def test_purge_removes_old_conversations_and_old_sessions_and_keeps_recent_ones(store):
    now = time.time()
    asyncio.run(store.save(conversation("old", now - 40 * DAY, "pay in ohio", "and texas")))
    asyncio.run(store.save(conversation("recent", now - 2 * DAY, "pay in ohio")))
    returning = conversation("returning", now - 45 * DAY, "my ssn is [removed]")
    for event in conversation("returning", now - 600, "pay in texas").events:
        returning.update(event)  # came back today: a new session
    asyncio.run(store.save(returning))
    events_before = stored(store, "returning")

    purged = store.purge(now - 30 * DAY)

    assert purged.conversations == 1
    assert stored(store, "old") == 0
    assert stored(store, "recent") == len(conversation("recent", now, "x").events)
    left = asyncio.run(store.retrieve_full_tracker("returning"))
    assert [e.text for e in left.events if isinstance(e, UserUttered)] == ["pay in texas"]
    assert purged.events == len(conversation("old", now, "a", "b").events) + events_before - len(left.events)
    assert store.purge(now - 30 * DAY).events == 0  # nothing more to remove


def test_make_purge_reports_what_it_removed(tmp_path):
    db = tmp_path / "conversations.db"
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        f"tracker_store:\n  type: gateway.tracker_store.PrivateSQLTrackerStore\n  dialect: sqlite\n  db: {db}\n"
    )
    store = PrivateSQLTrackerStore(dialect="sqlite", db=str(db))
    asyncio.run(store.save(conversation("old", time.time() - 10 * DAY, "pay in ohio")))
    asyncio.run(store.save(conversation("new", time.time() - 3 * DAY, "pay in ohio")))
    run = subprocess.run(
        ["make", "--no-print-directory", "purge", f"ENDPOINTS={endpoints}", "RETENTION_DAYS=7"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "removed 1 conversation(s) with no activity in 7 days" in run.stdout
    assert sorted(asyncio.run(store.keys())) == ["new"]


@pytest.mark.parametrize("value", ["0", "-3", "thirty"])
def test_a_bad_retention_period_is_a_clear_error(value):
    with pytest.raises(SystemExit, match="RETENTION_DAYS must be"):
        retention_days(value)


class CollectingBroker(EventBroker):
    """An event broker that keeps what it is given (the analytics store's role)."""

    def __init__(self):
        self.events = []

    def publish(self, event):
        self.events.append(event)


def test_every_event_is_stored_once_and_published_once_in_order(store):
    store.event_broker = broker = CollectingBroker()
    tracker = conversation("ann", time.time() - 600, "pay in ohio")
    asyncio.run(store.save(tracker))
    for text in ("and texas?", "thanks"):
        tracker.update(UserUttered(text, {"name": "ask_salary", "confidence": 1.0}))
        tracker.update(ActionExecuted("action_pay"))
        tracker.update(ActionExecuted("action_listen"))
        asyncio.run(store.save(tracker))
    asyncio.run(store.save(tracker))  # nothing new: nothing stored or published again
    assert stored(store, "ann") == len(tracker.events) == len(broker.events)
    assert [e["event"] for e in broker.events] == [e.as_dict()["event"] for e in tracker.events]
    assert {e["sender_id"] for e in broker.events} == {"ann"}


def test_the_sqlite_store_does_not_wait_for_the_disk_and_keeps_conversations_across_restarts(tmp_path):
    domain = Domain.load(str(ROOT / "domain.yml"))
    path = tmp_path / "conversations.db"
    first = PrivateSQLTrackerStore(domain=domain, dialect="sqlite", db=str(path))
    with first.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    tracker = conversation("ann", time.time() - 600, "pay in ohio", "and texas?")
    asyncio.run(first.save(tracker))
    first.engine.dispose()  # the server stops
    again = PrivateSQLTrackerStore(domain=domain, dialect="sqlite", db=str(path))
    assert [e.as_dict() for e in asyncio.run(again.retrieve("ann")).events] == [e.as_dict() for e in tracker.events]
