"""A private PostgreSQL server for tests that stop and start it (the machine's own server on 5432
is never stopped or reconfigured): initdb into a temporary folder, run as the ``postgres`` user
on a free port, trust authentication on 127.0.0.1 only, removed at the end."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from contextlib import closing
from pathlib import Path

import psycopg2

from tests.processes import free_port

BIN = Path(shutil.which("pg_ctl") or "/usr/local/bin/pg_ctl").resolve().parent


def _as_postgres(*command: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *command], capture_output=True, text=True, timeout=timeout
    )


class PrivatePostgres:
    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="career-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        shutil.chown(self.folder, "postgres", "postgres")

    def __enter__(self) -> "PrivatePostgres":
        made = _as_postgres(str(BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")
        assert made.returncode == 0, made.stdout + made.stderr
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        _as_postgres(str(BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def start(self) -> None:
        started = _as_postgres(
            str(BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-w",
            "-l",
            str(self.folder / "log"),
            "-o",
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1",
            "start",
        )
        assert started.returncode == 0, started.stdout + started.stderr + (self.folder / "log").read_text()
        self.wait()

    def stop(self) -> None:
        stopped = _as_postgres(str(BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
        assert stopped.returncode == 0, stopped.stdout + stopped.stderr

    def running(self) -> bool:
        return _as_postgres(str(BIN / "pg_ctl"), "-D", str(self.data), "status").returncode == 0

    def connect(self, db: str = "postgres"):
        return psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=db)

    def wait(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with closing(self.connect()):
                    return
            except psycopg2.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
