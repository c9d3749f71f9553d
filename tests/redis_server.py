"""A private Redis for the production-profile tests: Debian's redis-server on a free port in a
temporary folder, nothing kept on disk, stopped and removed at the end (the machine's own Redis on
6379 is never used, stopped or reconfigured)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import redis

from tests.processes import free_port, stop

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


class PrivateRedis:
    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="career-redis-"))
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "PrivateRedis":
        with (self.folder / "log").open("w") as log:
            self.proc = subprocess.Popen(
                [
                    REDIS_SERVER,
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    str(self.folder),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 30
        while True:
            try:
                if self.client().ping():
                    return self
            except redis.ConnectionError:
                assert self.proc.poll() is None and time.monotonic() < deadline, (self.folder / "log").read_text()
                time.sleep(0.1)

    def __exit__(self, *exc) -> None:
        if self.proc is not None:
            stop(self.proc)
        shutil.rmtree(self.folder, ignore_errors=True)

    def client(self) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port)
