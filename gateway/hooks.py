"""Hooks into the Rasa server process, installed once before Rasa starts."""
from __future__ import annotations

import functools
import logging

logger = logging.getLogger("gateway")
APOLOGY_RESPONSE = "utter_action_error"


def _apologise_when_actions_fail() -> None:
    """A custom action that raises or an unreachable action server gives the user the domain's
    ``utter_action_error`` apology (instead of silence) and is logged with the conversation id."""
    from rasa.core.actions.action import ActionExecutionRejection, RemoteAction, create_bot_utterance

    if getattr(RemoteAction.run, "_apologises", False):
        return
    original = RemoteAction.run

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

    run._apologises = True
    RemoteAction.run = run


def install() -> None:
    """Install every hook; each one is idempotent."""
    _apologise_when_actions_fail()
