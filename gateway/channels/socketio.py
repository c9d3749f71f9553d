"""The chat widget's socket.io channel (``/socket.io``) as a project connector named in
credentials.yml: Rasa's own ``SocketIOInput`` with its messages screened
(``gateway.channels.screening``, as in every connector). Same name, path and events as Rasa's."""

from __future__ import annotations

from typing import Any, Awaitable, Callable, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

from gateway.channels.screening import Screening


class SocketIOChannel(SocketIOInput):
    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        screening = Screening(on_new_message)
        return screening.attach(super().blueprint(screening))
