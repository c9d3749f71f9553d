"""Starts the real servers exactly as `make run` does (honcho + Procfile), on free ports."""

from __future__ import annotations

import os
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator, List

import requests
import yaml

from tests.processes import free_port, stop, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 240


class Servers:
    def __init__(self, workdir: Path, rasa_port: int, action_port: int, log: Path):
        self.workdir, self.rasa_port, self.action_port, self.log = workdir, rasa_port, action_port, log
        self.url = f"http://127.0.0.1:{rasa_port}"
        self.db = workdir / "conversations.db"
        self.web_port = 0  # the website (Procfile's web process), set by running()
        self.web_url = ""

    def say(self, sender: str, message: str, timeout: float = 30) -> List[Dict]:
        reply = requests.post(
            f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=timeout
        )
        reply.raise_for_status()
        return reply.json()

    def texts(self, sender: str, message: str) -> List[str]:
        return [m.get("text", "") for m in self.say(sender, message)]


@contextmanager
def running(workdir: Path, extra_env: Dict[str, str] | None = None, endpoints_extra: str = "") -> Iterator[Servers]:
    """The action and Rasa servers with a fresh SQLite tracker store in ``workdir`` (and the response
    generator of the project's endpoints.yml)."""
    workdir.mkdir(parents=True, exist_ok=True)
    servers = Servers(workdir, free_port(), free_port(), workdir / "servers.log")
    endpoints = workdir / "endpoints.yml"
    nlg = yaml.safe_load((ROOT / "endpoints.yml").read_text())["nlg"]
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{servers.action_port}/webhook"\n'
        f"tracker_store:\n  type: gateway.tracker_store.PrivateSQLTrackerStore\n  dialect: sqlite\n"
        f'  db: "{servers.db}"\n{yaml.safe_dump({"nlg": nlg})}{endpoints_extra}'
    )
    web_port = free_port()  # the Procfile's web process too gets a free port, and the page's origin CORS
    env = {
        **os.environ,
        "RASA_PORT": str(servers.rasa_port),
        "ACTION_PORT": str(servers.action_port),
        "ENDPOINTS": str(endpoints),
        "MODEL": str(ROOT / "models" / "current.tar.gz"),
        "WEB_PORT": str(web_port),
        "CORS_ORIGINS": f"http://localhost:{web_port}",
        "BOT_URL": f"http://localhost:{servers.rasa_port}",
        **(extra_env or {}),
    }
    servers.web_port = int(env["WEB_PORT"])
    servers.web_url = f"http://localhost:{servers.web_port}"
    with servers.log.open("w") as log:
        proc = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "honcho"), "--procfile", "Procfile", "start"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        for url in (
            f"http://127.0.0.1:{servers.action_port}/health",
            f"{servers.url}/",
            f"http://127.0.0.1:{servers.web_port}/config.js",
        ):
            wait_until_up(url, proc, servers.log, START_TIMEOUT_S)
        yield servers
    finally:
        stop(proc)
