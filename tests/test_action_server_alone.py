"""The action server installs from its own requirements (actions/requirements.txt) into a fresh
venv, without Rasa or TensorFlow, and answers a question from the data file there."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import requests
import yaml

from tests.conftest import ROOT
from tests.processes import free_port, stop, wait_until_up

pytestmark = pytest.mark.install


def test_the_action_server_installs_and_answers_without_rasa(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    installed = subprocess.run(
        [
            python,
            "-m",
            "pip",
            "install",
            "-q",
            "-c",
            str(ROOT / "constraints.txt"),
            "-r",
            str(ROOT / "actions" / "requirements.txt"),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert installed.returncode == 0, installed.stdout[-2000:] + installed.stderr[-2000:]
    absent = subprocess.run(
        [python, "-c", "import importlib.util as u; print([m for m in ('rasa', 'tensorflow') if u.find_spec(m)])"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert absent.stdout.strip() == "[]"

    port, log = free_port(), tmp_path / "actions.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [python, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
            cwd=ROOT,
            env={**os.environ, "SANIC_HOST": "127.0.0.1"},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/health", proc, log, timeout=120)
        tracker = {
            "sender_id": "alone",
            "slots": {},
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
            "latest_message": {
                "text": "how much do billers make in texas",
                "intent": {"name": "ask_salary", "confidence": 1.0},
                "entities": [{"entity": "place", "value": "texas"}],
            },
        }
        body = {
            "next_action": "action_pay",
            "sender_id": "alone",
            "tracker": tracker,
            "domain": yaml.safe_load((ROOT / "domain.yml").read_text()),
        }
        reply = requests.post(f"http://127.0.0.1:{port}/webhook", json=body, timeout=60)
        assert reply.ok, reply.text
        answer = reply.json()["responses"][0]
        assert answer["response"] == "utter_state_pay" and answer["median"] == "$47,230", answer
    finally:
        stop(proc)
