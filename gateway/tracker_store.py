"""Rasa's SQL tracker store (SQLite by default, PostgreSQL in production) that forgets on request
and keeps nothing longer than the retention period.

- "Forget me": when a turn answered ``utter_conversation_deleted`` (the visitor asked and then
  confirmed; data/rules/privacy.yml), the store deletes every stored event of that conversation
  instead of saving the turn, so the next message starts a new conversation. The deletion happens
  here because only the Rasa server reaches the store, and only when Rasa saves the turn can the
  turn itself be left out. The turn still goes to the event broker, whose store then forgets the
  conversation too (analytics/store.py).
- Retention: ``purge(cutoff)`` deletes every event older than the cutoff (``make purge``, which
  runs gateway/purge.py), except the current session of a conversation still going
  on, whose events Rasa counts when it saves the next turn (a session ends after the domain's
  ``session_expiration_time`` of inactivity, far shorter than any retention period).

Loaded by the Rasa server from endpoints.yml (``type: gateway.tracker_store.PrivateSQLTrackerStore``);
the production store (deploy/stores.py) builds on it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import List, Optional, Text

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted, UserUttered
from rasa.shared.nlu.constants import INTENT_NAME_KEY

FORGET_ACTION = "utter_conversation_deleted"
DEFAULT_RETENTION_DAYS = 30


def forget_requested(tracker) -> bool:
    """Whether the turn being saved (events after the last user message) confirmed a deletion."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActionExecuted) and event.action_name == FORGET_ACTION:
            return True
    return False


@dataclass
class Purged:
    conversations: int  # conversations removed completely
    events: int  # events removed in all (theirs and old events of conversations still going on)


def sqlite_engine(url, busy_timeout_s: float) -> sa.engine.Engine:
    """A SQLite file for a server: one kept connection (SQLAlchemy 1.4 opens the file for every
    transaction otherwise), WAL mode with ``synchronous=NORMAL``, so a commit no longer waits for
    the disk while the Rasa server's event loop (every conversation) waits with it, and a reader
    never makes a write wait. A crash of the server loses nothing committed; a power cut may lose
    the last commits, never the file. A write that finds the file locked (``make purge``) waits
    ``busy_timeout_s`` before it fails."""
    engine = sa.create_engine(
        url,
        poolclass=sa.pool.QueuePool,
        pool_size=1,
        connect_args={"timeout": busy_timeout_s, "check_same_thread": False},
    )
    sa.event.listen(engine, "connect", lambda connection, _: connection.execute("PRAGMA synchronous=NORMAL"))
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA journal_mode=WAL")
    return engine


class PrivateSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            url = self.engine.url
            self.engine.dispose()
            self.engine = sqlite_engine(url, busy_timeout_s=5)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def save(self, tracker) -> None:
        # The event broker (analytics) hears every turn once, the forgetting one too, so that the
        # analytics store deletes the conversation as well (analytics/store.py).
        if forget_requested(tracker):
            with self.session_scope() as session:
                new = list(self._additional_events(session, tracker))
            self.forget(tracker.sender_id)
        else:
            new = await self.write(tracker)
        if self.event_broker is not None:
            await self._stream_new_events(self.event_broker, new, tracker.sender_id)

    async def write(self, tracker) -> List[Event]:
        """Rasa's SQL save in one transaction (count the events stored, insert the rest), returning
        the events it stored so that they are published without counting again (Rasa's save
        counts twice: for the broker, then for the write). Published after the write, so a turn
        that could not be stored is not in the analytics either."""
        with self.session_scope() as session:
            new = list(self._additional_events(session, tracker))
            session.add_all(self._row(tracker.sender_id, event) for event in new)
            session.commit()
        return new

    def _row(self, sender_id: Text, event: Event):
        """An event as Rasa's SQL save stores it."""
        data = event.as_dict()
        return self.SQLEvent(
            sender_id=sender_id,
            type_name=event.type_name,
            timestamp=data.get("timestamp"),
            intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            action_name=data.get("name"),
            data=json.dumps(data),
        )

    def forget(self, sender_id: Text) -> int:
        """Delete every event of one conversation; the number deleted."""
        events = self.SQLEvent.__table__
        with self.session_scope() as session:
            deleted = session.execute(sa.delete(events).where(events.c.sender_id == sender_id)).rowcount
            session.commit()
        return deleted

    def purge(self, cutoff: float) -> Purged:
        """Delete every event older than ``cutoff`` (a Unix time), keeping the current session of a
        conversation that has events after it."""
        events = self.SQLEvent.__table__
        with self.session_scope() as session:
            last = dict(
                session.execute(
                    sa.select(events.c.sender_id, sa.func.max(events.c.timestamp)).group_by(events.c.sender_id)
                ).all()
            )
            session_start = dict(
                session.execute(
                    sa.select(events.c.sender_id, sa.func.max(events.c.timestamp))
                    .where(events.c.type_name == SessionStarted.type_name)
                    .group_by(events.c.sender_id)
                ).all()
            )
            stale = [sender for sender, latest in last.items() if latest is None or latest < cutoff]
            removed = 0
            for start in range(0, len(stale), 500):
                removed += session.execute(
                    sa.delete(events).where(events.c.sender_id.in_(stale[start : start + 500]))
                ).rowcount
            for sender in set(last) - set(stale):
                keep_from = min(cutoff, session_start.get(sender) or cutoff)
                removed += session.execute(
                    sa.delete(events).where(events.c.sender_id == sender, events.c.timestamp < keep_from)
                ).rowcount
            session.commit()
        return Purged(conversations=len(stale), events=removed)


def retention_days(value: Optional[str] = None) -> float:
    raw = value if value is not None else os.environ.get("RETENTION_DAYS", str(DEFAULT_RETENTION_DAYS))
    try:
        days = float(raw)
    except ValueError:
        raise SystemExit(f"RETENTION_DAYS must be a number of days, not {raw!r}") from None
    if days <= 0:
        raise SystemExit(f"RETENTION_DAYS must be more than 0, not {raw!r}")
    return days
