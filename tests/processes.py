"""Server processes on this machine: a free port, waiting until one answers, stopping its group.

Shared by the tests (tests/servers.py, tests/test_production.py) and `make bench`, which all start
the same servers as `make run` / `make run-prod` and must never leave one behind.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Callable, Sequence, Tuple

import requests


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(
    check: Callable[[], bool], watched: Sequence[Tuple[subprocess.Popen, Path]], what: str, timeout: float
) -> None:
    """Poll ``check`` until it is true; fail with the log's tail if a watched process exits (it
    will never answer) or time runs out. A check that cannot connect yet counts as false."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for proc, log in watched:
            if proc.poll() is not None:
                raise RuntimeError(f"{what}: a server exited early:\n{log.read_text()[-4000:]}")
        try:
            if check():
                return
        except requests.RequestException:
            pass
        time.sleep(0.25)
    tails = "\n".join(log.read_text()[-2000:] for _, log in watched)
    raise RuntimeError(f"{what}: not after {timeout:.0f}s:\n{tails}")


def wait_until_up(url: str, proc: subprocess.Popen, log: Path, timeout: float) -> None:
    """Poll ``url`` until it answers 2xx (see ``wait_until``)."""
    wait_until(lambda: requests.get(url, timeout=2).ok, [(proc, log)], url, timeout)


def stop(proc: subprocess.Popen, timeout: float = 30) -> None:
    """Stop a process started with ``start_new_session=True`` and everything it started."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
