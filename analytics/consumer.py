"""The production profile's ``analytics`` process (deploy/Procfile.prod): RabbitMQ -> PostgreSQL.

    .venv/bin/python -m analytics.consumer

Reads the events the Rasa replicas publish (analytics/rabbitmq.py) from the durable queue
RABBITMQ_QUEUE, bound to the fanout exchange RABBITMQ_EXCHANGE, and stores them with
``EventStore`` in the PostgreSQL database ANALYTICS_DB on the POSTGRES_* server (created if
missing), the table ``make report`` reads. Settings and defaults as the rest of the profile
(deploy/prod.py).

A message is acknowledged only once it is stored, so while PostgreSQL (or this process) is down
the events wait in the queue. Each message carries its publisher's id and sequence number: a
number seen before is a duplicate (skipped); a jump means events that never arrived, which the
log counts as lost ("... never arrived: lost").
"""

from __future__ import annotations

import asyncio
import json
import logging
import signal
import time
from typing import Any, Dict, Mapping, Optional

import aio_pika

from analytics.store import EventStore
from deploy import prod

logger = logging.getLogger("analytics")
RETRY_SECONDS = 5
PREFETCH = 256
IDLE_SECONDS = 1  # how often an idle consumer checks its connection and reports what it stored


class Consumer:
    def __init__(self, store: EventStore) -> None:
        self.store = store
        self.last_seq: Dict[str, int] = {}  # per publisher (one Rasa server's run)
        self.stored = self.duplicates = self.lost = 0
        self._reported = 0
        self._failing: Optional[str] = None  # the last failure logged, not repeated while it lasts

    def accept(self, event: Dict[str, Any], headers: Mapping[str, Any]) -> bool:
        """Store one event unless it is a duplicate (False); raises if the database fails."""
        publisher, seq = headers.get("publisher"), headers.get("seq")
        last = self.last_seq.get(publisher) if isinstance(seq, int) else None
        if last is not None and seq <= last:
            self.duplicates += 1
            return False
        self.store.store([event])
        self.stored += 1
        if isinstance(seq, int):
            if last is not None and seq > last + 1:
                self.lost += seq - last - 1
                logger.warning(
                    "analytics consumer: %d event(s) from publisher %s never arrived (seq %d-%d): lost; %d lost in all",
                    seq - last - 1,
                    publisher,
                    last + 1,
                    seq - 1,
                    self.lost,
                )
            self.last_seq[publisher] = seq
        return True

    def report(self) -> None:
        if self.stored != self._reported:
            self._reported = self.stored
            logger.info(
                "analytics consumer: %d event(s) stored, %d duplicate(s) skipped, %d lost",
                self.stored,
                self.duplicates,
                self.lost,
            )

    async def consume(self, env: Mapping[str, str]) -> None:
        """Until the connection breaks (raises) or the database fails (raises; the message is
        not acknowledged, so RabbitMQ keeps it)."""
        connection = await aio_pika.connect(
            host=env["RABBITMQ_HOST"],
            port=int(env["RABBITMQ_PORT"]),
            login=env["RABBITMQ_USER"],
            password=env["RABBITMQ_PASSWORD"],
        )
        closed = asyncio.Event()
        connection.close_callbacks.add(lambda *_: closed.set())
        async with connection:
            channel = await connection.channel()
            await channel.set_qos(prefetch_count=PREFETCH)
            # declared exactly as Rasa's broker declares them (a mismatch is an error)
            exchange = await channel.declare_exchange(env["RABBITMQ_EXCHANGE"], aio_pika.ExchangeType.FANOUT)
            queue = await channel.declare_queue(env["RABBITMQ_QUEUE"], durable=True)
            await queue.bind(exchange, "")
            logger.info(
                "analytics consumer: reading queue %s on %s:%s", queue.name, env["RABBITMQ_HOST"], env["RABBITMQ_PORT"]
            )
            self._failing = None
            async with queue.iterator(timeout=IDLE_SECONDS) as messages:
                while not closed.is_set():
                    try:
                        message = await messages.__anext__()
                    except asyncio.TimeoutError:
                        self.report()
                        continue
                    try:
                        event = json.loads(message.body)
                    except ValueError:  # not Rasa's: dropped, or it would come back forever
                        logger.error("analytics consumer: a message that is not JSON was dropped")
                    else:
                        self.accept(event, message.headers or {})
                    await message.ack()
        raise ConnectionError("the connection to RabbitMQ was closed")

    async def run(self, env: Mapping[str, str]) -> None:
        while True:
            try:
                await self.consume(env)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 - RabbitMQ or PostgreSQL away: wait, retry
                reason = " ".join([type(error).__name__, *str(error).strip().splitlines()[:1]])
                if reason != self._failing:
                    logger.warning(
                        "analytics consumer: %s; unstored events stay in the queue, retrying every %ds",
                        reason,
                        RETRY_SECONDS,
                    )
                    self._failing = reason
                await asyncio.sleep(RETRY_SECONDS)


def open_store(env: Mapping[str, str]) -> EventStore:
    """The PostgreSQL event store, waiting for the database if it is not there yet."""
    while True:
        try:
            return EventStore(
                dialect="postgresql",
                host=env["POSTGRES_HOST"],
                port=int(env["POSTGRES_PORT"]),
                db=env["ANALYTICS_DB"],
                username=env["POSTGRES_USER"],
                password=env["POSTGRES_PASSWORD"] or None,
                login_db=env["POSTGRES_LOGIN_DB"] or None,
            )
        except Exception as error:  # noqa: BLE001
            logger.warning(
                "analytics consumer: PostgreSQL not reachable (%s); retrying in %ds",
                str(error).strip().splitlines()[0],
                RETRY_SECONDS,
            )
            time.sleep(RETRY_SECONDS)


async def main() -> None:
    env = prod.settings()
    consumer = Consumer(open_store(env))
    task = asyncio.current_task()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    try:
        await consumer.run(env)
    except asyncio.CancelledError:
        consumer.report()
        logger.info("analytics consumer: stopped")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    asyncio.run(main())
