"""The patches of Rasa internals that remain, all here, installed once before Rasa starts.

Written against Rasa 3.6.21 (``WRITTEN_FOR``); each checks at install that the method it wraps
still takes the parameters it relies on, and ``tests/test_gateway.py`` fails on another Rasa
version, so an upgrade stops loudly instead of changing behaviour quietly. Why each stays (Rasa
3.6 has no supported extension point for it):

- ``RemoteAction.run``: a failing custom action or an unreachable action server gets the domain's
  apology instead of silence;
- ``RemoteAction._validate_action_result``: the same schema check with the validator built once
  (it took 38 % of the server's CPU).

Everything else uses Rasa's supported extension points: every message is screened by the project's
connectors (``gateway/channels/screening.py``), the privacy notice and the guard's values come from
a custom response generator (``gateway/nlg.py``), the channels from a rendered credentials file
(``gateway/credentials.py``).
"""

from __future__ import annotations

import functools
import inspect
import logging
from typing import Dict, Tuple

logger = logging.getLogger("gateway")
APOLOGY_RESPONSE = "utter_action_error"


WRITTEN_FOR = "3.6.21"
# "Class.method" -> the parameters the hook relies on (checked at install)
PATCHES: Dict[str, Tuple[str, ...]] = {
    "RemoteAction.run": ("self", "output_channel", "nlg", "tracker", "domain"),
    "RemoteAction._validate_action_result": ("self", "result"),
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


def install() -> None:
    """Install every hook; each one is idempotent."""
    _apologise_when_actions_fail()
    _compile_action_response_schema()
