"""Where the events are kept: Rasa's SQL event broker, with the project's privacy rules.

``EventStore`` is the default profile's event broker (endpoints.yml: ``type:
analytics.store.EventStore``, SQLite ``events.db``) and what the production consumer writes
PostgreSQL with, so both profiles keep the same table: Rasa's ``events`` (id, sender_id, data as
JSON). On top of Rasa's class:

- a failed write never fails the conversation: it is logged, with the number of events lost;
- one transaction per turn: Rasa publishes a turn's events one by one without pausing, and they
  are written together on the event loop's next round (not one commit each), on a kept SQLite
  connection in WAL mode with ``synchronous=NORMAL``: about 0.3 ms a turn instead of 10 (a power
  cut may lose the last events, never the file);
- "forget me" as in the tracker store (gateway/tracker_store.py): the turn that answered
  ``utter_conversation_deleted`` deletes the conversation's events and is not kept itself;
- retention as for conversations: events older than RETENTION_DAYS are deleted, oldest first,
  at the first write and then once an hour;
- WAL mode also means that ``make report`` reading the file never makes a write wait.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any, Dict, Iterable, List, Optional, Text

import sqlalchemy as sa
from rasa.core.brokers.sql import SQLEventBroker
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs

from gateway.tracker_store import FORGET_ACTION, retention_days, sqlite_engine

logger = logging.getLogger("analytics")
PURGE_EVERY_SECONDS = 3600
PURGE_BATCH = 500


def _starts_conversation(event: Dict[Text, Any]) -> bool:
    return event.get("event") in ("session_started", "user") or (
        event.get("event") == "action" and event.get("name") == "action_session_start"
    )


def _forgets(event: Dict[Text, Any]) -> bool:
    return event.get("event") == "action" and event.get("name") == FORGET_ACTION


class EventStore(SQLEventBroker):
    def __init__(
        self,
        dialect: Text = "sqlite",
        host: Optional[Text] = None,
        port: Optional[int] = None,
        db: Text = "events.db",
        username: Optional[Text] = None,
        password: Optional[Text] = None,
        login_db: Optional[Text] = None,
    ) -> None:
        if login_db and dialect == "postgresql":  # create the database on first use, like the tracker store
            login = sa.create_engine(SQLTrackerStore.get_db_url(dialect, host, port, db, username, password, login_db))
            try:
                SQLTrackerStore._create_database(login, db)
            finally:
                login.dispose()
        super().__init__(dialect, host, port, db, username, password)
        url = self.engine.url
        self.engine.dispose()
        if dialect == "sqlite":
            # a locked file fails the write after 1 s instead of holding the event loop for 5
            self.engine = sqlite_engine(url, busy_timeout_s=1)
        else:
            self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.retention_seconds = retention_days() * 86400
        self.lost = 0  # events that could not be written
        self._pending: List[Dict[Text, Any]] = []
        self._flush_scheduled = False
        self._forgotten: set = set()  # conversations deleted in this turn: the rest of it is dropped too
        self._next_purge = 0.0

    def publish(self, event: Dict[Text, Any]) -> None:
        self._pending.append(event)
        if self._flush_scheduled:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not inside Rasa's server: write now
            self.flush()
            return
        self._flush_scheduled = True
        loop.call_soon(self.flush)

    def flush(self) -> None:
        events, self._pending, self._flush_scheduled = self._pending, [], False
        if not events:
            return
        try:
            self.store(events)
        except Exception as error:  # noqa: BLE001 - analytics must never break a conversation
            self.lost += len(events)
            logger.error(
                "analytics: %d event(s) could not be stored and are lost (%d in all): %s",
                len(events),
                self.lost,
                str(error).strip().splitlines()[0],
            )

    def store(self, events: Iterable[Dict[Text, Any]]) -> None:
        """Write events in one transaction (raises if the database fails)."""
        table, rows = self.SQLBrokerEvent.__table__, []
        with self.engine.begin() as connection:
            for event in events:
                sender = event.get("sender_id")
                if _starts_conversation(event):
                    self._forgotten.discard(sender)
                if sender in self._forgotten:
                    continue
                if _forgets(event):
                    rows = [row for row in rows if row["sender_id"] != sender]
                    connection.execute(sa.delete(table).where(table.c.sender_id == sender))
                    self._forgotten.add(sender)
                    continue
                rows.append({"sender_id": sender, "data": json.dumps(event)})
            if rows:
                connection.execute(sa.insert(table), rows)
        if time.time() >= self._next_purge:
            self._next_purge = time.time() + PURGE_EVERY_SECONDS
            self.purge()

    def purge(self, now: Optional[float] = None) -> int:
        """Delete events older than the retention period, oldest id first, up to the first newer
        one (events arrive nearly in time order); the number deleted."""
        cutoff = (now if now is not None else time.time()) - self.retention_seconds
        table, removed = self.SQLBrokerEvent.__table__, 0
        with self.engine.begin() as connection:
            while True:
                rows = connection.execute(
                    sa.select(table.c.id, table.c.data).order_by(table.c.id).limit(PURGE_BATCH)
                ).all()
                old = [row_id for row_id, data in rows if (json.loads(data).get("timestamp") or 0) < cutoff]
                if old:
                    removed += connection.execute(sa.delete(table).where(table.c.id.in_(old))).rowcount
                if len(old) < PURGE_BATCH:
                    break
        if removed:
            logger.info("analytics: deleted %d event(s) older than %g days", removed, self.retention_seconds / 86400)
        return removed

    async def close(self) -> None:
        self.flush()
        self.engine.dispose()
