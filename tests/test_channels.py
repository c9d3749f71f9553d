"""Messaging platforms, black-box: the real servers (honcho + Procfile, as `make run` starts them)
with Telegram, Slack, Facebook Messenger and Twilio enabled from environment variables, each
pointed at a fake platform API on 127.0.0.1 (tests/fake_platforms.py) that records every call.

Realistic webhook payloads go to /webhooks/<platform>/webhook; the assertions are on what the
bot sent to the platform: native buttons, answers to taps / numbered replies, the state-pay
figure, the chart as an image. Forged and replayed requests get 4xx and cause no outbound call.
Nothing leaves the machine: every API URL points at the fake.
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import json
import logging
import time
import uuid
from typing import Any, Dict, List
from urllib.parse import urlencode

import pytest
import requests

from tests.fake_platforms import Call, FakePlatforms
from tests.servers import running

pytestmark = pytest.mark.servers

TELEGRAM_TOKEN = "123456:TEST-telegram-token"
TELEGRAM_SECRET = "tg-secret-" + uuid.uuid4().hex[:8]
TELEGRAM_WEBHOOK = "https://bot.example.com/webhooks/telegram/webhook"
SLACK_TOKEN = "xoxb-test-token"
SLACK_SECRET = "slack-signing-" + uuid.uuid4().hex[:8]
FB_TOKEN = "fb-page-token"
FB_SECRET = "fb-app-secret-" + uuid.uuid4().hex[:8]
FB_VERIFY = "fb-verify-token"
TWILIO_SID = "AC" + "1" * 32
TWILIO_TOKEN = "twilio-auth-" + uuid.uuid4().hex[:8]
TWILIO_WEBHOOK = "https://bot.example.com/webhooks/twilio/webhook"

GREETING = "Hi! I'm the medical billing career assistant."
MENU = ["The steps", "Certifications", "Training costs", "Salary", "Pay in my state", "Is it right for me?"]
CA_QUESTION = "how much do billers make in california"
CHART_QUESTION = "show me pay by state"
TEXT_ONLY = (
    "I can only read text messages, so I couldn't see that. Please type your question, for example "
    '"How much do medical billers make in Texas?"'
)


@pytest.fixture(scope="module")
def fake():
    with FakePlatforms() as platforms:
        yield platforms


@pytest.fixture(scope="module")
def bot(fake, tmp_path_factory):
    env = {
        "TELEGRAM_TOKEN": TELEGRAM_TOKEN,
        "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET,
        "TELEGRAM_WEBHOOK_URL": TELEGRAM_WEBHOOK,
        "TELEGRAM_API_URL": f"{fake.url}/telegram",
        "SLACK_TOKEN": SLACK_TOKEN,
        "SLACK_SIGNING_SECRET": SLACK_SECRET,
        "SLACK_API_URL": f"{fake.url}/slack/api/",
        "FACEBOOK_PAGE_ACCESS_TOKEN": FB_TOKEN,
        "FACEBOOK_APP_SECRET": FB_SECRET,
        "FACEBOOK_VERIFY_TOKEN": FB_VERIFY,
        "FACEBOOK_API_URL": f"{fake.url}/facebook",
        "TWILIO_ACCOUNT_SID": TWILIO_SID,
        "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
        "TWILIO_WEBHOOK_URL": TWILIO_WEBHOOK,
        "TWILIO_API_URL": f"{fake.url}/twilio",
        "PUBLIC_BASE_URL": "https://bot.example.com",
        # no proxy may take 127.0.0.1 traffic elsewhere
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    }
    with running(tmp_path_factory.mktemp("channels"), extra_env=env) as servers:
        yield servers


def webhook(bot, platform: str) -> str:
    return f"{bot.url}/webhooks/{platform}/webhook"


def assert_rejected(reply: requests.Response, fake: FakePlatforms, mark: int, bot, marker: str) -> None:
    """4xx, nothing sent to any platform (after a moment for background tasks), logged without body."""
    assert 400 <= reply.status_code < 500, (reply.status_code, reply.text)
    time.sleep(1.0)
    assert fake.since(mark) == [], [(c.platform, c.method) for c in fake.since(mark)]
    log = bot.log.read_text(errors="replace")
    assert "rejected webhook request" in log
    assert marker not in log


def test_platforms_are_enabled_from_the_environment_with_one_line_each(bot):
    log = bot.log.read_text(errors="replace")
    for line in (
        "Telegram: enabled at /webhooks/telegram/webhook",
        "Slack: enabled at /webhooks/slack/webhook",
        "Facebook Messenger: enabled at /webhooks/facebook/webhook",
        "Twilio (SMS/WhatsApp): enabled at /webhooks/twilio/webhook",
    ):
        assert log.count(line) == 1, line
    for secret in (TELEGRAM_TOKEN, SLACK_SECRET, FB_SECRET, TWILIO_TOKEN):
        assert secret not in log
    # rest keeps working next to them
    assert bot.texts("rest-user", "hi")[0].startswith(GREETING)


def test_the_rest_channel_is_the_project_s_and_freezes_the_collector_once_the_model_is_loaded(bot):
    log = bot.log.read_text(errors="replace")
    frozen = [line for line in log.splitlines() if "long-lived objects frozen after start" in line]
    assert len(frozen) == 1, frozen  # one REST channel, one freeze
    assert int(frozen[0].split("garbage collector: ")[1].split()[0]) > 100_000  # the model's objects


def test_freezing_moves_what_is_alive_out_of_later_collections():
    from gateway.channels.rest import freeze_long_lived_objects

    kept = [object() for _ in range(1000)]
    try:
        freeze_long_lived_objects()
        assert gc.get_freeze_count() >= len(kept)
    finally:
        gc.unfreeze()


# ---- Telegram ------------------------------------------------------------------------------------


def tg_user(chat_id: int) -> Dict[str, Any]:
    return {"id": chat_id, "is_bot": False, "first_name": "Ann", "language_code": "en"}


def tg_message(chat_id: int, text: str) -> Dict[str, Any]:
    return {
        "update_id": int(time.time() * 1000) % 10**9,
        "message": {
            "message_id": int(time.time() * 1000) % 10**6,
            "date": int(time.time()),
            "from": tg_user(chat_id),
            "chat": {"id": chat_id, "type": "private", "first_name": "Ann"},
            "text": text,
        },
    }


def tg_tap(chat_id: int, shown: Call, title: str) -> Dict[str, Any]:
    """The callback query Telegram sends when the button ``title`` of the sent message is tapped."""
    markup = json.loads(shown.body["reply_markup"])
    data = next(b["callback_data"] for row in markup["inline_keyboard"] for b in row if b["text"] == title)
    message = {
        "message_id": 77,
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private"},
        "from": {"id": 123456, "is_bot": True, "first_name": "Career bot"},
        "text": shown.body["text"],
        "reply_markup": markup,
    }
    return {
        "update_id": int(time.time() * 1000) % 10**9,
        "callback_query": {
            "id": uuid.uuid4().hex[:12],
            "from": tg_user(chat_id),
            "message": message,
            "chat_instance": "-1234",
            "data": data,
        },
    }


def tg_post(bot, update: Dict[str, Any], secret: str | None = TELEGRAM_SECRET) -> requests.Response:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
    return requests.post(webhook(bot, "telegram"), json=update, headers=headers, timeout=60)


def tg_say(bot, fake, update) -> List[Call]:
    mark = fake.mark()
    reply = tg_post(bot, update)
    assert reply.status_code == 200 and reply.text == "success", (reply.status_code, reply.text)
    return fake.wait_for(mark, "telegram", lambda calls: any(c.method in ("sendMessage", "sendPhoto") for c in calls))


def sent(calls: List[Call], method: str) -> List[Call]:
    return [c for c in calls if c.method == method]


def keyboard(call: Call) -> List[Dict[str, Any]]:
    return [b for row in json.loads(call.body["reply_markup"])["inline_keyboard"] for b in row]


def test_telegram_webhook_is_registered_on_the_running_loop_with_the_secret(bot, fake):
    calls = fake.wait_for(0, "telegram", lambda calls: bool(sent(calls, "setWebhook")), timeout=30)
    registration = sent(calls, "setWebhook")
    assert len(registration) == 1
    assert registration[0].body["url"] == TELEGRAM_WEBHOOK
    assert registration[0].body["secret_token"] == TELEGRAM_SECRET
    assert TELEGRAM_TOKEN in registration[0].path


def test_telegram_conversation_with_inline_keyboards(bot, fake):
    chat = 7000001
    # The first update after start: with Rasa's own connector this is the "Event loop is closed" 500.
    calls = tg_say(bot, fake, tg_message(chat, "/start"))
    greeting = sent(calls, "sendMessage")[-1]
    assert greeting.body["chat_id"] == str(chat)
    assert greeting.body["text"].startswith(GREETING) and greeting.body["parse_mode"] == "HTML"
    buttons = keyboard(greeting)
    assert [b["text"] for b in buttons] == MENU
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons)

    calls = tg_say(bot, fake, tg_tap(chat, greeting, "Certifications"))
    assert sent(calls, "answerCallbackQuery"), "the tap's spinner is stopped"
    certifications = sent(calls, "sendMessage")[-1]
    assert "CMRS" in certifications.body["text"]
    assert [b["text"] for b in keyboard(certifications)] == ["CPB", "CMRS", "CBCS"]

    calls = tg_say(bot, fake, tg_tap(chat, certifications, "CMRS"))
    assert "Certified Medical Reimbursement Specialist" in sent(calls, "sendMessage")[0].body["text"]

    calls = tg_say(bot, fake, tg_message(chat, CA_QUESTION))
    assert "$59,700" in sent(calls, "sendMessage")[0].body["text"]

    calls = tg_say(bot, fake, tg_message(chat, CHART_QUESTION))  # answered before the webhook returns
    assert "Median pay by state" in sent(calls, "sendMessage")[0].body["text"]
    photo = sent(calls, "sendPhoto")[0]
    assert photo.body["chat_id"] == str(chat)
    assert photo.body["photo"].startswith("https://bot.example.com/generated/") and photo.body["photo"].endswith(".png")


def test_telegram_forged_updates_are_rejected(bot, fake):
    marker = "forged-" + uuid.uuid4().hex
    for secret in (None, "wrong-secret"):
        mark = fake.mark()
        assert_rejected(tg_post(bot, tg_message(7000002, marker), secret=secret), fake, mark, bot, marker)


def tg_update(chat_id: int, kind: str, content: Any, chat_type: str = "private") -> Dict[str, Any]:
    """An update of ``kind`` ("message", "edited_message", "channel_post"...) whose message carries
    ``content`` (e.g. {"photo": [...]}), as in the Bot API's Update and Message objects
    (https://core.telegram.org/bots/api#update)."""
    message = {
        "message_id": int(time.time() * 1000) % 10**6,
        "date": int(time.time()),
        "chat": {
            "id": chat_id,
            "type": chat_type,
            **({"title": "Billing class"} if chat_type != "private" else {"first_name": "Ann"}),
        },
        **({"from": tg_user(abs(chat_id) % 10**9)} if kind != "channel_post" else {}),
        **content,
    }
    return {"update_id": int(time.time() * 1000) % 10**9, kind: message}


TG_PHOTO = {
    "photo": [{"file_id": "AgACAgQAAxkBAAIB", "file_unique_id": "AQADx", "file_size": 1434, "width": 90, "height": 67}]
}


def tg_answers(bot, fake, update) -> List[str]:
    """The texts sent back for one update (every send is made before the webhook answers)."""
    mark = fake.mark()
    reply = tg_post(bot, update)
    assert reply.status_code == 200 and reply.text == "success", (reply.status_code, reply.text)
    return [c.body["text"] for c in fake.since(mark, "telegram") if c.method == "sendMessage"]


def test_telegram_non_text_messages_get_one_text_only_reply(bot, fake):
    chat = 7000003
    for content in (
        TG_PHOTO,
        {
            "sticker": {
                "file_id": "CAACAgIAAx",
                "file_unique_id": "AgADx",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "type": "regular",
                "emoji": "👍",
            }
        },
        {"voice": {"file_id": "AwACAgQAAx", "file_unique_id": "AgADy", "duration": 3, "mime_type": "audio/ogg"}},
        {
            "document": {
                "file_id": "BQACAgQAAx",
                "file_unique_id": "AgADz",
                "file_name": "resume.pdf",
                "mime_type": "application/pdf",
            }
        },
        {"location": {"latitude": 33.749, "longitude": -84.388}},
    ):
        assert tg_answers(bot, fake, tg_update(chat, "message", content)) == [TEXT_ONLY], content
    # a photo with a caption: the caption is the question
    answers = tg_answers(bot, fake, tg_update(chat, "message", {**TG_PHOTO, "caption": CA_QUESTION}))
    assert len(answers) == 1 and "$59,700" in answers[0]


def test_telegram_edits_channel_posts_and_membership_changes_are_not_answered(bot, fake):
    chat = 7000004
    assert (
        tg_answers(bot, fake, tg_update(chat, "edited_message", {"text": CA_QUESTION, "edit_date": int(time.time())}))
        == []
    )
    assert (
        tg_answers(bot, fake, tg_update(-1001234567890, "channel_post", {"text": CA_QUESTION}, chat_type="channel"))
        == []
    )
    member = {
        "update_id": 10,
        "my_chat_member": {
            "chat": {"id": chat, "type": "private", "first_name": "Ann"},
            "from": tg_user(chat),
            "date": int(time.time()),
            "old_chat_member": {"user": {"id": 123456, "is_bot": True, "first_name": "Career bot"}, "status": "member"},
            "new_chat_member": {
                "user": {"id": 123456, "is_bot": True, "first_name": "Career bot"},
                "status": "kicked",
                "until_date": 0,
            },
        },
    }
    assert tg_answers(bot, fake, member) == []
    # a service message in a group (someone joined): nothing to answer
    assert (
        tg_answers(bot, fake, tg_update(-1009876, "message", {"new_chat_members": [tg_user(5)]}, chat_type="group"))
        == []
    )
    # a question in a group is answered in that group
    mark = fake.mark()
    assert tg_post(bot, tg_update(-1009876, "message", {"text": CA_QUESTION}, chat_type="group")).status_code == 200
    answers = [c for c in fake.since(mark, "telegram") if c.method == "sendMessage"]
    assert len(answers) == 1 and answers[0].body["chat_id"] == "-1009876" and "$59,700" in answers[0].body["text"]


def test_telegram_long_payloads_get_short_callback_data():
    from gateway.channels.telegram import callback_data, payload_of

    payload = '/ask_compare_states{"place": "Massachusetts", "place_2": "District of Columbia"}'
    key = callback_data(payload)
    assert len(key.encode()) <= 64 and payload_of(key) == payload
    assert callback_data("/ask_salary") == "/ask_salary"
    # a key from before a restart: the tapped button's title is read instead
    message = {"reply_markup": {"inline_keyboard": [[{"text": "Compare states", "callback_data": "~unknown"}]]}}
    assert payload_of("~unknown", message) == "Compare states"


# ---- Slack ---------------------------------------------------------------------------------------


def slack_post(
    bot, body: bytes, content_type: str, timestamp: int | None = None, secret: str = SLACK_SECRET, signed: bool = True
) -> requests.Response:
    timestamp = int(time.time()) if timestamp is None else timestamp
    headers = {"Content-Type": content_type}
    if signed:
        digest = hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()
        headers.update({"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": f"v0={digest}"})
    return requests.post(webhook(bot, "slack"), data=body, headers=headers, timeout=60)


def slack_event(user: str, channel: str, text: str) -> bytes:
    ts = f"{time.time():.6f}"
    return json.dumps(
        {
            "token": "verification-token",
            "team_id": "T0001",
            "api_app_id": "A0001",
            "type": "event_callback",
            "event_id": "Ev" + uuid.uuid4().hex[:8],
            "event_time": int(time.time()),
            "authorizations": [{"enterprise_id": None, "team_id": "T0001", "user_id": "UBOT", "is_bot": True}],
            "event": {
                "type": "message",
                "channel": channel,
                "user": user,
                "text": text,
                "ts": ts,
                "event_ts": ts,
                "channel_type": "im",
                "team": "T0001",
            },
        }
    ).encode()


def slack_tap(user: str, channel: str, shown: Call, title: str) -> bytes:
    button = next(
        e
        for block in shown.body["blocks"]
        if block["type"] == "actions"
        for e in block["elements"]
        if e["text"]["text"] == title
    )
    payload = {
        "type": "block_actions",
        "user": {"id": user, "username": "ann", "team_id": "T0001"},
        "api_app_id": "A0001",
        "team": {"id": "T0001"},
        "channel": {"id": channel, "name": "directmessage"},
        "container": {"type": "message", "message_ts": "1700000000.000100", "channel_id": channel},
        "message": {"type": "message", "ts": "1700000000.000100", "text": shown.body["text"]},
        "trigger_id": "1.2.3",
        "response_url": "https://hooks.slack.com/actions/x",
        "actions": [
            {
                "type": "button",
                "action_id": button["action_id"],
                "block_id": "b1",
                "text": button["text"],
                "value": button["value"],
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }
    return urlencode({"payload": json.dumps(payload)}).encode()


def slack_say(bot, fake, body: bytes, content_type="application/json", answers=1) -> List[Call]:
    mark = fake.mark()
    reply = slack_post(bot, body, content_type)
    assert reply.status_code == 200, (reply.status_code, reply.text)
    return fake.wait_for(mark, "slack", lambda calls: len(calls) >= answers)


def section_text(call: Call) -> str:
    return "\n".join(b["text"]["text"] for b in call.body.get("blocks", []) if b["type"] == "section")


def test_slack_url_verification(bot):
    reply = slack_post(
        bot, json.dumps({"token": "t", "challenge": "abc123", "type": "url_verification"}).encode(), "application/json"
    )
    assert reply.status_code == 200 and reply.text == "abc123"


def test_slack_conversation_with_block_kit_buttons(bot, fake):
    user, channel = "U" + uuid.uuid4().hex[:8].upper(), "D" + uuid.uuid4().hex[:8].upper()
    greeting = slack_say(bot, fake, slack_event(user, channel, "hi"))[-1]
    assert greeting.method == "chat.postMessage" and greeting.body["channel"] == channel
    assert greeting.headers.get("Authorization") == f"Bearer {SLACK_TOKEN}"
    assert section_text(greeting).startswith(GREETING)
    actions = [b for b in greeting.body["blocks"] if b["type"] == "actions"]
    assert [e["text"]["text"] for e in actions[0]["elements"]] == MENU

    certifications = slack_say(
        bot, fake, slack_tap(user, channel, greeting, "Certifications"), "application/x-www-form-urlencoded"
    )[-1]
    assert "CMRS" in section_text(certifications)
    assert any(b["type"] == "actions" for b in certifications.body["blocks"])

    pay = slack_say(bot, fake, slack_event(user, channel, CA_QUESTION))
    assert "$59,700" in section_text(pay[0])

    calls = slack_say(bot, fake, slack_event(user, channel, CHART_QUESTION), answers=2)
    images = [b for c in calls for b in c.body.get("blocks", []) if b["type"] == "image"]
    assert images and images[0]["image_url"].startswith("https://bot.example.com/generated/")


def test_slack_forged_stale_and_unsigned_requests_are_rejected(bot, fake):
    marker = "forged-" + uuid.uuid4().hex
    body = slack_event("UFORGED", "DFORGED", marker)
    for kwargs in (
        {"secret": "not-the-secret"},  # forged signature
        {"timestamp": int(time.time()) - 6 * 60},  # replayed: outside 5 minutes
        {"signed": False},
    ):  # no signature headers
        mark = fake.mark()
        assert_rejected(slack_post(bot, body, "application/json", **kwargs), fake, mark, bot, marker)


def test_slack_forged_url_verification_gets_400_like_every_forged_request(bot, fake):
    body = json.dumps({"token": "t", "challenge": "abc123", "type": "url_verification"}).encode()
    mark = fake.mark()
    reply = slack_post(bot, body, "application/json", secret="not-the-secret")
    assert reply.status_code == 400 and "abc123" not in reply.text
    assert fake.since(mark) == []


def test_slack_retries_bot_messages_and_edits_are_not_answered(bot, fake):
    """Payloads as in Slack's Events API docs (https://api.slack.com/events/message/bot_message,
    .../message_changed, https://api.slack.com/apis/events-api#retries)."""
    user, channel = "U" + uuid.uuid4().hex[:8].upper(), "D" + uuid.uuid4().hex[:8].upper()
    first = slack_event(user, channel, CA_QUESTION)
    assert "$59,700" in section_text(slack_say(bot, fake, first)[0])
    mark = fake.mark()
    timestamp = int(time.time())
    digest = hmac.new(SLACK_SECRET.encode(), f"v0:{timestamp}:".encode() + first, hashlib.sha256).hexdigest()
    retry = requests.post(
        webhook(bot, "slack"),
        data=first,
        timeout=60,
        headers={
            "Content-Type": "application/json",
            "X-Slack-Request-Timestamp": str(timestamp),
            "X-Slack-Signature": f"v0={digest}",
            "X-Slack-Retry-Num": "1",
            "X-Slack-Retry-Reason": "http_timeout",
        },
    )
    assert retry.status_code < 300
    event = json.loads(first)
    bot_message = {
        **event,
        "event": {
            "type": "message",
            "subtype": "bot_message",
            "text": CA_QUESTION,
            "ts": "1358877455.000010",
            "channel": channel,
            "bot_id": "BB12033",
            "username": "github",
        },
    }
    changed = {
        **event,
        "event": {
            "type": "message",
            "subtype": "message_changed",
            "hidden": True,
            "channel": channel,
            "ts": "1358878755.000001",
            "message": {
                "type": "message",
                "user": user,
                "text": CA_QUESTION,
                "ts": "1358878749.000002",
                "edited": {"user": user, "ts": "1358878755.000001"},
            },
        },
    }
    for payload in (bot_message, changed):
        assert slack_post(bot, json.dumps(payload).encode(), "application/json").status_code == 200
    assert fake.since(mark, "slack") == []


def test_slack_app_mention_in_a_channel_is_answered_in_that_channel(bot, fake):
    """An ``app_mention`` event as in Slack's docs (https://api.slack.com/events/app_mention)."""
    user, channel = "U" + uuid.uuid4().hex[:8].upper(), "C" + uuid.uuid4().hex[:8].upper()
    ts = f"{time.time():.6f}"
    body = json.dumps(
        {
            "token": "verification-token",
            "team_id": "T0001",
            "api_app_id": "A0001",
            "type": "event_callback",
            "event_id": "Ev" + uuid.uuid4().hex[:8],
            "event_time": int(time.time()),
            "authorizations": [{"enterprise_id": None, "team_id": "T0001", "user_id": "UBOT", "is_bot": True}],
            "event": {
                "type": "app_mention",
                "user": user,
                "text": f"<@UBOT> {CA_QUESTION}",
                "ts": ts,
                "channel": channel,
                "event_ts": ts,
            },
        }
    ).encode()
    calls = slack_say(bot, fake, body)
    assert len(calls) == 1 and calls[0].body["channel"] == channel
    assert "$59,700" in section_text(calls[0])


# ---- Facebook Messenger --------------------------------------------------------------------------


def fb_event(psid: str, message: Dict[str, Any] | None = None, postback: Dict[str, Any] | None = None) -> bytes:
    event: Dict[str, Any] = {"sender": {"id": psid}, "recipient": {"id": "PAGE1"}, "timestamp": int(time.time() * 1000)}
    if message is not None:
        event["message"] = {"mid": "m_" + uuid.uuid4().hex, **message}
    if postback is not None:
        event["postback"] = {"mid": "m_" + uuid.uuid4().hex, **postback}
    return json.dumps(
        {"object": "page", "entry": [{"id": "PAGE1", "time": int(time.time() * 1000), "messaging": [event]}]}
    ).encode()


def fb_post(bot, body: bytes, secret: str | None = FB_SECRET) -> requests.Response:
    headers = {"Content-Type": "application/json"}
    if secret:
        headers["X-Hub-Signature-256"] = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        headers["X-Hub-Signature"] = "sha1=" + hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()
    return requests.post(webhook(bot, "facebook"), data=body, headers=headers, timeout=60)


def fb_say(bot, fake, body: bytes) -> List[Dict[str, Any]]:
    """The messages (not typing indicators) sent back."""
    mark = fake.mark()
    reply = fb_post(bot, body)
    assert reply.status_code == 200 and reply.text == "success", (reply.status_code, reply.text)
    calls = fake.wait_for(mark, "facebook", lambda c: any(x.body.get("sender_action") == "typing_off" for x in c))
    for call in calls:
        assert call.method == "me/messages" and call.query["access_token"] == FB_TOKEN
        assert call.query["appsecret_proof"]
    return [c.body["message"] for c in calls if "message" in c.body]


def test_facebook_webhook_verification(bot):
    ok = requests.get(
        webhook(bot, "facebook"),
        params={"hub.mode": "subscribe", "hub.verify_token": FB_VERIFY, "hub.challenge": "1158201444"},
        timeout=10,
    )
    assert ok.status_code == 200 and ok.text == "1158201444"
    wrong = requests.get(
        webhook(bot, "facebook"),
        params={"hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "1"},
        timeout=10,
    )
    assert wrong.status_code == 403


def test_facebook_conversation_with_quick_replies(bot, fake):
    psid = str(uuid.uuid4().int)[:16]
    greeting = fb_say(bot, fake, fb_event(psid, postback={"title": "Get Started", "payload": "/greet"}))[-1]
    assert greeting["text"].startswith(GREETING)
    replies = greeting["quick_replies"]
    assert [r["title"] for r in replies] == MENU
    assert len(replies) <= 13 and all(len(r["title"]) <= 20 and r["content_type"] == "text" for r in replies)

    tapped = next(r for r in replies if r["title"] == "Certifications")
    answer = fb_say(
        bot, fake, fb_event(psid, message={"text": "Certifications", "quick_reply": {"payload": tapped["payload"]}})
    )[-1]
    assert "CMRS" in answer["text"] and [r["title"] for r in answer["quick_replies"]] == ["CPB", "CMRS", "CBCS"]

    answer = fb_say(bot, fake, fb_event(psid, message={"text": CA_QUESTION}))
    assert "$59,700" in answer[0]["text"] and all(len(m.get("text", "")) <= 2000 for m in answer)

    messages = fb_say(bot, fake, fb_event(psid, message={"text": CHART_QUESTION}))
    images = [m["attachment"] for m in messages if m.get("attachment", {}).get("type") == "image"]
    assert images and images[0]["payload"]["url"].startswith("https://bot.example.com/generated/")


def test_facebook_forged_and_unsigned_requests_are_rejected(bot, fake):
    marker = "forged-" + uuid.uuid4().hex
    body = fb_event("666", message={"text": marker})
    for secret in ("not-the-app-secret", None):
        mark = fake.mark()
        assert_rejected(fb_post(bot, body, secret=secret), fake, mark, bot, marker)


def fb_answers(bot, fake, body: bytes) -> List[Dict[str, Any]]:
    """The messages sent back for one webhook call (all sends are made before it answers)."""
    mark = fake.mark()
    reply = fb_post(bot, body)
    assert reply.status_code == 200 and reply.text == "success", (reply.status_code, reply.text)
    return [c.body["message"] for c in fake.since(mark, "facebook") if "message" in c.body]


def test_facebook_attachments_get_one_text_only_reply(bot, fake):
    """Attachments as Messenger's webhook reference shows them
    (https://developers.facebook.com/docs/messenger-platform/reference/webhook-events/messages)."""
    psid = str(uuid.uuid4().int)[:16]
    cdn = "https://scontent.xx.fbcdn.net/v/t1.15752-9/123456789_1234567890123456_1234567890123456789_n.jpg"
    for message in (
        {"attachments": [{"type": "image", "payload": {"url": cdn + "?_nc_cat=1&oh=00_AfB1234567890"}}]},
        {
            "attachments": [{"type": "image", "payload": {"url": cdn, "sticker_id": 369239263222822}}],
            "sticker_id": 369239263222822,
        },  # the "like" thumb
        {"attachments": [{"type": "audio", "payload": {"url": cdn.replace(".jpg", ".mp4")}}]},
        {"attachments": [{"type": "location", "payload": {"coordinates": {"lat": 33.7, "long": -84.4}}}]},
    ):
        answers = fb_answers(bot, fake, fb_event(psid, message=message))
        assert [m.get("text") for m in answers] == [TEXT_ONLY], message


def test_facebook_echoes_and_receipts_are_not_answered(bot, fake):
    psid = str(uuid.uuid4().int)[:16]
    now = int(time.time() * 1000)
    echo = fb_event(psid, message={"is_echo": True, "app_id": 1517776481860111, "text": CA_QUESTION})
    receipts = [
        {
            "sender": {"id": psid},
            "recipient": {"id": "PAGE1"},
            "timestamp": now,
            "delivery": {"mids": ["m_" + uuid.uuid4().hex], "watermark": now},
        },
        {"sender": {"id": psid}, "recipient": {"id": "PAGE1"}, "timestamp": now, "read": {"watermark": now}},
    ]
    for body in [echo] + [
        json.dumps({"object": "page", "entry": [{"id": "PAGE1", "time": now, "messaging": [r]}]}).encode()
        for r in receipts
    ]:
        assert fb_answers(bot, fake, body) == []


# ---- Twilio SMS / WhatsApp -----------------------------------------------------------------------


def twilio_post(bot, params: Dict[str, str], url: str = TWILIO_WEBHOOK, token: str | None = TWILIO_TOKEN):
    from twilio.request_validator import RequestValidator

    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if token:
        headers["X-Twilio-Signature"] = RequestValidator(token).compute_signature(url, params)
    return requests.post(webhook(bot, "twilio"), data=urlencode(params), headers=headers, timeout=60)


def twilio_params(sender: str, to: str, body: str) -> Dict[str, str]:
    return {
        "ToCountry": "US",
        "SmsMessageSid": "SM" + uuid.uuid4().hex,
        "NumMedia": "0",
        "SmsSid": "SM1",
        "SmsStatus": "received",
        "Body": body,
        "To": to,
        "NumSegments": "1",
        "MessageSid": "SM" + uuid.uuid4().hex,
        "AccountSid": TWILIO_SID,
        "From": sender,
        "ApiVersion": "2010-04-01",
    }


def twilio_say(bot, fake, sender: str, to: str, body: str, answers: int = 1) -> List[Call]:
    mark = fake.mark()
    reply = twilio_post(bot, twilio_params(sender, to, body))
    assert reply.status_code == 200 and "<Response>" in reply.text, (reply.status_code, reply.text)
    calls = fake.wait_for(mark, "twilio", lambda c: len(c) >= answers)
    for call in calls:
        assert call.method == "Messages" and f"/Accounts/{TWILIO_SID}/" in call.path
        assert call.body["To"] == sender and call.body["From"] == to
        assert call.headers.get("Authorization", "").startswith("Basic ")
    return calls


def test_sms_conversation_with_numbered_options(bot, fake):
    sender, number = "+1555" + str(uuid.uuid4().int)[:7], "+15559990000"
    greeting = twilio_say(bot, fake, sender, number, "hi")[-1].body["Body"]
    assert greeting.startswith(GREETING)
    assert "1. The steps\n2. Certifications\n" in greeting and "6. Is it right for me?" in greeting
    assert "Reply with a number or the words." in greeting and len(greeting) <= 1600

    answer = twilio_say(bot, fake, sender, number, "2")[-1].body["Body"]  # 2 = Certifications
    assert "CMRS" in answer and "1. CPB\n2. CMRS\n3. CBCS" in answer

    answer = twilio_say(bot, fake, sender, number, "2")[-1].body["Body"]  # 2 = CMRS
    assert "Certified Medical Reimbursement Specialist" in answer

    assert "$59,700" in twilio_say(bot, fake, sender, number, CA_QUESTION)[0].body["Body"]

    calls = twilio_say(bot, fake, sender, number, CHART_QUESTION, answers=2)
    assert not any(c.body.get("MediaUrl") for c in calls), "SMS: the chart as text, no media"
    assert any(c.body["Body"].startswith("Chart: https://bot.example.com/generated/") for c in calls)


def test_whatsapp_conversation_with_option_words_and_the_chart_as_media(bot, fake):
    sender, number = "whatsapp:+1555" + str(uuid.uuid4().int)[:7], "whatsapp:+14155238886"
    greeting = twilio_say(bot, fake, sender, number, "hello")[-1].body["Body"]
    assert greeting.startswith(GREETING) and "5. Pay in my state" in greeting

    answer = twilio_say(bot, fake, sender, number, "Training Costs")[-1].body["Body"]  # the option's words
    assert "Associate Degree" in answer

    assert "$59,700" in twilio_say(bot, fake, sender, number, CA_QUESTION)[0].body["Body"]

    calls = twilio_say(bot, fake, sender, number, CHART_QUESTION, answers=2)
    media = [c.body["MediaUrl"] for c in calls if c.body.get("MediaUrl")]
    assert media and media[0].startswith("https://bot.example.com/generated/") and media[0].endswith(".png")


def real_sms(sender: str, to: str, body: str, **extra: str) -> Dict[str, str]:
    """Every parameter of Twilio's incoming-message webhook, the geographic ones blank as Twilio
    sends them when it has no data (https://www.twilio.com/docs/messaging/guides/webhook-request)."""
    return {
        "ToCountry": "US",
        "ToState": "CA",
        "SmsMessageSid": "SM" + uuid.uuid4().hex,
        "NumMedia": "0",
        "ToCity": "",
        "FromZip": "",
        "SmsSid": "SM" + uuid.uuid4().hex,
        "FromState": "",
        "SmsStatus": "received",
        "FromCity": "",
        "Body": body,
        "FromCountry": "US",
        "To": to,
        "MessagingServiceSid": "",
        "ToZip": "",
        "NumSegments": "1",
        "MessageSid": "SM" + uuid.uuid4().hex,
        "AccountSid": TWILIO_SID,
        "From": sender,
        "ApiVersion": "2010-04-01",
        **extra,
    }


def twilio_answers(bot, fake, params: Dict[str, str]) -> List[str]:
    mark = fake.mark()
    reply = twilio_post(bot, params)
    assert reply.status_code == 200 and "<Response>" in reply.text, (reply.status_code, reply.text)
    return [c.body.get("Body", "") for c in fake.since(mark, "twilio")]


def test_a_real_sms_with_blank_fields_is_answered(bot, fake):
    sender, number = "+1555" + str(uuid.uuid4().int)[:7], "+15559990000"
    answers = twilio_answers(bot, fake, real_sms(sender, number, CA_QUESTION))
    assert len(answers) == 1 and "$59,700" in answers[0]
    # the same message with a blank field dropped from what was signed is a forgery
    params = real_sms(sender, number, "forged-blank")
    from twilio.request_validator import RequestValidator

    signed = {k: v for k, v in params.items() if v}
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Twilio-Signature": RequestValidator(TWILIO_TOKEN).compute_signature(TWILIO_WEBHOOK, signed),
    }
    mark = fake.mark()
    forged = requests.post(webhook(bot, "twilio"), data=urlencode(params), headers=headers, timeout=60)
    assert_rejected(forged, fake, mark, bot, "forged-blank")


def test_mms_whatsapp_fields_and_blank_bodies(bot, fake):
    sender, number = "+1555" + str(uuid.uuid4().int)[:7], "+15559990000"
    picture = {
        "NumMedia": "1",
        "MediaContentType0": "image/jpeg",
        "MediaUrl0": f"https://api.twilio.com/2010-04-01/Accounts/{TWILIO_SID}/Messages/MM1/Media/ME1",
    }
    assert twilio_answers(bot, fake, real_sms(sender, number, "", **picture)) == [TEXT_ONLY]
    spaces = twilio_answers(bot, fake, real_sms(sender, number, "   "))
    assert len(spaces) == 1 and spaces[0].startswith("I can tell you")  # the help menu
    whatsapp = real_sms(
        "whatsapp:" + sender,
        "whatsapp:+14155238886",
        CA_QUESTION,
        ProfileName="Ann",
        WaId=sender.lstrip("+"),
        ReferralNumMedia="0",
        MessageType="text",
    )
    answers = twilio_answers(bot, fake, whatsapp)
    assert len(answers) == 1 and "$59,700" in answers[0]


def test_twilio_forged_and_unsigned_requests_are_rejected(bot, fake):
    marker = "forged-" + uuid.uuid4().hex
    params = twilio_params("+15550009999", "+15559990000", marker)
    for kwargs in (
        {"token": "not-the-auth-token"},  # forged signature
        {"token": None},  # no X-Twilio-Signature
        {"url": webhook(bot, "twilio")},
    ):  # signed for another URL
        mark = fake.mark()
        assert_rejected(twilio_post(bot, params, **kwargs), fake, mark, bot, marker)


# ---- configuration, without servers ---------------------------------------------------------------


def test_a_platform_without_its_variables_is_not_enabled_with_one_log_line(caplog):
    from gateway.credentials import platform_credentials

    with caplog.at_level(logging.INFO, logger="gateway.credentials"):
        enabled = platform_credentials({"SLACK_TOKEN": "xoxb-1", "TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t"})
    assert list(enabled) == ["gateway.channels.twilio.TwilioInput"]
    lines = [r.getMessage() for r in caplog.records]
    assert "Telegram: not enabled (set TELEGRAM_TOKEN)" in lines
    assert "Slack: not enabled, missing SLACK_SIGNING_SECRET (the other variables are set)" in lines
    assert any(line.startswith("Facebook Messenger: not enabled") for line in lines)
    assert "Twilio (SMS/WhatsApp): enabled at /webhooks/twilio/webhook" in lines
    assert len(lines) == 4
    assert enabled["gateway.channels.twilio.TwilioInput"]["api_url"] == "https://api.twilio.com"


def test_long_answers_are_split_within_each_platform_limit():
    from gateway.channels.render import (
        MESSENGER_TEXT_LIMIT,
        SMS_LIMIT,
        TELEGRAM_TEXT_LIMIT,
        match_option,
        numbered,
        split_text,
    )
    from gateway.channels.slack import sections

    answer = "\n\n".join(f"• Point {n}: " + "billing & coding <claims> " * 30 for n in range(40))
    for limit in (TELEGRAM_TEXT_LIMIT, MESSENGER_TEXT_LIMIT, SMS_LIMIT):
        pieces = split_text(answer, limit)
        assert len(pieces) > 1 and all(len(p) <= limit for p in pieces)
        assert " ".join(" ".join(pieces).split()) == " ".join(answer.split()), "nothing lost or reordered"
    blocks = sections(answer)
    assert all(len(b["text"]["text"]) <= 3000 for b in blocks) and "&amp;" in blocks[0]["text"]["text"]

    options = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]
    assert numbered("Do you like details?", options).endswith("1. Yes\n2. No\nReply with a number or the words.")
    assert [match_option(r, options) for r in ("1", "2.", "option 2", "YES", "no!", "3", "no idea")] == [
        "/affirm",
        "/deny",
        "/deny",
        "/affirm",
        "/deny",
        None,
        None,
    ]


def test_rasa_gets_a_credentials_file_with_the_enabled_platforms_and_no_secret(tmp_path, monkeypatch, caplog):
    from rasa.shared.utils.io import read_config_file

    from gateway.credentials import render_into

    env = {"TELEGRAM_TOKEN": "123:secret-token", "TWILIO_ACCOUNT_SID": "AC-sid", "TWILIO_AUTH_TOKEN": "auth-secret"}
    for name in (
        "TELEGRAM_TOKEN",
        "TELEGRAM_SECRET_TOKEN",
        "TWILIO_ACCOUNT_SID",
        "TWILIO_AUTH_TOKEN",
        "SLACK_TOKEN",
        "SLACK_SIGNING_SECRET",
        "FACEBOOK_PAGE_ACCESS_TOKEN",
        "FACEBOOK_APP_SECRET",
        "FACEBOOK_VERIFY_TOKEN",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    base = tmp_path / "base.yml"
    base.write_text(
        "telegram:\n  access_token: from-the-file\nsocketio:\n  session_persistence: false\n"
        "callback:\n  url: http://example.com\n"
    )
    args = render_into(["run", "--port", "5005", "--credentials", str(base)], tmp_path)
    assert args[:3] == ["run", "--port", "5005"] and args[3] == "--credentials"
    written = (tmp_path / "credentials.yml").read_text()
    assert args[4] == str(tmp_path / "credentials.yml")
    assert not any(secret in written for secret in env.values()) and "${TELEGRAM_TOKEN}" in written
    channels = read_config_file(args[4])  # as Rasa reads it: placeholders filled from the environment
    assert list(channels) == [
        "gateway.channels.socketio.SocketIOChannel",  # Rasa's built-in name: the project's connector
        "gateway.channels.rest.RestChannel",
        "gateway.channels.telegram.TelegramInput",
        "gateway.channels.twilio.TwilioInput",
    ]  # the file's telegram replaced
    assert channels["gateway.channels.telegram.TelegramInput"]["access_token"] == "123:secret-token"
    assert channels["gateway.channels.twilio.TwilioInput"]["auth_token"] == "auth-secret"
    assert channels["gateway.channels.socketio.SocketIOChannel"] == {"session_persistence": False}  # the file's own
    assert "callback: not served" in caplog.text  # not a connector of this project: it would not screen
    assert render_into(["run", "--connector", "rest"], tmp_path) == [
        "run",
        "--connector",
        "gateway.channels.rest.RestChannel",
    ]
    with pytest.raises(SystemExit, match="--connector callback: not one of this project's connectors"):
        render_into(["run", "--connector=callback"], tmp_path)
    assert render_into(["train"], tmp_path) == ["train"]


# --- every connector screens ---------------------------------------------------------------------

SSN = "123-45-6789"
SCREENED_QUESTION = f"my ssn is {SSN}, how much do billers make in ohio"
NOTICE = "Please don't share personal or patient information here"


def socketio_texts(bot, session: str, message: str, expected: str) -> List[str]:
    """The texts the widget's socket receives until one contains ``expected`` (Rasa's socket.io
    channel sends each paragraph of a reply as its own message)."""
    import asyncio

    import socketio

    async def chat() -> List[str]:
        client, replies, texts = socketio.AsyncClient(), asyncio.Queue(), []
        client.on("bot_uttered", replies.put)
        await client.connect(bot.url, socketio_path="/socket.io/", transports=["websocket"], wait_timeout=20)
        try:
            await client.emit("session_request", {"session_id": session})
            await client.emit("user_uttered", {"message": message, "session_id": session})
            while not any(expected in text for text in texts):
                texts.append((await asyncio.wait_for(replies.get(), 60)).get("text", ""))
            return texts
        finally:
            await client.disconnect()

    return asyncio.run(chat())


def platform_texts(bot, fake, platform: str, message: str, expected: str) -> tuple[str, List[str]]:
    """(the conversation's id in the tracker store, the texts the platform was asked to send)."""
    tag = str(uuid.uuid4().int)[:9]
    if platform == "telegram":
        calls = tg_say(bot, fake, tg_message(int(tag), message))
        return tag, [c.body["text"] for c in sent(calls, "sendMessage")]
    if platform == "slack":
        user, channel = "U" + tag, "D" + tag
        return user, [section_text(c) for c in slack_say(bot, fake, slack_event(user, channel, message))]
    if platform == "facebook":
        return "P" + tag, [m.get("text", "") for m in fb_say(bot, fake, fb_event("P" + tag, {"text": message}))]
    if platform == "twilio":
        sender = "+1555" + tag[:7]
        return sender, [c.body["Body"] for c in twilio_say(bot, fake, sender, "+15559990000", message)]
    if platform == "socketio":
        return "socket-" + tag, socketio_texts(bot, "socket-" + tag, message, expected)
    return "rest-" + tag, bot.texts("rest-" + tag, message)


@pytest.mark.parametrize("platform", ["rest", "socketio", "telegram", "slack", "facebook", "twilio"])
def test_every_connector_screens_personal_data_before_rasa_sees_it(bot, fake, platform):
    """No patch of Rasa does this any more: each connector screens (gateway/channels/screening.py)."""
    import sqlite3

    sender, texts = platform_texts(bot, fake, platform, SCREENED_QUESTION, "$51,420")
    assert texts[0].startswith(NOTICE) and "$51,420" in " ".join(texts), texts  # noticed, and answered
    with sqlite3.connect(bot.db) as db:
        stored = [row[0] for row in db.execute("SELECT data FROM events WHERE sender_id = ?", (sender,))]
    assert stored and "my ssn is [removed]" in "\n".join(stored)
    assert SSN not in "\n".join(stored) and SSN not in bot.log.read_text(errors="replace")
    _, texts = platform_texts(bot, fake, platform, "how much do billers make " * 100, "characters at a time")
    assert texts[0].startswith("I can read up to 1000 characters at a time"), texts
