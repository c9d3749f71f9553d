"""Conversation analytics (analytics/; README, "Analytics").

- the report's figures from constructed Rasa events (the two-stage fallback's rewind, slots
  carried into a new session, states compared, the quiz, the declines), the page (escaped,
  self-contained, accessible), bad input;
- the event store (forget me, retention, a failing write) and the consumer (duplicates, lost
  events); the RabbitMQ broker with RabbitMQ unreachable at start;
- through the real servers: scripted conversations -> `make report` -> summary.json equals what
  was sent and answered, on the default profile (SQLite) and on the production profile
  (RabbitMQ -> consumer -> PostgreSQL) with RabbitMQ cut mid-conversation; pasted personal data
  never reaches the events or the report; the page in Chromium (no console error, no request).

RabbitMQ is a private node started for the test run (tests/rabbitmq.py; the machine's own is never
used), with a per-run exchange and queue and a TCP proxy the tests cut.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import re
import sqlite3
import subprocess
import time
import uuid
from collections import Counter
from contextlib import closing
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Dict, List, Tuple

import pytest
import requests
import yaml
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)

from analytics import report
from analytics.consumer import Consumer
from analytics.events import conversations, read
from analytics.store import EventStore
from tests import rabbitmq
from tests.processes import free_port, stop, wait_until, wait_until_up
from tests.servers import ROOT, running

DAY = 86400
D0 = datetime.now(timezone.utc).date() - timedelta(days=20)  # recent: within the 30 days' retention
T0 = datetime(D0.year, D0.month, D0.day, 9, tzinfo=timezone.utc).timestamp()
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())
# how each declining response starts (its text before the first placeholder): the replies' side
DECLINE_STARTS = tuple(DOMAIN["responses"][name][0]["text"].split("{")[0] for name in report.DECLINES)
SSN = "123-45-6789"
CHROMIUM = "/usr/bin/chromium"


# --- constructed events -----------------------------------------------------------------------------


def turn(
    sender: str,
    at: float,
    text: str,
    intent: str,
    *replies: str,
    slots=(),
    channel: str = "rest",
    quiz: bool = False,
    action: str = "action_pay",
) -> List[Dict]:
    """One message and its answer, as Rasa's events serialise them."""
    events = [
        UserUttered(text, {"name": intent, "confidence": 0.9}, input_channel=channel, timestamp=at),
        ActionExecuted(action, timestamp=at + 0.1),
    ]
    events += [ActiveLoop("fit_quiz_form", timestamp=at + 0.1)] if quiz else []
    events += [BotUttered(f"({reply})", metadata={"utter_action": reply}, timestamp=at + 0.2) for reply in replies]
    events += [SlotSet(name, value, timestamp=at + 0.2) for name, value in slots]
    events += [ActionExecuted("action_listen", timestamp=at + 0.3)]
    return [{"sender_id": sender, **event.as_dict()} for event in events]


def session(sender: str, at: float, carried=()) -> List[Dict]:
    events = [ActionExecuted("action_session_start", timestamp=at), SessionStarted(timestamp=at)]
    events += [SlotSet(name, value, timestamp=at) for name, value in carried]
    events.append(ActionExecuted("action_listen", timestamp=at))
    return [{"sender_id": sender, **event.as_dict()} for event in events]


def sample_events() -> List[Dict]:
    a, b = T0, T0 + DAY
    return [
        *session("ann", a),
        *turn(
            "ann", a + 1, "how much do billers make in TX", "ask_salary", "utter_state_pay", slots=[("state", "Texas")]
        ),
        *turn(
            "ann",
            a + 2,
            "compare ohio and utah",
            "ask_compare_states",
            "utter_compare_states",
            slots=[("compared", ["Ohio", "Utah"]), ("state", "Utah")],
            action="action_compare_states",
        ),
        # other actions keep the last two states in "compared": not asked about again
        *turn(
            "ann",
            a + 2.5,
            "and in Utah?",
            "ask_salary",
            "utter_state_pay",
            slots=[("state", "Utah"), ("compared", ["Texas", "Utah"])],
        ),
        *turn("ann", a + 3, "What's the weather", "out_of_scope", "utter_out_of_scope"),
        *turn("ann", a + 4, "is it right for me", "ask_fit", "utter_fit"),
        *turn("ann", a + 5, "/start_quiz", "start_quiz", "utter_quiz_question", quiz=True),
        *[event for n in range(4) for event in turn("ann", a + 6 + n, "/affirm", "affirm", "utter_quiz_question")],
        *turn("ann", a + 10, "/affirm", "affirm", "utter_quiz_verdict_strong"),
        # a new session the next day: the carried-over state belongs to no message
        *session("ann", b, carried=[("state", "Utah")]),
        *turn("ann", b + 1, "what's the weather  ", "out_of_scope", "utter_out_of_scope"),
        # the two-stage fallback: "did you mean…?", a button, Rasa takes the button's message back
        *session(
            "bob",
            b,
        ),
        *turn("bob", b + 2, "blorp the fees", "nlu_fallback", "utter_did_you_mean", channel="socketio"),
        *turn("bob", b + 3, "/ask_cost", "ask_cost", channel="socketio"),
        {"sender_id": "bob", **UserUtteranceReverted(timestamp=b + 3.5).as_dict()},
        *turn("bob", b + 4, "/ask_cost", "ask_cost", "utter_costs", channel="socketio"),
        *turn(
            "bob",
            b + 5,
            "how much is the CPB exam",
            "ask_certification",
            "utter_not_in_guide",
            "utter_certifications",
            channel="socketio",
        ),
        *turn("bob", b + 6, "<b>pay</b> in Puerto Rico?", "ask_salary", "utter_no_data_place", channel="socketio"),
        *turn("bob", b + 7, "/start_quiz", "start_quiz", "utter_quiz_question", quiz=True, channel="socketio"),
        *turn("bob", b + 8, "/stop", "stop", "utter_stopped", channel="socketio"),
        # outside the period
        *session("cat", T0 + 9 * DAY),
        *turn("cat", T0 + 9 * DAY + 1, "pay in ohio", "ask_salary", "utter_state_pay", slots=[("state", "Ohio")]),
    ]


def test_summary_counts_conversations_messages_states_quiz_and_declines():
    found = conversations([e for e in sample_events() if e["timestamp"] < T0 + 2 * DAY])
    summary = report.summarize(found, D0, D0 + timedelta(days=1))
    assert summary["period"] == {"since": str(D0), "until": str(D0 + timedelta(days=1)), "timezone": "UTC"}
    assert summary["conversations"] == 3  # ann's two sessions and bob's
    assert summary["messages"] == 11 + 1 + 6  # bob's rewound button message is not counted
    assert summary["by_channel"] == {"rest": 2, "socketio": 1}
    assert summary["top_states"] == [["Utah", 2], ["Ohio", 1], ["Texas", 1]]  # not the carried-over Utah
    assert summary["top_intents"][:3] == [["affirm", 5], ["ask_salary", 3], ["out_of_scope", 2]]
    assert dict(summary["top_intents"])["ask_cost"] == 1
    assert sum(n for _, n in summary["top_intents"]) == summary["messages"]
    assert summary["quiz"] == {"started": 2, "finished": 1}
    assert summary["declined"] == 5  # 2 out of scope, did you mean, the guide doesn't give, no data
    assert summary["declined_rate"] == round(5 / 18, 4)
    assert summary["unanswered"] == [
        ["What's the weather", 2],
        ["<b>pay</b> in Puerto Rico?", 1],
        ["blorp the fees", 1],
        ["how much is the CPB exam", 1],
    ]
    assert [(d["date"], d["conversations"], d["messages"], d["declined"]) for d in summary["per_day"]] == [
        (str(D0), 1, 11, 1),
        (str(D0 + timedelta(days=1)), 2, 7, 4),
    ]


def test_report_page_is_self_contained_escaped_and_accessible():
    summary = report.summarize(conversations(sample_events()), D0, D0 + timedelta(days=29))
    page = report.render(summary)
    assert "<b>pay</b>" not in page and "&lt;b&gt;pay&lt;/b&gt; in Puerto Rico?" in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "<script" not in page and "src=" not in page and "href=" not in page and "url(" not in page
    assert re.findall(r"\w+://[^\s\"']*", page) == ["http://www.w3.org/2000/svg"] * 4  # a namespace, not fetched
    assert page.count('<svg role="img"') == 4 and page.count("<details>") == 4  # four charts, each with its table
    named = re.findall(r'aria-labelledby="(chart\d+-title) (chart\d+-desc)"', page)
    assert len(named) == 4 and all(f'<title id="{t}">' in page and f'<desc id="{d}">' in page for t, d in named)
    for title in ("Conversations per day", "Top questions", "States asked about", "Decline rate per day"):
        assert f">{title}</title>" in page
    assert "Texas: 1" in page  # the figures in words, in the chart's description


def test_an_empty_period_gives_zeros_and_a_page():
    summary = report.summarize([], date(2026, 1, 1), date(2026, 1, 3))
    assert (summary["conversations"], summary["messages"], summary["declined_rate"]) == (0, 0, 0.0)
    assert summary["quiz"] == {"started": 0, "finished": 0} and len(summary["per_day"]) == 3
    page = report.render(summary)
    assert "No conversations in this period." in page and "<svg" not in page


def test_make_report_explains_a_bad_date(tmp_path):
    run = subprocess.run(
        ["make", "--no-print-directory", "report", "SINCE=garbage", f"REPORT_DIR={tmp_path}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode != 0, run.stdout + run.stderr
    assert "report: SINCE must be a date like 2026-11-01 (YYYY-MM-DD), not 'garbage'" in run.stderr
    assert "Traceback" not in run.stderr and not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--since", "2026-11-05", "--until", "2026-11-01"], "SINCE (2026-11-05) is after UNTIL (2026-11-01)"),
        (["--until", "2026-02-30"], "UNTIL must be a date like 2026-11-01 (YYYY-MM-DD), not '2026-02-30'"),
        (["--events", "/nonexistent/events.db"], "/nonexistent/events.db: no such file"),
        (
            ["--events", "postgresql://nobody@127.0.0.1:1/none"],
            "cannot read events from postgresql://nobody@127.0.0.1:1/none",
        ),
    ],
)
def test_report_explains_bad_input(tmp_path, arguments, message):
    with pytest.raises(SystemExit, match=re.escape(message)):
        report.main([*arguments, "--out", str(tmp_path)])
    assert not list(tmp_path.iterdir())


# --- the event store and the consumer ----------------------------------------------------------------


def test_event_store_round_trip_forget_and_retention(tmp_path):
    store = EventStore(db=str(tmp_path / "events.db"))
    events = sample_events()
    for event in events:
        store.publish(event)  # outside a server's event loop: written at once
    assert read(str(tmp_path / "events.db"), 0, T0 + 30 * DAY) == events
    # "forget me": the confirming turn deletes the conversation; its remaining events are dropped
    forget = [
        {"sender_id": "bob", **e.as_dict()}
        for e in (
            UserUttered("/affirm", {"name": "affirm"}, timestamp=T0 + 20 * DAY),
            ActionExecuted("utter_conversation_deleted", timestamp=T0 + 20 * DAY),
            BotUttered("Done", metadata={"utter_action": "utter_conversation_deleted"}, timestamp=T0 + 20 * DAY),
            ActionExecuted("action_listen", timestamp=T0 + 20 * DAY),
        )
    ]
    for event in forget:
        store.publish(event)
    assert {e["sender_id"] for e in read(str(tmp_path / "events.db"), 0, T0 + 30 * DAY)} == {"ann", "cat"}
    store.publish(turn("bob", T0 + 21 * DAY, "hi again", "greet")[0])  # the next message starts afresh
    assert [e["sender_id"] for e in read(str(tmp_path / "events.db"), T0 + 21 * DAY, T0 + 22 * DAY)] == ["bob"]
    # retention: everything older than RETENTION_DAYS (30) goes, oldest first
    removed = store.purge(now=T0 + 39 * DAY + 2)
    assert removed == len([e for e in events if e["sender_id"] != "bob" and e["timestamp"] < T0 + 9 * DAY + 2])
    assert min(e["timestamp"] for e in read(str(tmp_path / "events.db"), 0, 1e12)) >= T0 + 9 * DAY + 2


def test_tracker_store_publishes_each_event_once_the_forgetting_turn_too(tmp_path):
    """What Rasa's server does each turn: read the conversation, add the turn, save it."""
    from rasa.core.brokers.broker import EventBroker
    from rasa.shared.core.domain import Domain

    from gateway.tracker_store import FORGET_ACTION, PrivateSQLTrackerStore

    class Recording(EventBroker):
        def __init__(self) -> None:
            self.events: List[Dict] = []

        def publish(self, event: Dict) -> None:
            self.events.append(event)

    broker = Recording()
    store = PrivateSQLTrackerStore(
        domain=Domain.load(str(ROOT / "domain.yml")),
        dialect="sqlite",
        db=str(tmp_path / "conversations.db"),
        event_broker=broker,
    )
    turns = [
        session("ann", T0),
        turn("ann", T0 + 1, "pay in ohio", "ask_salary", "utter_state_pay", slots=[("state", "Ohio")]),
        turn("ann", T0 + 2, "/forget_me", "forget_me", "utter_ask_forget_me", action="utter_ask_forget_me"),
        turn("ann", T0 + 3, "/affirm", "affirm", "utter_conversation_deleted", action=FORGET_ACTION),
    ]
    for events in turns:
        tracker = asyncio.run(store.get_or_create_tracker("ann", append_action_listen=False))
        for event in events:
            tracker.update(Event.from_parameters(event))
        asyncio.run(store.save(tracker))
    assert broker.events == [event for events in turns for event in events]
    assert asyncio.run(store.retrieve("ann")) is None  # forgotten by the tracker store


def test_a_failing_event_store_never_fails_the_conversation(tmp_path, caplog):
    store = EventStore(db=str(tmp_path / "events.db"))
    with closing(sqlite3.connect(tmp_path / "events.db")) as db:
        db.execute("ALTER TABLE events RENAME TO moved")
    events = turn("ann", T0, "pay in ohio", "ask_salary", "utter_state_pay")
    with caplog.at_level(logging.ERROR, logger="analytics"):
        for event in events:
            store.publish(event)  # does not raise
    assert store.lost == len(events) and "could not be stored and are lost" in caplog.text


def test_consumer_skips_duplicates_and_logs_lost_events(tmp_path, caplog):
    consumer = Consumer(EventStore(db=str(tmp_path / "events.db")))
    events = turn("ann", T0, "pay in ohio", "ask_salary", "utter_state_pay", slots=[("state", "Ohio")])
    with caplog.at_level(logging.WARNING, logger="analytics"):
        accepted = [
            consumer.accept(event, {"publisher": "p1", "seq": seq})
            for event, seq in zip(events + events[:1], [1, 2, 5, 6, 2])
        ]
    assert accepted == [True, True, True, True, False]
    assert (consumer.stored, consumer.duplicates, consumer.lost) == (4, 1, 2)
    assert "2 event(s) from publisher p1 never arrived (seq 3-4): lost" in caplog.text
    assert len(read(str(tmp_path / "events.db"), 0, 1e12)) == 4


def test_rabbitmq_broker_starts_without_rabbitmq_and_delivers_when_it_comes(caplog):
    from rasa.utils.endpoints import EndpointConfig

    from analytics.rabbitmq import ResilientPikaEventBroker

    names = rabbitmq.names("broker")
    proxy = rabbitmq.TcpProxy()  # not listening yet: RabbitMQ unreachable

    async def scenario() -> List:
        config = EndpointConfig(
            url=rabbitmq.HOST,
            port=proxy.port,
            username=rabbitmq.USER,
            password=rabbitmq.PASSWORD,
            exchange_name=names["RABBITMQ_EXCHANGE"],
            queues=[names["RABBITMQ_QUEUE"]],
            retry_delay_in_seconds=0.5,
        )
        started = time.monotonic()
        broker = await ResilientPikaEventBroker.from_endpoint_config(config)
        assert time.monotonic() - started < 1
        for n in range(3):
            broker.publish({"sender_id": "ann", "event": "user", "text": f"message {n}", "timestamp": T0 + n})
        await asyncio.sleep(1)  # it keeps them and keeps trying
        proxy.restore()
        import aio_pika

        connection = await aio_pika.connect(
            host=rabbitmq.HOST, port=rabbitmq.server().port, login=rabbitmq.USER, password=rabbitmq.PASSWORD
        )
        got = []
        async with connection:
            channel = await connection.channel()
            queue = await channel.declare_queue(names["RABBITMQ_QUEUE"], durable=True)
            deadline = time.monotonic() + 30
            while len(got) < 3 and time.monotonic() < deadline:
                message = await queue.get(no_ack=True, fail=False)
                if message is None:
                    await asyncio.sleep(0.2)
                else:
                    got.append((json.loads(message.body)["text"], message.headers["seq"]))
        await broker.close()
        return got

    try:
        with caplog.at_level(logging.WARNING, logger="analytics"):
            got = asyncio.run(scenario())
    finally:
        proxy.cut()
        rabbitmq.delete(names["RABBITMQ_EXCHANGE"], names["RABBITMQ_QUEUE"])
    assert got == [("message 0", 1), ("message 1", 2), ("message 2", 3)]
    assert "unreachable" in caplog.text and "reachable again; sending the 3 event(s) kept meanwhile" in caplog.text


# --- through the real servers ----------------------------------------------------------------------


class Script:
    """Sends messages, checks each reply, and keeps what the report must then say."""

    def __init__(self, send) -> None:
        self.send = send  # (sender, message) -> reply texts
        self.messages = 0
        self.senders: List[str] = []
        self.states: Counter = Counter()
        self.intents: Counter = Counter()  # of the payload messages, whose intent is known
        self.declined: Counter = Counter()  # case-folded text -> times
        self.quiz = {"started": 0, "finished": 0}

    def say(self, sender: str, message: str, expect: str = "", states=()) -> List[str]:
        replies = self.send(sender, message)
        assert replies and (not expect or expect in " ".join(replies)), (message, replies)
        if sender not in self.senders:
            self.senders.append(sender)
        self.messages += 1
        self.states.update(states)
        if message.startswith("/"):
            self.intents[message[1:]] += 1
        if any(reply.startswith(DECLINE_STARTS) for reply in replies):
            self.declined[" ".join(message.casefold().split())] += 1
        self.quiz["started"] += message == "/start_quiz"
        self.quiz["finished"] += any(reply.startswith("You matched") for reply in replies)
        return replies

    def pay(self, sender: str, state: str, message: str = "") -> None:
        self.say(
            sender,
            message or f"how much do billers make in {state}",
            f"In {state}, the median annual pay for medical billing specialists is",
            [state],
        )

    def quiz_to_the_end(self, sender: str) -> None:
        self.say(sender, "/start_quiz", "Question 1 of 4")
        for _ in range(4):
            self.say(sender, "/affirm")
        assert self.quiz["finished"] >= 1

    def check(self, summary: Dict) -> None:
        assert summary["conversations"] == len(self.senders)
        assert summary["messages"] == self.messages
        assert dict(summary["top_states"]) == dict(self.states)
        intents = dict(summary["top_intents"])
        assert {intent: intents.get(intent) for intent in self.intents} == dict(self.intents)
        assert sum(intents.values()) == self.messages
        assert summary["declined"] == sum(self.declined.values()) >= 2
        assert summary["declined_rate"] == round(sum(self.declined.values()) / self.messages, 4)
        assert {" ".join(text.casefold().split()): n for text, n in summary["unanswered"]} == dict(self.declined)
        assert summary["quiz"] == self.quiz


def make_report(events: str, out: Path) -> Dict:
    today = datetime.now(timezone.utc).date()  # a day either side: a run at midnight stays in the period
    run = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "report",
            f"SINCE={today - timedelta(days=1)}",
            f"UNTIL={today + timedelta(days=1)}",
            f"EVENTS_DB={events}",
            f"REPORT_DIR={out}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return json.loads((out / "summary.json").read_text())


def user(tag: str) -> str:
    return f"analytics-{tag}-{uuid.uuid4().hex[:8]}"


@pytest.mark.servers
def test_default_profile_report_equals_what_was_sent(tmp_path):
    token = uuid.uuid4().hex
    events_db, out = tmp_path / "events.db", tmp_path / "reports"
    broker = f'event_broker:\n  type: analytics.store.EventStore\n  dialect: sqlite\n  db: "{events_db}"\n'
    with running(
        tmp_path / "servers", endpoints_extra=broker, extra_env={"ADMIN_TOKEN": token, "REPORT_DIR": str(out)}
    ) as servers:
        script = Script(servers.texts)
        ann, bob, cat, dan = user("ann"), user("bob"), user("cat"), user("dan")
        script.say(ann, "how much would i make in my state", "Which state")
        script.pay(ann, "Ohio", "ohio")
        script.pay(ann, "Texas")
        script.say(ann, "How do I bake sourdough bread?")
        script.quiz_to_the_end(ann)
        script.pay(bob, "Ohio", f"my ssn is {SSN} how much do billers make in ohio")
        script.say(bob, "how do i bake sourdough  bread?")
        script.say(bob, "who won the world series in 2019")
        script.say(bob, "/start_quiz", "Question 1 of 4")
        script.say(bob, "/stop", "I've stopped that")
        script.pay(cat, "Utah")
        # a conversation the visitor deleted leaves nothing in the analytics either
        assert servers.texts(dan, "how much do billers make in Iowa")
        assert servers.texts(dan, "/forget_me")[0].startswith("Delete this whole conversation?")
        assert servers.texts(dan, "/affirm")[0].startswith("Done: this conversation has been deleted")

        summary = make_report(str(events_db), out)
        script.check(summary)
        assert summary["by_channel"] == {"rest": 3}
        assert dan not in {event["sender_id"] for event in read(str(events_db), 0, 1e12)}
        stored = events_db.read_bytes() + b"".join(p.read_bytes() for p in events_db.parent.glob("events.db-*"))
        assert b"[removed]" in stored
        for place in (stored, (out / "summary.json").read_bytes(), (out / "index.html").read_bytes()):
            assert SSN.encode() not in place

        # only with ADMIN_TOKEN: the website serves the report
        url = f"http://127.0.0.1:{servers.web_port}/admin/report"
        assert requests.get(url, timeout=10).status_code == 401
        assert requests.get(url, headers={"Authorization": "Bearer wrong"}, timeout=10).status_code == 401
        basic = base64.b64encode(f"owner:{token}".encode()).decode()
        page = requests.get(url, headers={"Authorization": f"Basic {basic}"}, timeout=10)
        assert page.status_code == 200 and page.text == (out / "index.html").read_text()
        assert page.headers["Cache-Control"].startswith("no-store")

        # the event store broken mid-conversation: the visitor still gets answers, the loss is logged
        with closing(sqlite3.connect(events_db)) as db:
            db.execute("ALTER TABLE events RENAME TO moved")
        try:
            script.pay(cat, "Maine")
            script.pay(cat, "Idaho")
        finally:
            with closing(sqlite3.connect(events_db)) as db:
                db.execute("ALTER TABLE moved RENAME TO events")
        assert "could not be stored and are lost" in servers.log.read_text()
    open_in_chromium(out / "index.html", tmp_path)


def test_web_server_has_no_report_without_admin_token(tmp_path):
    (tmp_path / "index.html").write_text("<p>report</p>")
    port = free_port()
    env = {"PATH": "/usr/bin:/bin", "WEB_PORT": str(port), "REPORT_DIR": str(tmp_path)}
    with (tmp_path / "web.log").open("w") as log:
        proc = subprocess.Popen(
            [str(ROOT / ".venv/bin/python"), "web/serve.py"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/config.js", proc, tmp_path / "web.log", 30)
        for headers in ({}, {"Authorization": "Bearer "}, {"Authorization": "Basic Og=="}):  # Og== is ":"
            assert requests.get(f"http://127.0.0.1:{port}/admin/report", headers=headers, timeout=5).status_code == 404
    finally:
        stop(proc)


def open_in_chromium(page_file: Path, tmp_path: Path) -> None:
    """The page in Debian's chromium, on a desktop and a phone: no console error, no request but
    the page itself, nothing wider than the screen."""
    assert Path(CHROMIUM).exists(), "Debian's chromium is needed: make chromium"
    from playwright.sync_api import sync_playwright

    from tests.test_web import CHROMIUM_ARGS

    url = page_file.resolve().as_uri()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for viewport in ({"width": 1280, "height": 900}, {"width": 360, "height": 740}):
                context = browser.new_context(viewport=viewport)
                requested, problems = [], []

                def only_the_page(route) -> None:
                    requested.append(route.request.url)
                    route.continue_() if route.request.url == url else route.abort("blockedbyclient")

                context.route("**/*", only_the_page)
                page = context.new_page()
                page.on("console", lambda message: message.type == "error" and problems.append(message.text))
                page.on("pageerror", lambda error: problems.append(str(error)))
                page.goto(url)
                assert page.locator("svg[role=img]").count() == 4
                assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
                page.screenshot(path=str(tmp_path / f"report-{viewport['width']}.png"), full_page=True)
                context.close()
                assert requested == [url] and problems == [], (requested, problems)
        finally:
            browser.close()


@pytest.mark.servers
def test_production_profile_through_rabbitmq_with_rabbitmq_cut_mid_conversation(tmp_path):
    from tests.postgres import PrivatePostgres
    from tests.redis_server import PrivateRedis
    from tests.test_production import Profile

    with PrivatePostgres() as postgres, PrivateRedis() as redis_server, rabbitmq.TcpProxy() as proxy:
        analytics_db = f"career_analytics_{uuid.uuid4().hex[:8]}"
        profile = Profile(
            tmp_path,
            postgres,
            redis_server,
            RABBITMQ_PORT=str(proxy.port),
            ANALYTICS_DB=analytics_db,
            **rabbitmq.names("analytics"),
        )
        try:
            for name in ("action1", "rasa1", "nginx", "analytics1"):  # nginx: the replicas' way to the actions
                profile.start(name)
            profile.wait_action()
            profile.wait_rasa("rasa1")
            base = profile.replica_url("rasa1")
            script = Script(lambda sender, message: profile.texts(sender, message, base))
            ann, bob = user("ann"), user("bob")
            script.pay(ann, "Texas")
            script.say(ann, "How do I bake sourdough bread?")
            script.quiz_to_the_end(ann)

            proxy.cut()  # RabbitMQ gone mid-conversation: every answer still comes
            script.pay(ann, "Ohio")
            script.say(ann, "who won the world series in 2019")
            script.pay(bob, "Utah")
            script.say(bob, "how do i bake sourdough bread?")
            time.sleep(1)  # the broker notices and keeps the events
            proxy.restore()

            # delivered later: the consumer stores every message, including those sent meanwhile
            wait_until(
                lambda: user_messages(postgres, analytics_db) == script.messages,
                [(profile.procs["analytics1"], profile.log("analytics1"))],
                "events in PostgreSQL",
                90,
            )
            summary = make_report(
                f"postgresql://postgres@127.0.0.1:{postgres.port}/{analytics_db}", tmp_path / "reports"
            )
            script.check(summary)
            assert summary["by_channel"] == {"rest": 2}
            rasa_log = profile.log("rasa1").read_text()
            assert "unreachable" in rasa_log and "reachable again" in rasa_log
            # the consumer reports its counts once idle (a second later): wait for the report of every event
            stored = all_events(postgres, analytics_db)
            wait_until(
                lambda: consumer_report(profile.log("analytics1"))[0] == stored,
                [(profile.procs["analytics1"], profile.log("analytics1"))],
                f"the consumer's report of {stored} events",
                30,
            )
            assert consumer_report(profile.log("analytics1"))[1] == 0
            assert "never arrived" not in profile.log("analytics1").read_text()
        finally:
            profile.stop_all()


def consumer_report(log) -> Tuple[int, int]:
    """(events stored, events lost) in the consumer's last report, (-1, -1) before the first."""
    reports = re.findall(r"(\d+) event\(s\) stored, \d+ duplicate\(s\) skipped, (\d+) lost", log.read_text())
    return tuple(map(int, reports[-1])) if reports else (-1, -1)


def all_events(postgres, db: str) -> int:
    with closing(postgres.connect(db)) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM events")
        return cur.fetchone()[0]


def user_messages(postgres, db: str) -> int:
    try:
        with closing(postgres.connect(db)) as conn, conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM events WHERE data::json->>'event' = 'user'")
            return cur.fetchone()[0]
    except Exception:  # noqa: BLE001 - not created yet
        return -1
