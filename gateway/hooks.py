"""The patches of Rasa internals that remain, all here, installed once before Rasa starts.

Written against Rasa 3.6.21 (``WRITTEN_FOR``); each checks at install that the method it wraps
still takes the parameters it relies on, and ``tests/test_gateway.py`` fails on another Rasa
version, so an upgrade stops loudly instead of changing behaviour quietly. Why each stays (Rasa
3.6 has no supported extension point for it):

- ``RemoteAction.run``: a failing custom action or an unreachable action server gets the domain's
  apology instead of silence;
- ``RemoteAction._validate_action_result``: the same schema check with the validator built once
  (it took 38 % of the server's CPU);
- ``UserMessage.__init__``: every channel's message is screened (personal data, length) before
  NLU, the tracker store or a log line sees it;
- ``MessageProcessor.handle_message``: over-long and empty messages answered without NLU, the
  privacy notice before the answer, unknown ``/intent`` shortcuts read as text.
"""

from __future__ import annotations

import functools
import inspect
import logging
from typing import Dict, Tuple

from gateway import guard
from gateway.tracker_store import retention_days

logger = logging.getLogger("gateway")
APOLOGY_RESPONSE = "utter_action_error"


WRITTEN_FOR = "3.6.21"
# "Class.method" -> the parameters the hook relies on (checked at install)
PATCHES: Dict[str, Tuple[str, ...]] = {
    "RemoteAction.run": ("self", "output_channel", "nlg", "tracker", "domain"),
    "RemoteAction._validate_action_result": ("self", "result"),
    "UserMessage.__init__": (
        "self",
        "text",
        "output_channel",
        "sender_id",
        "parse_data",
        "input_channel",
        "message_id",
        "metadata",
    ),
    "MessageProcessor.handle_message": ("self", "message"),
}


def _patch(cls, attribute: str, make):
    """Replace ``cls.attribute`` with ``make(original)`` once, if it still looks as it did in
    Rasa ``WRITTEN_FOR``."""
    original = getattr(cls, attribute)
    if getattr(original, "_gateway", False):
        return
    expected = PATCHES[f"{cls.__name__}.{attribute}"]
    found = tuple(inspect.signature(original).parameters)
    if found != expected:
        raise RuntimeError(
            f"gateway/hooks.py was written against Rasa {WRITTEN_FOR}: {cls.__name__}.{attribute} "
            f"now takes {found}, not {expected}; review the hook before running this Rasa"
        )
    replacement = make(original)
    replacement._gateway = True
    setattr(cls, attribute, replacement)


def _apologise_when_actions_fail() -> None:
    """A custom action that raises or an unreachable action server gives the user the domain's
    ``utter_action_error`` apology (instead of silence) and is logged with the conversation id."""
    from rasa.core.actions.action import ActionExecutionRejection, RemoteAction, create_bot_utterance

    def make(original):
        @functools.wraps(original)
        async def run(self, output_channel, nlg, tracker, domain):
            try:
                return await original(self, output_channel, nlg, tracker, domain)
            except ActionExecutionRejection:
                raise  # a form declining a message is not a failure
            except Exception as exc:  # noqa: BLE001 - the conversation must go on
                logger.error("action %s failed in conversation %s: %s", self.name(), tracker.sender_id, exc)
                message = await nlg.generate(APOLOGY_RESPONSE, tracker, output_channel.name())
                return [create_bot_utterance(message)] if message else []

        return run

    _patch(RemoteAction, "run", make)


def _compile_action_response_schema() -> None:
    """Rasa checks every action server response with ``jsonschema.validate``, which first checks
    the (constant) schema itself against the meta-schema: that took 38 % of the Rasa server's CPU
    per message here. Same check, same errors, with the validator built once."""
    from jsonschema import ValidationError
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator = validator_for(schema)(schema)

    def make(original):
        @functools.wraps(original)
        def _validate_action_result(self, result):
            try:
                validator.validate(result)
                return True
            except ValidationError:
                return original(self, result)  # Rasa's own message and error

        return _validate_action_result

    _patch(RemoteAction, "_validate_action_result", make)


def _screen_every_message() -> None:
    """Every channel builds a UserMessage: screen its text (redaction, length; payload entities
    included) and its metadata right there, so the original personal data never reaches NLU, the
    tracker store or a log line."""
    from rasa.core.channels.channel import UserMessage

    def make(original):
        @functools.wraps(original)
        def __init__(self, text=None, *args, **kwargs):
            screened = guard.screen(text) if isinstance(text, str) else None
            original(self, screened.text if screened else text, *args, **kwargs)
            self.metadata = guard.screen_metadata(self.metadata)
            self.screened = screened

        return __init__

    _patch(UserMessage, "__init__", make)


def _answer_screened_messages() -> None:
    """Too long: a polite refusal without NLU. Empty: the help menu. Personal data removed: a
    reminder first, then the (redacted) message is answered as usual. Each reply is the domain's
    response through Rasa's NLG (variations, the channel's own rendering) and is recorded in the
    conversation's tracker like any other bot message."""
    from rasa.core.actions.action import create_bot_utterance
    from rasa.core.processor import MessageProcessor
    from rasa.shared.core.constants import DEFAULT_INTENTS

    days = retention_days()  # read once: a bad RETENTION_DAYS stops the server at start, clearly

    async def say(processor, message, response: str, **values) -> None:
        channel = message.output_channel
        tracker = await processor.fetch_tracker_and_update_session(message.sender_id, channel, message.metadata)
        generated = await processor.nlg.generate(response, tracker, channel.name(), **values)
        if generated:
            uttered = create_bot_utterance({**generated, "utter_action": response})  # it pops what it reads
            await channel.send_response(message.sender_id, dict(generated))  # and so does sending
            tracker.update(uttered)
            await processor.save_tracker(tracker)

    def make(original):
        @functools.wraps(original)
        async def handle_message(self, message):
            screened = getattr(message, "screened", None)
            if screened and screened.too_long:
                await say(self, message, "utter_message_too_long", limit=guard.MAX_MESSAGE_CHARS)
                return getattr(message.output_channel, "messages", None)
            if screened and screened.empty:
                message.text = "/help"
            elif isinstance(message.text, str):
                own_intents = [i for i in self.domain.intents if i not in DEFAULT_INTENTS]
                message.text = guard.payload_allowed(message.text, own_intents)
            if screened and screened.redacted:
                await say(self, message, "utter_privacy_notice", days=f"{days:g}")
            return await original(self, message)

        return handle_message

    _patch(MessageProcessor, "handle_message", make)


def install() -> None:
    """Install every hook; each one is idempotent."""
    _apologise_when_actions_fail()
    _compile_action_response_schema()
    _screen_every_message()
    _answer_screened_messages()
