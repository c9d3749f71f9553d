"""RabbitMQ for tests, without touching the machine's own server (127.0.0.1:5672): a per-run
exchange and queue, deleted afterwards, and a TCP proxy in front of it that a test can cut
(every connection closed, new ones refused) and restore, to play RabbitMQ going away."""

from __future__ import annotations

import asyncio
import random
import socket
import threading
import uuid
from pathlib import Path
from typing import Dict, Set

import aio_pika

HOST, PORT, USER, PASSWORD = "127.0.0.1", 5672, "guest", "guest"


def names(tag: str) -> Dict[str, str]:
    """A run's own exchange and queue, as environment variables for the production profile."""
    run = f"careertest-{tag}-{uuid.uuid4().hex[:8]}"
    return {"RABBITMQ_EXCHANGE": run, "RABBITMQ_QUEUE": run}


def delete(exchange: str, queue: str) -> None:
    async def run() -> None:
        connection = await aio_pika.connect(host=HOST, port=PORT, login=USER, password=PASSWORD)
        async with connection:
            channel = await connection.channel()
            await channel.queue_delete(queue)
            await channel.exchange_delete(exchange)

    asyncio.run(run())


def port_outside_ephemeral_range() -> int:
    """A free port the kernel never gives a client as its own: a client reconnecting to a closed
    port of that range can be given that very port and connect to itself, keeping it taken."""
    lowest = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    while True:
        port = random.randrange(10000, lowest)
        with socket.socket() as sock:
            try:
                sock.bind((HOST, port))
                return port
            except OSError:
                continue


class TcpProxy:
    """127.0.0.1:``port`` forwarded to RabbitMQ while up."""

    def __init__(self) -> None:
        self.port = port_outside_ephemeral_range()
        self._listener: socket.socket | None = None
        self._open: Set[socket.socket] = set()
        self._lock = threading.Lock()

    def __enter__(self) -> "TcpProxy":
        self.restore()
        return self

    def __exit__(self, *exc) -> None:
        self.cut()

    def restore(self) -> None:
        self._listener = socket.create_server((HOST, self.port))
        threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()

    def cut(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            try:
                listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread (close alone does not)
            except OSError:
                pass
            listener.close()
        with self._lock:
            sockets, self._open = self._open, set()
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                upstream = socket.create_connection((HOST, PORT))
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open.update((client, upstream))
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                target.sendall(data)
        except OSError:
            pass
        with self._lock:
            self._open.difference_update((source, target))
        for sock in (source, target):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
