"""The production event broker: Rasa's Pika (RabbitMQ) broker that never blocks or breaks a
conversation (deploy/endpoints.prod.yml: ``type: analytics.rabbitmq.ResilientPikaEventBroker``).

Rasa 3.6's ``PikaEventBroker`` connects while the server starts, retrying 20 times 5 s apart, and
then stops the start with an error if RabbitMQ is unreachable; events published before it is
connected are dropped without a word, and events that fail later are re-sent on reconnection,
out of order, from an unbounded list. Here:

- the server starts at once; the connection is made (and re-made) in the background;
- ``publish`` only queues the event in memory and returns; one task sends the events in order,
  up to ``BATCH`` at a time, each confirmed by RabbitMQ, keeping them while RabbitMQ is
  unreachable and sending them when it is back (so they are delivered later, not lost);
- at most ``max_unpublished`` events are kept; beyond that the oldest are dropped, and counted;
- every message carries a ``publisher`` id and a ``seq`` number (headers), so the consumer
  (analytics/consumer.py) skips duplicates and counts, in its log, any event that never arrived
  (the dropped ones, or those held by a server that stopped during an outage).
"""

from __future__ import annotations

import asyncio
import collections
import itertools
import logging
import uuid
from typing import Any, Deque, Dict, Optional, Text, Tuple

from rasa.core.brokers.pika import PikaEventBroker

logger = logging.getLogger("analytics")
BATCH = 100  # events in flight at once: one at a time cannot keep up with a busy server
PUBLISH_TIMEOUT_SECONDS = 30
CLOSE_FLUSH_SECONDS = 3


class ResilientPikaEventBroker(PikaEventBroker):
    def __init__(self, host: Text, username: Text, password: Text, max_unpublished: Any = 10000, **kwargs: Any) -> None:
        kwargs.setdefault("retry_delay_in_seconds", 2)
        super().__init__(host, username, password, **{**kwargs, "connection_attempts": 1})
        self.publisher = uuid.uuid4().hex[:12]
        self.max_unpublished = int(max_unpublished)
        self.dropped = 0
        self._seq = 0
        self._kept: Deque[Tuple[int, Dict[Text, Any]]] = collections.deque()
        self._wake = asyncio.Event()
        self._lost = asyncio.Event()  # the connection dropped and has not come back yet
        self._outage: Optional[str] = None  # why RabbitMQ is unreachable, while it is
        self._sender: Optional[asyncio.Task] = None

    @classmethod
    async def from_endpoint_config(cls, broker_config, event_loop=None) -> Optional["ResilientPikaEventBroker"]:
        if broker_config is None:
            return None
        broker = cls(broker_config.url, **broker_config.kwargs, event_loop=event_loop)
        broker._sender = broker._loop.create_task(broker._send_forever())
        return broker

    def publish(self, event: Dict[Text, Any], headers: Optional[Dict[Text, Text]] = None) -> None:
        self._seq += 1
        if len(self._kept) >= self.max_unpublished:
            self._kept.popleft()
            self.dropped += 1
            if self.dropped == 1 or self.dropped % 1000 == 0:
                logger.error(
                    "analytics: %d event(s) lost: RabbitMQ unreachable and %d kept already",
                    self.dropped,
                    self.max_unpublished,
                )
        self._kept.append((self._seq, event))
        self._wake.set()

    def is_ready(self) -> bool:
        return True  # never hold the server back: events wait in memory until RabbitMQ is there

    async def _send_forever(self) -> None:
        while True:
            if self._exchange is None and not await self._connected():
                continue
            if not self._kept:
                self._wake.clear()
                await self._wake.wait()
                continue
            batch = list(itertools.islice(self._kept, BATCH))
            sent = await self._publish_batch(batch)
            # RabbitMQ confirms in order: keep the first failed event and all after it (a confirmed
            # one sent again is a duplicate, which the consumer skips)
            confirmed = next((i for i, result in enumerate(sent) if isinstance(result, BaseException)), len(batch))
            if confirmed and self._outage:
                logger.warning(
                    "analytics: RabbitMQ reachable again; sending the %d event(s) kept meanwhile", len(self._kept)
                )
                self._outage = None
            while confirmed and self._kept and self._kept[0][0] <= batch[confirmed - 1][0]:
                self._kept.popleft()  # by number: publish() may have dropped the oldest meanwhile
            if confirmed < len(batch):
                self._unreachable(sent[confirmed])
                await asyncio.sleep(self._retry_delay_in_seconds)

    async def _publish_batch(self, batch) -> list:
        """Each event's confirmation or error, in order, up to the first that is not confirmed in
        time. Published as aio-pika does (``Exchange.publish``) but without waiting for each
        message to be written before the next: one by one, a busy server fell behind (1,700 events
        under test_production.py's 50 conversations).
        A dropped connection leaves confirmations waiting (aio-pika reconnects in the
        background), so the batch stops there."""
        try:
            channel = self._exchange.channel
        except Exception as error:  # noqa: BLE001 - closed while aio-pika reconnects
            return [error]
        sending = [
            asyncio.ensure_future(
                channel.basic_publish(
                    message.body,
                    exchange=self._exchange.name,
                    routing_key="",
                    properties=message.properties,
                    mandatory=True,
                    wait=False,
                )
            )
            for message in (self._message(event, {"publisher": self.publisher, "seq": seq}) for seq, event in batch)
        ]
        lost = asyncio.ensure_future(self._lost.wait())
        await asyncio.wait(
            [asyncio.gather(*sending, return_exceptions=True), lost],
            timeout=PUBLISH_TIMEOUT_SECONDS,
            return_when=asyncio.FIRST_COMPLETED,
        )
        lost.cancel()
        results = []
        for task in sending:
            if not task.done():
                results.append(
                    ConnectionError("connection lost") if self._lost.is_set() else TimeoutError("no confirmation")
                )
                break
            results.append(task.exception() or task.result())
        for task in sending:
            task.cancel()
        return results

    async def _connected(self) -> bool:
        """One connection attempt (Rasa's, which waits ``retry_delay_in_seconds`` after a failure)."""
        try:
            await self.connect()
            self._connection.close_callbacks.add(lambda *_: self._lost.set())
            self._connection.reconnect_callbacks.add(lambda *_: self._lost.clear())
            self._lost.clear()
            return True
        except Exception as error:  # noqa: BLE001
            self._unreachable(error)
            if self._connection is not None:  # connected, but the channel or exchange failed
                connection, self._connection, self._exchange = self._connection, None, None
                await asyncio.gather(connection.close(), return_exceptions=True)
                await asyncio.sleep(self._retry_delay_in_seconds)
            return False

    def _unreachable(self, error: BaseException) -> None:
        if self._outage is None:
            self._outage = " ".join([type(error).__name__, *str(error).strip().splitlines()[:1]])
            logger.warning(
                "analytics: RabbitMQ at %s:%s unreachable (%s); conversations go on, events are "
                "kept (up to %d) and sent when it is back",
                self.host,
                self.port,
                self._outage,
                self.max_unpublished,
            )

    async def close(self) -> None:
        """Give the kept events a moment to go out, then say how many could not."""
        for _ in range(int(CLOSE_FLUSH_SECONDS / 0.1)):
            if not self._kept or self._exchange is None:
                break
            await asyncio.sleep(0.1)
        if self._sender:
            self._sender.cancel()
        if self._kept:
            logger.error("analytics: stopping with %d event(s) not sent to RabbitMQ: they are lost", len(self._kept))
        await super().close()
