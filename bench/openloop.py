"""Open-loop load: messages arrive as a Poisson process, whatever the bot is doing.

A closed loop (each conversation waits for its answer before sending the next message) slows the
offered load down exactly when the bot is slow, which hides queueing. Here the arrival times are
drawn first (exponential gaps at the offered rate, from a seeded generator, so both bots get the
same schedule) and each message is sent at its time; its latency counts from that scheduled time,
so a message that could not even be sent on time is charged for the wait (no coordinated omission).

Each arrival goes to a conversation of a pool (200 visitors): the next one that is not waiting for
an answer (a person does not type while the bot is answering; two messages of one conversation at
once would also queue on Rasa's per-conversation lock, which measures the visitor, not the bot).
A conversation that has said all its turns is replaced by a new visitor, so the load mixes first
messages (session start) with returning visitors whose history the tracker store must read.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Deque, Dict, List, Sequence

import aiohttp

POOL = 200
TIMEOUT_S = 60


@dataclass
class Sample:
    latency_s: float  # from the scheduled arrival to the complete answer
    ok: bool  # HTTP 200 with at least one message
    first: bool  # the conversation's first message


@dataclass
class Visitor:
    sender: str
    script: List[str]
    turn: int = 0
    busy: bool = False


@dataclass
class Pool:
    """The conversations of one bot, kept across its phases (visitors come back)."""

    turns: Sequence[str]
    fill: Callable[[int], Dict[str, str]]  # visitor number -> format fields of its script
    size: int = POOL
    made: int = 0
    visitors: Deque[Visitor] = field(default_factory=deque)

    def __post_init__(self) -> None:
        for _ in range(self.size):
            self.visitors.append(self._new())

    def _new(self) -> Visitor:
        self.made += 1
        fields = self.fill(self.made)
        return Visitor(f"open-{uuid.uuid4().hex[:12]}", [t.format(**fields) for t in self.turns])

    def next_idle(self) -> Visitor:
        """The longest-idle visitor not waiting for an answer (a new one if all are waiting)."""
        for _ in range(len(self.visitors)):
            visitor = self.visitors.popleft()
            self.visitors.append(visitor)
            if not visitor.busy:
                return visitor
        visitor = self._new()
        self.visitors.append(visitor)
        return visitor

    def take(self) -> Visitor:
        """The next idle visitor, now waiting for an answer."""
        visitor = self.next_idle()
        visitor.busy = True
        return visitor

    def done(self, visitor: Visitor) -> None:
        visitor.busy = False
        if visitor.turn >= len(visitor.script):
            self.visitors.remove(visitor)
            self.visitors.append(self._new())


def arrivals(rate: float, seconds: float, seed: int) -> List[float]:
    """Poisson arrival offsets (s) in [0, seconds) at ``rate`` messages per second."""
    rng, times, t = random.Random(seed), [], 0.0
    while True:
        t += rng.expovariate(rate)
        if t >= seconds:
            return times
        times.append(t)


def _session() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=0), timeout=aiohttp.ClientTimeout(total=TIMEOUT_S)
    )


async def _say_next(session: aiohttp.ClientSession, url: str, pool: Pool, visitor: Visitor) -> bool:
    """Send the visitor's next turn; whether it was answered (HTTP 200, at least one message).
    The visitor is free again afterwards."""
    message = visitor.script[visitor.turn]
    visitor.turn += 1
    try:
        async with session.post(
            f"{url}/webhooks/rest/webhook", json={"sender": visitor.sender, "message": message}
        ) as response:
            return response.status == 200 and bool(await response.json())
    except (aiohttp.ClientError, asyncio.TimeoutError):
        return False
    finally:
        pool.done(visitor)


async def _phase(url: str, pool: Pool, schedule: Sequence[float]) -> List[Sample]:
    samples: List[Sample] = []
    async with _session() as session:

        async def send(visitor: Visitor, due: float) -> None:
            first = visitor.turn == 0
            ok = await _say_next(session, url, pool, visitor)
            samples.append(Sample(time.perf_counter() - due, ok, first))

        tasks = []
        start = time.perf_counter()
        for offset in schedule:
            due = start + offset
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(send(pool.take(), due)))
        await asyncio.gather(*tasks)  # drain: the next phase starts on an idle bot
    return samples


def phase(url: str, pool: Pool, rate: float, seconds: float, seed: int) -> List[Sample]:
    """Offer ``rate`` messages/s for ``seconds`` to the bot at ``url``; every message's sample."""
    return asyncio.run(_phase(url, pool, arrivals(rate, seconds, seed)))


def capacity(url: str, pool: Pool, seconds: float, concurrency: int = 8) -> float:
    """Saturation throughput (messages/s): ``concurrency`` senders, each sending again as soon as
    it has its answer, for ``seconds``."""

    async def run() -> float:
        done = 0
        async with _session() as session:
            end = time.perf_counter() + seconds

            async def sender() -> None:
                nonlocal done
                while time.perf_counter() < end:
                    await _say_next(session, url, pool, pool.take())
                    done += 1

            began = time.perf_counter()
            await asyncio.gather(*(sender() for _ in range(concurrency)))
            return done / (time.perf_counter() - began)

    return asyncio.run(run())


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = (len(ordered) - 1) * q
    low, high = int(rank), min(int(rank) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary(samples: Sequence[Sample]) -> Dict[str, float]:
    latencies = [s.latency_s for s in samples]
    return {
        "messages": len(samples),
        "errors": sum(not s.ok for s in samples),
        "first_messages": sum(s.first for s in samples),
        **{f"p{int(q * 100)}_ms": round(percentile(latencies, q) * 1000, 1) for q in (0.5, 0.9, 0.99)},
    }
