"""What the connectors do to every message before Rasa sees it (gateway/channels/screening.py) and
the response generator that adds the privacy notice (gateway/nlg.py), with real Rasa objects: the
project's domain, a Sanic app holding an agent, UserMessage, the tracker. Through every channel of
the running server: tests/test_channels.py and tests/test_security.py."""

import asyncio
from typing import List

import pytest
from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Sanic

from gateway import guard
from gateway.channels.screening import Screening
from gateway.nlg import GuardedNaturalLanguageGenerator
from tests.conftest import ROOT

NOTICE = "Please don't share personal or patient information here"


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture(scope="module")
def app(domain):
    app = Sanic("screening-test")
    app.ctx.agent = Agent(domain=domain)
    return app


def passed_on(app, text, metadata=None) -> UserMessage:
    """What Rasa receives when a connector gets ``text``."""
    received: List[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        received.append(message)

    screening = Screening(on_new_message)
    asyncio.run(screening.started(app))
    original = UserMessage(
        text, CollectingOutputChannel(), "ann", input_channel="rest", message_id="m1", metadata=metadata
    )
    asyncio.run(screening(original))
    assert len(received) == 1
    message = received[0]
    assert (message.sender_id, message.input_channel, message.message_id) == ("ann", "rest", "m1")
    assert message.output_channel is original.output_channel
    return message


def test_personal_data_is_removed_from_the_text_and_the_metadata(app):
    message = passed_on(app, "my ssn is 123-45-6789, pay in ohio?", {"from": {"email": "jane.doe@example.com"}})
    assert message.text == "my ssn is [removed], pay in ohio?"
    assert message.metadata == {"from": {"email": "[removed]"}}


def test_too_long_and_empty_messages_become_the_domain_s_shortcuts(app, domain):
    assert passed_on(app, "x" * (guard.MAX_MESSAGE_CHARS + 1)).text == "/message_too_long"
    assert passed_on(app, "x" * guard.MAX_MESSAGE_CHARS).text == "x" * guard.MAX_MESSAGE_CHARS
    assert passed_on(app, " \n\t ").text == "/help" and passed_on(app, None).text == "/help"
    assert {"message_too_long", "help"} <= set(domain.intents)


def test_only_the_domain_s_own_intents_are_shortcuts(app):
    assert passed_on(app, '/ask_salary{"place": "Ohio"}').text == '/ask_salary{"place": "Ohio"}'
    assert passed_on(app, "/restart").text == "restart"  # Rasa's own intent: read as text
    assert passed_on(app, "/session_start").text == "session_start"
    assert passed_on(app, "/nonexistent_intent").text == "nonexistent_intent"
    assert passed_on(app, '/inform_state{"ssn": "123-45-6789"}').text == '/inform_state{"ssn": "[removed]"}'


def turn(domain, text: str) -> DialogueStateTracker:
    tracker = DialogueStateTracker("ann", domain.slots)
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered(text, {"name": "ask_salary", "confidence": 1.0}))
    return tracker


def generate(nlg, response: str, tracker, **values):
    return asyncio.run(nlg.generate(response, tracker, "rest", **values))


def test_the_first_reply_to_a_screened_message_starts_with_the_notice(domain, monkeypatch):
    monkeypatch.setenv("RETENTION_DAYS", "7")
    nlg = GuardedNaturalLanguageGenerator(domain=domain)
    tracker = turn(domain, "my ssn is [removed], how much in ohio")
    first = generate(nlg, "utter_greet", tracker)
    notice, answer = first["text"].split("\n\n", 1)
    assert notice.startswith(NOTICE) and "deleted after 7 days" in notice
    assert answer == generate(GuardedNaturalLanguageGenerator(domain=domain), "utter_greet", turn(domain, "hi"))["text"]
    assert NOTICE not in generate(nlg, "utter_greet", tracker)["text"]  # the turn's second reply
    tracker.update(BotUttered(first["text"]))
    assert NOTICE not in generate(GuardedNaturalLanguageGenerator(domain=domain), "utter_greet", tracker)["text"]
    assert NOTICE not in generate(nlg, "utter_greet", turn(domain, "how much in ohio"))["text"]


def test_the_guard_s_settings_fill_the_responses(domain, monkeypatch):
    monkeypatch.setenv("RETENTION_DAYS", "30")
    nlg = GuardedNaturalLanguageGenerator(domain=domain)
    limit = generate(nlg, "utter_message_too_long", turn(domain, "/message_too_long"))["text"]
    assert limit.startswith(f"I can read up to {guard.MAX_MESSAGE_CHARS} characters at a time")
    assert "after 30 days" in generate(nlg, "utter_privacy_notice", turn(domain, "hi"))["text"]
    monkeypatch.setenv("RETENTION_DAYS", "soon")
    with pytest.raises(SystemExit, match="RETENTION_DAYS must be a number"):
        GuardedNaturalLanguageGenerator(domain=domain)
