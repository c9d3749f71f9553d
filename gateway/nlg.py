"""The Rasa server's response generator (``nlg: type: gateway.nlg.GuardedNaturalLanguageGenerator``
in endpoints.yml): Rasa's own, from the domain's responses, plus what the message screen decided.

- A message from which personal data was removed (``gateway/channels/screening.py``) gets the
  privacy notice at the start of its first reply: one message, through Rasa's NLG and recorded in the
  tracker like any other, and the question itself is still answered.
- The guard's settings fill the responses that name them: ``{limit}`` (MAX_MESSAGE_CHARS) and
  ``{days}`` (RETENTION_DAYS, read once: a bad value stops the server at start, clearly).

A custom response generator is Rasa's supported extension point for this (Rasa has no hook for
"a reply before the answer of the same turn").
"""

from __future__ import annotations

import weakref
from typing import Any, Dict, Optional, Text

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.events import BotUttered, UserUttered

from gateway import guard
from gateway.tracker_store import retention_days

PRIVACY_NOTICE = "utter_privacy_notice"


class GuardedNaturalLanguageGenerator(TemplatedNaturalLanguageGenerator):
    def __init__(self, endpoint_config: Any = None, domain: Any = None) -> None:
        super().__init__(domain.responses if domain is not None else {})
        self.values = {"limit": guard.MAX_MESSAGE_CHARS, "days": f"{retention_days():g}"}
        # the redacted messages whose notice was given (a turn's replies are generated before the
        # tracker records any of them)
        self._noticed: "weakref.WeakValueDictionary[int, UserUttered]" = weakref.WeakValueDictionary()

    async def generate(self, utter_action: Text, tracker: Any, output_channel: Text, **kwargs: Any) -> Optional[Dict]:
        values = {**self.values, **kwargs}
        reply = await super().generate(utter_action, tracker, output_channel, **values)
        if reply is None or utter_action == PRIVACY_NOTICE or not self._notice_due(tracker):
            return reply
        notice = await super().generate(PRIVACY_NOTICE, tracker, output_channel, **values)
        reply["text"] = "\n\n".join(text for text in ((notice or {}).get("text"), reply.get("text")) if text)
        return reply

    def _notice_due(self, tracker: Any) -> bool:
        """The latest message had personal data removed and has no reply yet."""
        message = tracker.latest_message
        if not isinstance(message, UserUttered) or guard.REDACTED not in (message.text or ""):
            return False
        if self._noticed.get(id(message)) is message:
            return False
        for event in reversed(tracker.events):
            if event is message:
                break
            if isinstance(event, BotUttered):
                return False
        self._noticed[id(message)] = message
        return True
