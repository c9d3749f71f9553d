"""The production profile (deploy/) against the real PostgreSQL, Redis and Debian's nginx.

One set of servers for the module, started from deploy/Procfile.prod with the launcher's own
configuration (deploy/prod.py): 2 Rasa replicas, 1 action server, nginx. Each process runs under
its own honcho so that a test can stop and restart one of them. PostgreSQL is a private server on a
free port (tests/postgres.py), since a test stops it; Redis keys have a per-run prefix, and the
replicas' events go to a RabbitMQ exchange and queue of the run's own, all deleted at the end.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path
from typing import Dict, List

import pytest
import redis
import requests
import yaml

from deploy import prod
from deploy.stores import AtomicRedisLockStore
from tests import rabbitmq
from tests.postgres import PrivatePostgres
from tests.processes import free_port, stop, wait_until_up
from tests.redis_server import PrivateRedis

pytestmark = [pytest.mark.servers, pytest.mark.production]

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 300
APOLOGY = "Sorry, that answer is temporarily unavailable."
ROWS = yaml.safe_load((ROOT / "data/career/medical_billing_specialist.yml").read_text())["pay"]["by_state"]["rows"]
STATES = [name for name in ROWS if name != "District of Columbia"]  # the 50 states


def money(value: int) -> str:
    return f"${value:,}"


def pay_sentence(state: str) -> str:
    return f"In {state}, the median annual pay for medical billing specialists is {money(ROWS[state][0])}"


class Profile:
    """The profile's processes, each under its own honcho (Procfile.prod line + port)."""

    def __init__(self, workdir: Path, postgres: PrivatePostgres, redis_server: PrivateRedis, **settings: str):
        run_id = uuid.uuid4().hex[:10]
        self.postgres = postgres
        self.workdir = workdir
        self.db = f"career_test_{run_id}"
        self.port = free_port()
        self.ports = {"rasa1": free_port(), "rasa2": free_port(), "action1": free_port()}
        self.env = prod.settings(
            {
                **os.environ,
                **rabbitmq.names("prod"),
                **rabbitmq.endpoint(),
                **settings,
                "POSTGRES_DB": self.db,
                "REDIS_KEY_PREFIX": f"careertest{run_id}",
                "POSTGRES_HOST": "127.0.0.1",
                "POSTGRES_PORT": str(postgres.port),
                "REDIS_HOST": "127.0.0.1",
                "REDIS_PORT": str(redis_server.port),
                "REDIS_DB": "0",
                "PROD_PORT": str(self.port),
                "ACTIONS_PROXY_PORT": str(free_port()),
                "PROD_RUN_DIR": str(workdir / "run"),
                "RASA_REPLICAS": "2",
                "ACTION_SERVERS": "1",
            }
        )
        prod.write_configs(
            self.env,
            rasa=[f"127.0.0.1:{self.ports['rasa1']}", f"127.0.0.1:{self.ports['rasa2']}"],
            actions=[f"127.0.0.1:{self.ports['action1']}"],
        )
        self.url = f"http://127.0.0.1:{self.port}"
        self.procs: Dict[str, subprocess.Popen] = {}

    def replica_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def log(self, name: str) -> Path:
        return self.workdir / f"{name}.log"

    def start(self, name: str) -> None:
        kind = re.sub(r"\d+$", "", name)
        port = self.ports.get(name, free_port())
        with self.log(name).open("a") as log:
            self.procs[name] = subprocess.Popen(
                [
                    str(ROOT / ".venv/bin/honcho"),
                    "--procfile",
                    str(prod.PROCFILE),
                    "--app-root",
                    str(ROOT),
                    "start",
                    kind,
                    "--port",
                    str(port),
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def stop(self, name: str) -> None:
        proc = self.procs.pop(name, None)
        if proc is not None:
            stop(proc)

    def stop_all(self) -> None:
        """Stop every process and delete the run's Redis keys, RabbitMQ exchange and queue."""
        for name in list(self.procs):
            self.stop(name)
        red = redis.Redis(host=self.env["REDIS_HOST"], port=int(self.env["REDIS_PORT"]), db=int(self.env["REDIS_DB"]))
        for key in red.scan_iter(f"{self.env['REDIS_KEY_PREFIX']}:*"):
            red.delete(key)
        rabbitmq.delete(self.env["RABBITMQ_EXCHANGE"], self.env["RABBITMQ_QUEUE"])

    def wait(self, name: str, url: str) -> None:
        wait_until_up(url, self.procs[name], self.log(name), timeout=START_TIMEOUT_S)

    def wait_rasa(self, name: str) -> None:
        self.wait(name, self.replica_url(name) + "/")

    def wait_action(self) -> None:
        self.wait("action1", self.replica_url("action1") + "/health")

    # --- talking to it ---------------------------------------------------------------------
    def post(self, base: str, sender: str, message: str, timeout: float = 120) -> requests.Response:
        return requests.post(
            f"{base}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=timeout
        )

    def texts(self, sender: str, message: str, base: str = "") -> List[str]:
        reply = self.post(base or self.url, sender, message)
        assert reply.status_code == 200, (reply.status_code, reply.text)
        return [m.get("text", "") for m in reply.json()]

    def events(self, sender: str) -> List[Dict]:
        with closing(self.postgres.connect(self.db)) as conn, conn.cursor() as cur:
            cur.execute("SELECT data FROM events WHERE sender_id = %s ORDER BY id", (sender,))
            return [json.loads(data) for (data,) in cur.fetchall()]


@pytest.fixture(scope="module")
def profile(tmp_path_factory):
    assert Path(prod.NGINX).exists(), "Debian's nginx is needed: make nginx"
    # a test stops PostgreSQL: private servers, never the machine's own
    with PrivatePostgres() as postgres, PrivateRedis() as redis_server:
        profile = Profile(tmp_path_factory.mktemp("prod"), postgres, redis_server)
        with closing(postgres.connect()) as conn:
            conn.autocommit = True
            conn.cursor().execute(f"CREATE DATABASE {profile.db}")
        try:
            for name in ("action1", "rasa1", "rasa2", "nginx"):
                profile.start(name)
            profile.wait_action()
            profile.wait_rasa("rasa1")
            profile.wait_rasa("rasa2")
            profile.wait("nginx", profile.url + "/webhooks/rest/")
            yield profile
        finally:
            profile.stop_all()


def new_user(tag: str) -> str:
    return f"prod-{tag}-{uuid.uuid4().hex[:8]}"


# --- configuration (no servers) -------------------------------------------------------------------


def test_launcher_ports_match_honchos_numbering():
    """make run-prod renders nginx's upstreams from the ports honcho gives each process copy."""
    from honcho.environ import expand_processes, parse_procfile

    env = prod.settings({"RASA_REPLICAS": "3", "ACTION_SERVERS": "2", "PORT_BASE": "7000"})
    processes = parse_procfile(prod.PROCFILE.read_text()).processes
    assert list(processes) == ["action", "rasa", "nginx", "analytics"]
    concurrency = dict(item.split("=") for item in prod.honcho_command(env)[-1].split(","))
    started = expand_processes(processes, {k: int(v) for k, v in concurrency.items()}, port=int(env["PORT_BASE"]))
    ports = {p.name: int(p.env["PORT"]) for p in started}
    local = prod.local_ports(env)
    assert [ports[f"action.{i}"] for i in (1, 2)] == local["action"] == [7000, 7001]
    assert [ports[f"rasa.{i}"] for i in (1, 2, 3)] == local["rasa"] == [7100, 7101, 7102]
    assert env["ACTIONS_URL"] == "http://127.0.0.1:7200/webhook" and env["CORS_ORIGINS"] == "http://localhost:8000"


def test_rendered_nginx_config_is_valid(tmp_path):
    env = prod.settings({"PROD_RUN_DIR": str(tmp_path), "PUBLIC_URL": "https://chat.example.com/"})
    run_dir = prod.write_configs(env)
    conf = (run_dir / "nginx.conf").read_text()
    assert "{{" not in conf and "server 127.0.0.1:5200 " in conf and "server 127.0.0.1:5201 " in conf
    assert """return 200 '// Generated by web/serve.py""" in conf
    assert 'socketUrl: "https://chat.example.com" };\\n' in conf
    check = subprocess.run(
        [prod.NGINX, "-e", "stderr", "-p", str(run_dir), "-c", str(run_dir / "nginx.conf"), "-t"],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr


def test_lock_store_issues_each_ticket_once_under_contention():
    """8 'replicas' issuing tickets for one conversation at once: no ticket twice, none lost
    (Rasa's own RedisLockStore issues duplicates here: it reads, then writes)."""
    conversation, prefix = uuid.uuid4().hex, f"locktest{uuid.uuid4().hex[:8]}"
    stores = [AtomicRedisLockStore(host="127.0.0.1", key_prefix=prefix) for _ in range(8)]
    issued: List[int] = []

    def issue(store):
        for _ in range(25):
            issued.append(store.issue_ticket(conversation))

    threads = [threading.Thread(target=issue, args=(store,)) for store in stores]
    [thread.start() for thread in threads]
    [thread.join() for thread in threads]
    try:
        assert sorted(issued) == list(range(200))
        assert [t.number for t in stores[0].get_lock(conversation).tickets] == list(range(200))
        for number in range(200):
            stores[number % 8].cleanup(conversation, number)
        assert stores[0].get_lock(conversation) is None  # the last one out deletes the lock
    finally:
        stores[0].red.delete(stores[0].key_prefix + conversation)


# --- the running profile --------------------------------------------------------------------------


def test_conversation_started_on_one_replica_continues_on_the_other(profile):
    user, one, two = new_user("failover"), profile.replica_url("rasa1"), profile.replica_url("rasa2")
    assert profile.texts(user, "how much would i make in my state", one)[0].startswith("Which state")
    assert pay_sentence("Ohio") in profile.texts(user, "ohio", one)[0]
    assert pay_sentence("Ohio") in profile.texts(user, "what's the pay in my state", two)[0]
    assert "$51,420" in pay_sentence("Ohio")


def test_website_and_widget_socket_through_nginx(profile):
    page = requests.get(profile.url + "/", timeout=10)
    assert page.ok and "chat.js" in page.text
    config = requests.get(profile.url + "/config.js", timeout=10).text
    assert f'socketUrl: "http://localhost:{profile.port}"' in config
    assert requests.get(profile.url + "/serve.py", timeout=10).status_code == 404

    async def chat(transports: List[str]) -> Dict:
        import socketio

        client, replies = socketio.AsyncClient(), asyncio.Queue()
        client.on("bot_uttered", replies.put)
        await client.connect(profile.url, socketio_path="/socket.io/", transports=transports, wait_timeout=20)
        try:
            session = new_user("socket")
            await client.emit("session_request", {"session_id": session})
            await client.emit("user_uttered", {"message": "how much do billers make in utah", "session_id": session})
            return {"transport": client.transport(), "reply": await asyncio.wait_for(replies.get(), 60)}
        finally:
            await client.disconnect()

    websocket = asyncio.run(chat(["websocket"]))
    assert websocket["transport"] == "websocket" and pay_sentence("Utah") in websocket["reply"]["text"]
    upgraded = asyncio.run(chat(["polling", "websocket"]))  # how the widget connects
    assert pay_sentence("Utah") in upgraded["reply"]["text"]


def _turns(profile: Profile, user: str) -> List[List]:
    """The stored conversation as [user message, [bot answers...]] in stored order."""
    turns: List[List] = []
    for event in profile.events(user):
        if event["event"] == "user":
            turns.append([event["text"], []])
        elif event["event"] == "bot" and turns:
            turns[-1][1].append(event["text"])
    return turns


def _send_all(profile: Profile, user: str, states: List[str]) -> Dict[str, List]:
    """Send 'how much do billers make in <state>' for each state at once, each from its own thread,
    through nginx (so to both replicas); returns state -> [sent, answered, texts]."""
    results: Dict[str, List] = {}

    def send(state: str) -> None:
        sent = time.monotonic()
        reply = profile.post(profile.url, user, f"how much do billers make in {state}")
        assert reply.status_code == 200, reply.text
        results[state] = [sent, time.monotonic(), [m.get("text", "") for m in reply.json()]]

    with ThreadPoolExecutor(len(states)) as pool:
        list(pool.map(send, states))
    return results


def _assert_one_at_a_time(profile: Profile, user: str, results: Dict[str, List]) -> List[str]:
    """Each request got its own answer, and in the stored conversation every message is followed
    by its own answer before the next message (no interleaving). Returns the stored order."""
    for state, (_, _, texts) in results.items():
        assert len(texts) == 1 and pay_sentence(state) in texts[0], (state, texts)
    turns = _turns(profile, user)
    order = [text.rsplit(" in ", 1)[1] for text, _ in turns]
    assert sorted(order) == sorted(results), turns
    for state, (_, answers) in zip(order, turns):
        assert len(answers) == 1 and pay_sentence(state) in answers[0], turns
    return order


def test_concurrent_messages_for_one_conversation_are_processed_in_order_one_at_a_time(profile):
    states = ["Ohio", "Texas", "Utah", "Maine", "Iowa", "Idaho"]

    # 1. A burst: six messages at once, spread over both replicas by nginx.
    user = new_user("burst")
    _assert_one_at_a_time(profile, user, _send_all(profile, user, states))

    # 2. In order: while the conversation is busy (the test holds its lock, as a replica would),
    # six messages arrive one after another and queue: each is sent once the one before holds its
    # ticket (read from Redis), so the arrival order is known whatever the machine's load; when the
    # lock is released they are processed in arrival order.
    user = new_user("queue")
    env = profile.env
    holder = AtomicRedisLockStore(
        host=env["REDIS_HOST"], port=int(env["REDIS_PORT"]), db=int(env["REDIS_DB"]), key_prefix=env["REDIS_KEY_PREFIX"]
    )
    ticket = holder.issue_ticket(user)
    results: Dict[str, List] = {}

    def send(state: str) -> None:
        reply = profile.post(profile.url, user, f"how much do billers make in {state}")
        assert reply.status_code == 200, reply.text
        results[state] = [0.0, time.monotonic(), [m.get("text", "") for m in reply.json()]]

    with ThreadPoolExecutor(len(states)) as pool:
        try:
            sent = []
            for index, state in enumerate(states):
                sent.append(pool.submit(send, state))
                deadline = time.monotonic() + 60
                while len(holder.get_lock(user).tickets) < index + 2:  # the holder's ticket + this one's
                    assert time.monotonic() < deadline, f"message {index + 1} never queued"
                    time.sleep(0.02)
            assert not results  # nobody jumped the lock
            released = time.monotonic()
        finally:
            holder.cleanup(user, ticket)
        for future in sent:
            future.result()
    assert all(answered > released for _, answered, _ in results.values())
    assert _assert_one_at_a_time(profile, user, results) == states
    assert sorted(results, key=lambda state: results[state][1]) == states


def test_fifty_conversations_of_ten_turns_through_nginx_each_see_only_their_own_figures(profile):
    other_names = {
        state: re.compile(r"\b(" + "|".join(re.escape(s) for s in ROWS if s != state and s not in state) + r")\b")
        for state in STATES
    }
    errors: List[str] = []

    def conversation(state: str) -> int:
        user, session = new_user("load"), requests.Session()
        allowed = {money(value) for value in ROWS[state]}
        for turn in range(10):
            message = f"how much do billers make in {state}" if turn % 2 == 0 else "what's the pay in my state"
            try:
                reply = session.post(
                    f"{profile.url}/webhooks/rest/webhook", json={"sender": user, "message": message}, timeout=120
                )
            except requests.RequestException as exc:
                errors.append(f"{state} turn {turn}: {exc}")
                return turn
            text = " ".join(m.get("text", "") for m in reply.json()) if reply.ok else ""
            problems = [
                reply.status_code != 200 and f"HTTP {reply.status_code}",
                pay_sentence(state) not in text and f"not its own answer: {text[:120]!r}",
                other_names[state].search(text.replace(state, "")) and f"another state: {text[:120]!r}",
                not set(re.findall(r"\$\d{1,3}(?:,\d{3})*", text)) <= allowed and f"other figures: {text[:120]!r}",
            ]
            errors.extend(f"{state} turn {turn}: {p}" for p in problems if p)
        return 10

    started = time.monotonic()
    with ThreadPoolExecutor(50) as pool:
        turns = list(pool.map(conversation, STATES))
    elapsed = time.monotonic() - started
    assert not errors, errors[:10]
    assert sum(turns) == 500
    print(f"500 messages in {elapsed:.1f}s ({500 / elapsed:.1f} msg/s) through nginx, 2 replicas")


def test_action_server_down_gives_an_apology_and_answers_resume(profile):
    user = new_user("actions")
    assert pay_sentence("Texas") in profile.texts(user, "how much do billers make in Texas")[0]
    profile.stop("action1")
    try:
        for state in ("Ohio", "Utah"):
            reply = profile.post(profile.url, user, f"how much do billers make in {state}")
            assert reply.status_code == 200
            texts = [m.get("text", "") for m in reply.json()]
            assert texts and texts[0].startswith(APOLOGY), texts
    finally:
        profile.start("action1")
        profile.wait_action()
    assert pay_sentence("Ohio") in profile.texts(user, "how much do billers make in Ohio")[0]
    assert pay_sentence("Ohio") in profile.texts(user, "what's the pay in my state")[0]


def test_postgresql_stopped_briefly_the_bot_recovers_without_a_restart(profile):
    user = new_user("pg")
    assert profile.texts(user, "how much would i make in my state")[0].startswith("Which state")
    assert pay_sentence("Ohio") in profile.texts(user, "ohio")[0]
    during: Dict[str, List[str]] = {}

    def send() -> None:
        try:
            during["texts"] = profile.texts(user, "what's the pay in my state")
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            during["error"] = [repr(error)]

    sender = threading.Thread(target=send)
    profile.postgres.stop()
    try:
        sender.start()
        time.sleep(3)  # the replica retries meanwhile
    finally:
        profile.postgres.start()
    sender.join(timeout=60)
    # the message sent during the outage was answered once the database was back, with context
    assert pay_sentence("Ohio") in during.get("texts", [""])[0], during
    # and both replicas work again (their pooled connections were closed by the restart)
    for replica in ("rasa1", "rasa2"):
        assert (
            pay_sentence("Ohio") in profile.texts(user, "what's the pay in my state", profile.replica_url(replica))[0]
        )
    assert len([e for e in profile.events(user) if e["event"] == "user"]) == 5


def test_a_replica_restarted_mid_conversation_loses_nothing(profile):
    user, two = new_user("restart"), profile.replica_url("rasa2")
    assert profile.texts(user, "how much would i make in my state", two)[0].startswith("Which state")
    assert pay_sentence("Ohio") in profile.texts(user, "ohio", two)[0]
    profile.stop("rasa2")
    profile.start("rasa2")
    # while it restarts, nginx sends everyone to the other replica
    for _ in range(3):
        assert pay_sentence("Ohio") in profile.texts(user, "what's the pay in my state")[0]
    profile.wait_rasa("rasa2")
    assert pay_sentence("Ohio") in profile.texts(user, "what's the pay in my state", two)[0]
    user_turns = [e["text"] for e in profile.events(user) if e["event"] == "user"]
    assert user_turns == ["how much would i make in my state", "ohio"] + ["what's the pay in my state"] * 4


def test_forget_me_deletes_the_rows_in_postgresql(profile):
    user = new_user("forget")
    assert pay_sentence("Ohio") in profile.texts(user, "how much do billers make in ohio")[0]
    assert len(profile.events(user)) > 5
    assert "Delete this whole conversation?" in profile.texts(user, "delete my conversation")[0]
    assert profile.texts(user, "/affirm")[0].startswith("Done: this conversation has been deleted")
    assert profile.events(user) == []


def test_pasted_personal_data_never_reaches_postgresql(profile):
    user = new_user("pii")
    pasted = {
        "123-45-6789": "my ssn is 123-45-6789 how much do billers make in ohio",
        "4111 1111 1111 1111": "card 4111 1111 1111 1111 for the training fee",
        "XJQ987654321": "member id XJQ987654321 was denied, what do billers do",
    }
    for message in pasted.values():
        replies = profile.texts(user, message)
        assert replies[0].startswith("Please don't share personal or patient information here")
        assert not any(original in " ".join(replies) for original in pasted)
    stored = json.dumps(profile.events(user))
    assert "[removed]" in stored and not any(original in stored for original in pasted)
