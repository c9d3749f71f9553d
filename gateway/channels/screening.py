"""Every connector screens its messages here before Rasa sees them.

Each connector of this project (REST, socket.io and the four platforms) wraps the handler Rasa gives
its ``blueprint`` with ``Screening`` (Rasa's supported extension point for channels), so the original
text and metadata never reach NLU, the tracker store or a log line (``gateway.guard`` says what is
screened). What the screen decides becomes an ordinary message that the domain answers:

- too long: the ``/message_too_long`` shortcut (a rule answers it; the text is not kept);
- empty: ``/help`` (the topic menu);
- personal data: the redacted text; the reply starts with the privacy notice (``gateway.nlg``);
- a ``/intent`` shortcut for anything but the domain's own intents ("/restart"): plain text.
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, FrozenSet, Optional

from rasa.core.channels.channel import UserMessage
from rasa.shared.core.constants import DEFAULT_INTENTS
from sanic import Blueprint

from gateway import guard

TOO_LONG = "/message_too_long"
EMPTY = "/help"


class Screening:
    """The handler a connector passes its messages to (``attach`` it to the connector's blueprint:
    the domain's intents are read from the running server's model)."""

    def __init__(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        self._on_new_message = on_new_message
        self._app: Optional[Any] = None

    def attach(self, blueprint: Blueprint) -> Blueprint:
        blueprint.listener("before_server_start")(self.started)
        return blueprint

    async def started(self, app: Any, _loop: Any = None) -> None:
        self._app = app

    def _own_intents(self) -> FrozenSet[str]:
        agent = getattr(getattr(self._app, "ctx", None), "agent", None)
        domain = getattr(agent, "domain", None)
        return frozenset(i for i in (domain.intents if domain else ()) if i not in DEFAULT_INTENTS)

    def screen(self, message: UserMessage) -> UserMessage:
        """The message as the rest of the server may see it."""
        screened = guard.screen(message.text)
        if screened.too_long:
            text = TOO_LONG
        elif screened.empty:
            text = EMPTY
        elif screened.text.startswith("/"):  # a shortcut: the domain's intents are read only then
            text = guard.payload_allowed(screened.text, self._own_intents())
        else:
            text = screened.text
        return UserMessage(
            text,
            message.output_channel,
            message.sender_id,
            input_channel=message.input_channel,
            message_id=message.message_id,
            metadata=guard.screen_metadata(message.metadata),
        )

    async def __call__(self, message: UserMessage) -> Any:
        return await self._on_new_message(self.screen(message))
