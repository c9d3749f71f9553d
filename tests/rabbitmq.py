"""A private RabbitMQ for tests and the benchmark: Debian's rabbitmq-server as a node of its own
(own ports, own Erlang port mapper, data in a temporary folder), started once on first use and
stopped at exit, so the machine's own server (127.0.0.1:5672) is never used, stopped or
reconfigured. Each run still gets its own exchange and queue, and a TCP proxy in front of the
server lets a test cut RabbitMQ (every connection closed, new ones refused) and restore it."""

from __future__ import annotations

import asyncio
import atexit
import functools
import os
import random
import shutil
import socket
import subprocess
import tempfile
import threading
import uuid
from pathlib import Path
from typing import Dict, Set

import aio_pika

from tests.processes import free_port, stop, wait_until

HOST, USER, PASSWORD = "127.0.0.1", "guest", "guest"
RABBITMQ_SERVER = "/usr/lib/rabbitmq/bin/rabbitmq-server"
EPMD = shutil.which("epmd") or "/usr/bin/epmd"


class PrivateRabbitMQ:
    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="career-rabbitmq-"))
        self.port, self.dist_port, self.epmd_port = free_port(), free_port(), free_port()
        self.proc: subprocess.Popen | None = None

    def env(self) -> Dict[str, str]:
        f = self.folder
        return {
            **os.environ,
            "HOME": str(f),
            "ERL_EPMD_PORT": str(self.epmd_port),  # its own port mapper, not the machine's
            "RABBITMQ_NODENAME": f"careertest{self.port}@localhost",
            "RABBITMQ_NODE_IP_ADDRESS": HOST,
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_MNESIA_BASE": str(f / "mnesia"),
            "RABBITMQ_LOG_BASE": str(f / "log"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(f / "plugins"),
            "RABBITMQ_CONFIG_FILE": str(f / "rabbitmq"),
            "RABBITMQ_ADVANCED_CONFIG_FILE": str(f / "advanced.config"),
            "RABBITMQ_PID_FILE": str(f / "pid"),
        }

    def start(self) -> "PrivateRabbitMQ":
        with (self.folder / "out.log").open("w") as log:
            self.proc = subprocess.Popen(
                [RABBITMQ_SERVER],
                env=self.env(),
                cwd=self.folder,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until(self._accepts, [(self.proc, self.folder / "out.log")], "private RabbitMQ", timeout=60)
        return self

    def _accepts(self) -> bool:
        try:
            with socket.create_connection((HOST, self.port), timeout=1):
                return True
        except OSError:
            return False

    def close(self) -> None:
        if self.proc is not None:
            stop(self.proc)
        subprocess.run([EPMD, "-kill"], env=self.env(), capture_output=True, timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)


@functools.lru_cache(maxsize=1)
def server() -> PrivateRabbitMQ:
    """The private RabbitMQ of this process, started on first use."""
    started = PrivateRabbitMQ().start()
    atexit.register(started.close)
    return started


def endpoint() -> Dict[str, str]:
    """Where the production profile finds RabbitMQ, as its environment variables."""
    return {"RABBITMQ_HOST": HOST, "RABBITMQ_PORT": str(server().port)}


def names(tag: str) -> Dict[str, str]:
    """A run's own exchange and queue, as environment variables for the production profile."""
    run = f"careertest-{tag}-{uuid.uuid4().hex[:8]}"
    return {"RABBITMQ_EXCHANGE": run, "RABBITMQ_QUEUE": run}


def delete(exchange: str, queue: str) -> None:
    async def run() -> None:
        connection = await aio_pika.connect(host=HOST, port=server().port, login=USER, password=PASSWORD)
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
    """127.0.0.1:``port`` forwarded to the private RabbitMQ while up."""

    def __init__(self) -> None:
        server()  # started before anything connects through the proxy
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
                upstream = socket.create_connection((HOST, server().port))
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
