"""Rasa's own SQL tracker store and Redis lock store, made safe for several replicas and short outages.

Loaded by the Rasa server from ``deploy/endpoints.prod.yml`` (``type: deploy.stores.<Class>``).

- ``ResilientSQLTrackerStore``: Rasa's ``SQLTrackerStore`` (with "forget me" and retention,
  gateway/tracker_store.py) with SQLAlchemy's ``pool_pre_ping`` (a
  pooled connection that PostgreSQL closed, e.g. after a restart, is replaced before use instead of
  failing the next message), and a bounded retry of each read/write while the database is
  unreachable, so a short PostgreSQL outage delays answers instead of losing them. Without it,
  Rasa 3.6 answers the first message after a PostgreSQL restart with nothing (the dead pooled
  connection raises and the REST channel returns ``[]``).
- ``AtomicRedisLockStore``: Rasa's ``RedisLockStore`` whose ticket operations (issue, finish,
  expire) are single Redis transactions (WATCH/MULTI). Rasa's own store does a get-then-set from
  each replica, so two replicas receiving messages for one conversation at the same moment can be
  issued the same ticket, or drop each other's ticket, and process the conversation at once. The
  lock's data format and keys are Rasa's, so the two classes interoperate.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from typing import Any, Awaitable, Callable, Dict, Optional, Text, TypeVar

import sqlalchemy as sa
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.core.tracker_store import create_engine_kwargs
from rasa.utils.endpoints import EndpointConfig

from gateway.tracker_store import PrivateSQLTrackerStore

logger = logging.getLogger(__name__)
T = TypeVar("T")

# How long one read or write of a conversation keeps retrying while the database is unreachable.
RETRY_SECONDS = float(os.environ.get("TRACKER_STORE_RETRY_SECONDS", "20"))


def _given(settings: Dict[Text, Any]) -> Dict[Text, Any]:
    """Settings from endpoints.yml without the empty ones (an unset ${VAR} reads as ''), so that
    Rasa's own defaults apply to them."""
    return {key: value for key, value in settings.items() if value not in (None, "")}


def _transient(error: Exception) -> bool:
    """A lost or refused database connection (worth retrying), not a bad query."""
    return isinstance(error, (sa.exc.OperationalError, sa.exc.InterfaceError)) or bool(
        isinstance(error, sa.exc.DBAPIError) and error.connection_invalidated
    )


class ResilientSQLTrackerStore(PrivateSQLTrackerStore):
    """The project's SQL tracker store (forget me, retention: gateway/tracker_store.py) that survives a
    database restart (see the module docstring)."""

    def __init__(self, domain=None, host: Optional[Text] = None, retry_seconds: Any = None, **kwargs: Any) -> None:
        super().__init__(domain=domain, host=host or None, **_given(kwargs))
        url = self.engine.url  # the working database (after ``login_db`` created it, if asked)
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self.retry_seconds = float(retry_seconds) if retry_seconds not in (None, "") else RETRY_SECONDS

    async def _retrying(self, what: Text, call: Callable[[], Awaitable[T]]) -> T:
        deadline, delay = time.monotonic() + self.retry_seconds, 0.25
        while True:
            try:
                return await call()
            except Exception as error:  # noqa: BLE001 - only transient ones are retried
                if not _transient(error) or time.monotonic() + delay > deadline:
                    raise
                reason = str(getattr(error, "orig", error)).strip().splitlines()[0:1]
                logger.warning(
                    "tracker store: %s failed (%s); retrying in %.2fs",
                    what,
                    reason[0] if reason else type(error).__name__,
                    delay,
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool):
        read = super()._retrieve
        return await self._retrying(
            f"reading conversation {sender_id}", lambda: read(sender_id, fetch_events_from_all_sessions)
        )

    async def write(self, tracker):
        # A failed attempt rolled back, and each attempt stores the events not yet stored, so a
        # retry never writes an event twice; the turn goes to the event broker once, after the
        # write that succeeded (PrivateSQLTrackerStore.save), so a retry never publishes it twice.
        write = super().write
        return await self._retrying(f"saving conversation {tracker.sender_id}", lambda: write(tracker))

    async def keys(self):
        read = super().keys
        return await self._retrying("listing conversations", read)


class AtomicRedisLockStore(RedisLockStore):
    """``RedisLockStore`` with atomic ticket operations (see the module docstring)."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        if endpoint_config is not None:  # how Rasa builds a lock store of type "module.Class"
            kwargs = {**endpoint_config.kwargs, **kwargs}
            kwargs.setdefault("host", endpoint_config.url)
        super().__init__(**_given(kwargs))

    def _transact(self, conversation_id: Text, change: Callable[[TicketLock], T]) -> T:
        """Read the lock, apply ``change``, write it back (or delete it when no ticket is left),
        as one optimistic Redis transaction, retried if another replica changed it meanwhile."""
        key = self.key_prefix + conversation_id

        def update(pipe) -> T:
            raw = pipe.get(key)
            lock = TicketLock.from_dict(json.loads(raw)) if raw else self.create_lock(conversation_id)
            result = change(lock)
            pipe.multi()
            if lock.is_someone_waiting():
                pipe.set(key, lock.dumps())
            else:
                pipe.delete(key)
            return result

        return self.red.transaction(update, key, value_from_callable=True)

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            return self._transact(conversation_id, lambda lock: lock.issue_ticket(lock_lifetime))
        except Exception as error:  # noqa: BLE001 - Rasa's contract: a LockError
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: Text) -> None:
        self._transact(conversation_id, lambda lock: lock.remove_expired_tickets())

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        self._transact(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number))

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        # finishing the ticket and deleting the lock if nobody waits is one step here
        self.finish_serving(conversation_id, ticket_number)
