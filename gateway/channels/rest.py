"""The REST channel (``/webhooks/rest/webhook``) as a project connector named in credentials.yml.

Rasa's own ``RestInput``, subclassed (a custom connector: Rasa's supported extension point) for:

- **messages screened** (``gateway.channels.screening``, as in every connector);
- **bodies checked**: a malformed body gets 400 and a clear error, never a 500 (Rasa's reads
  ``request.json`` fields blindly);
- **the garbage collector frozen once the model is loaded**: the Rasa server holds about a million
  long-lived objects (TensorFlow, the model, the domain, the place gazetteer); each full collection
  walked all of them and stopped every conversation for 0.2–0.9 s (measured with ``gc.callbacks``
  under load: one such pause a minute). ``gc.freeze()`` after start moves them out of the
  collector's sight, so a full collection walks only what requests create. A blueprint listener is
  Rasa's way for a channel to run code at server start; this channel is always on.
"""

from __future__ import annotations

import gc
import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint
from sanic.exceptions import InvalidUsage as BadRequest
from sanic.request import Request

from gateway.channels.screening import Screening

logger = logging.getLogger(__name__)


def _body(request: Request) -> Dict[Text, Any]:
    data = request.json  # malformed JSON: Sanic answers 400 itself
    if not isinstance(data, dict):
        raise BadRequest('Expected a JSON object like {"sender": "id", "message": "text"}.')
    return data


def freeze_long_lived_objects(*_: Any) -> None:
    """Collect once, then keep everything alive now out of every later collection."""
    gc.collect()
    gc.freeze()
    logger.info("garbage collector: %d long-lived objects frozen after start", gc.get_freeze_count())


class RestChannel(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"  # the same URL and name as Rasa's

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        sender = _body(req).get("sender")
        if sender is not None and not isinstance(sender, (str, int)) or isinstance(sender, bool):
            raise BadRequest('"sender" must be a string.')
        return None if sender is None else str(sender)

    def _extract_message(self, req: Request) -> Optional[Text]:
        text = _body(req).get("message")
        if not isinstance(text, str):
            raise BadRequest('"message" is required and must be a string.')
        return text

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        metadata = _body(request).get("metadata")
        if metadata is not None and not isinstance(metadata, dict):
            raise BadRequest('"metadata" must be a JSON object.')
        return metadata

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        screening = Screening(on_new_message)
        blueprint = super().blueprint(screening)
        # after_server_start: Rasa loads the model in before_server_start
        blueprint.listener("after_server_start")(freeze_long_lived_objects)
        return screening.attach(blueprint)
