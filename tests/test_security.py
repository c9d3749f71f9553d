"""Hostile input, privacy and lock-down, through the real servers (as `make run` starts them).

These servers run with the HTTP API enabled behind a token (RASA_API_TOKEN), to prove that the
token is enforced; the default (no API at all) is checked against the shared servers.
"""

from __future__ import annotations

import json
import sqlite3
import uuid

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.figures import invented, misplaced
from tests.servers import running

pytestmark = pytest.mark.servers
TOKEN = "test-token-" + uuid.uuid4().hex


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    with running(tmp_path_factory.mktemp("security"), extra_env={"RASA_API_TOKEN": TOKEN}) as started:
        yield started


def post(servers, body, **kwargs):
    return requests.post(
        f"{servers.url}/webhooks/rest/webhook",
        timeout=60,
        **kwargs,
        **({"data": body} if isinstance(body, (str, bytes)) else {"json": body}),
    )


# --- fuzz --------------------------------------------------------------------------------------

NASTY = [
    "",
    " ",
    "\n\t",
    "/restart",
    "/session_start",
    "/back",
    "/greet",
    '/greet{"place": 5}',
    '/ask_salary{"place": "<img src=x onerror=alert(1)>"}',
    '/ask_salary{"place": ["Texas"]}',
    '/ask_step{"step": "999999"}',
    '/ask_salary{"place": "Texas"',
    "/ask_cost{{{",
    "/nonexistent_intent",
    "<script>alert(1)</script>",
    "' OR 1=1; DROP TABLE events; --",
    "{{7*7}} ${7*7} <%= 7*7 %> #{7*7}",
    '{"sender": "x", "message": "y"}',
    '[1, 2, {"a": null}]',
    "\x00\x01\x02\x1b[31m",
    "‮gnp.exe",
    "مرحبا كم الراتب",
    "שלום כמה משלמים",
    "工资多少",
    "💰💰💰 salary?? 🤑",
    "a" * 1001,
    "x" * 100_000,
    "how much in TX " * 60,
    "Robert'); DROP TABLE students;--",
    "\\u0000",
    "%s%s%s%n",
    "../../etc/passwd",
]
messages = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=300),
    st.text(alphabet=st.characters(whitelist_categories=("Cc", "Cf", "Zs", "So")), max_size=50),
    st.text(alphabet=st.characters(min_codepoint=0x590, max_codepoint=0x6FF), max_size=80),
    st.builds(lambda a, b: a + b, st.sampled_from(NASTY), st.text(max_size=40)),
    st.builds(
        lambda intent, ent: f"/{intent}{ent}",
        st.sampled_from(["greet", "ask_salary", "ask_step", "restart", "inform_state", "ask_compare_states"]),
        st.sampled_from(
            [
                "",
                "{}",
                '{"place": null}',
                '{"place": 1e309}',
                '{"count": "-5"}',
                '{"place": "Atlantis"}',
                '{"step": "-1"}',
                '{"pay_measure": "x"}',
            ]
        ),
    ),
)


def test_fuzz_every_message_gets_an_answer_and_no_invented_figure(guarded):
    session = requests.Session()
    seen = {"count": 0}

    @settings(
        max_examples=2000, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(text=messages)
    def one(text):
        seen["count"] += 1
        # a fresh conversation every few messages keeps trackers short (what is tested is each reply)
        sender = f"fuzz-{seen['count'] // 5}"
        reply = session.post(
            f"{guarded.url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60
        )
        assert reply.status_code < 300, (text[:80], reply.status_code, reply.text[:300])
        answers = reply.json()
        assert answers, f"no reply to {text[:80]!r}"
        for answer in answers:
            assert not invented(answer.get("text") or ""), (text[:80], answer)
            assert not misplaced(answer.get("text") or ""), (text[:80], answer)  # one state's figure for another

    one()
    assert seen["count"] >= 2000
    text = " ".join(guarded.texts("after-fuzz", "how much do billers make in california"))
    assert "$59,700" in text


# --- malformed requests ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        "[1, 2]",
        '"just a string"',
        {"sender": "x"},
        {"sender": "x", "message": 5},
        {"sender": {"a": 1}, "message": "hi"},
        {"sender": "x", "message": ["hi"]},
        {"sender": "x", "message": "hi", "metadata": "nope"},
    ],
)
def test_malformed_bodies_get_400_with_a_clear_error(guarded, body):
    reply = post(guarded, body, headers={"Content-Type": "application/json"})
    assert reply.status_code == 400, reply.text
    assert reply.text and "Traceback" not in reply.text


def test_too_long_and_empty_messages(guarded):
    long = post(guarded, {"sender": "limits", "message": "how much " * 200}).json()
    assert long[0]["text"].startswith("I can read up to 1000 characters at a time")
    # the refusal went through Rasa's NLG and is in the conversation's record; the message is not
    stored = [json.loads(e) for e in stored_events(guarded, "limits")]
    assert [e.get("metadata", {}).get("utter_action") for e in stored if e["event"] == "bot"] == [
        "utter_message_too_long"
    ]
    assert [e["text"] for e in stored if e["event"] == "user"] == ["/message_too_long"]
    empty = post(guarded, {"sender": "limits", "message": "   "}).json()
    assert empty[0]["text"].startswith("I can tell you what a medical billing specialist does")


# --- personal data -----------------------------------------------------------------------------


def stored_events(servers, sender: str) -> list:
    with sqlite3.connect(servers.db) as db:
        return [row[0] for row in db.execute("SELECT data FROM events WHERE sender_id = ?", (sender,))]


NOTICE = "Please don't share personal or patient information here"
PERSONAL = {
    "123-45-6789": "my ssn is 123-45-6789, how much do billers make in ohio",
    "(555) 867-5309": "call me at (555) 867-5309 about training costs",
    "jane.doe@example.com": "email me at jane.doe@example.com the steps",
    "04/12/1988": "my date of birth is 04/12/1988 am i a good fit",
    "XJQ987654321": "patient member id XJQ987654321 was denied, what do billers do",
    "4111 1111 1111 1111": "my card 4111 1111 1111 1111 can pay the 3000 fee?",
}


def test_personal_data_is_redacted_before_storage_and_logs(guarded):
    user = "privacy-" + uuid.uuid4().hex[:6]
    for message in PERSONAL.values():
        replies = guarded.texts(user, message)
        assert replies[0].startswith(NOTICE), replies
        assert "Conversations are deleted after 30 days" in replies[0]  # RETENTION_DAYS, what is true
        # and the question itself is answered: the paragraphs after the notice (Rasa's channels send
        # each paragraph as its own message, or one message when the answer has buttons)
        assert "\n\n".join(replies).split("\n\n", 1)[1].strip(), replies
        assert not any(NOTICE in reply for reply in replies[1:])  # once
    # the notice is part of the recorded reply (Rasa's NLG: gateway/nlg.py), once per message
    replies = [e["text"] for e in map(json.loads, stored_events(guarded, user)) if e["event"] == "bot"]
    assert sum(reply.startswith(NOTICE) for reply in replies) == len(PERSONAL)
    assert "In Ohio" in " ".join(guarded.texts(user, "what's the pay in my state"))
    stored = "\n".join(stored_events(guarded, user))
    assert "my ssn is [removed], how much do billers make in ohio" in stored
    logs = guarded.log.read_text(errors="replace")
    for original in PERSONAL:
        assert original not in stored, original
        assert original not in logs, original


@pytest.mark.parametrize(
    "question",
    [
        "how do insurance claims work",
        "what does a patient billing specialist do",
        "is medicare billing part of the job",
        "do billers work with group health plans and patient accounts",
    ],
)
def test_the_jobs_own_words_get_no_privacy_notice(guarded, question):
    user = "words-" + uuid.uuid4().hex[:6]
    replies = guarded.texts(user, question)
    assert replies and not any("personal or patient information" in r for r in replies), replies
    assert not replies[0].startswith("Sorry, I can't help with that"), replies
    assert f'"text": "{question}"' in "\n".join(stored_events(guarded, user))  # stored as typed


def test_personal_data_in_a_payload_is_screened(guarded):
    user = "payload-" + uuid.uuid4().hex[:6]
    replies = guarded.texts(user, '/inform_state{"place": "Ohio", "ssn": "123-45-6789"}')
    assert replies[0].startswith(NOTICE)
    replies = guarded.texts(user, '/foo{"member": "XJQ987654321"}')
    stored = "\n".join(stored_events(guarded, user))
    assert "123-45-6789" not in stored and "XJQ987654321" not in stored and "[removed]" in stored
    logs = guarded.log.read_text(errors="replace")
    assert "123-45-6789" not in logs and "XJQ987654321" not in logs


def test_forget_me_deletes_the_conversation_after_one_confirmation(guarded):
    user = "forget-" + uuid.uuid4().hex[:6]
    guarded.texts(user, "how much do billers make in ohio")
    asked = guarded.say(user, "please delete my conversation")
    assert "Delete this whole conversation?" in asked[0]["text"]
    assert [b["payload"] for b in asked[0]["buttons"]] == ["/affirm", "/deny"]
    assert guarded.texts(user, "/deny")[0].startswith("OK, nothing was deleted")
    assert len(stored_events(guarded, user)) > 10

    assert "Delete this whole conversation?" in guarded.texts(user, "forget what I said")[0]
    assert guarded.texts(user, "yes")[0].startswith("Done: this conversation has been deleted")
    assert stored_events(guarded, user) == []
    # a new conversation: nothing remembered ("my state" is asked again)
    assert guarded.texts(user, "what's the pay in my state")[0].startswith("Which state")
    assert not any("ohio" in row.lower() for row in stored_events(guarded, user))


# --- lock-down ---------------------------------------------------------------------------------


def test_http_api_requires_the_token(guarded):
    assert requests.get(f"{guarded.url}/status", timeout=10).status_code == 401
    assert requests.get(f"{guarded.url}/conversations/x/tracker", timeout=10).status_code == 401
    assert requests.get(f"{guarded.url}/status", params={"token": "wrong"}, timeout=10).status_code == 401
    assert requests.get(f"{guarded.url}/status", params={"token": TOKEN}, timeout=10).status_code == 200


def test_http_api_is_off_by_default(servers):
    assert requests.get(f"{servers.url}/status", timeout=10).status_code == 404
    assert requests.get(f"{servers.url}/conversations/x/tracker", timeout=10).status_code == 404


def test_servers_listen_on_localhost_only(guarded):
    import subprocess

    listening = subprocess.run(["ss", "-ltnH"], capture_output=True, text=True).stdout
    for port in (guarded.rasa_port, guarded.action_port):
        lines = [line for line in listening.splitlines() if f":{port} " in line]
        assert lines and all("127.0.0.1:" in line for line in lines), lines
