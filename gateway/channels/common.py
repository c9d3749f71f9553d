"""What the platform connectors share: rejecting forged requests, what non-text messages become,
one HTTP session per server, and the options the bot offered last in a conversation (read back
from the tracker store)."""

from __future__ import annotations

import asyncio
import hmac
import logging
from typing import Any, Dict, List, Optional

import aiohttp
from sanic.request import Request
from sanic.response import HTTPResponse, text

logger = logging.getLogger("gateway.channels")

# What a connector passes on for a photo, sticker, voice note, file or location without words: the
# domain's non_text intent, answered with one short "I can only read text" (data/rules/privacy.yml).
NON_TEXT = "/non_text"


def reject(platform: str, request: Request, reason: str, status: int = 403) -> HTTPResponse:
    """A forged, replayed or unsigned request: 4xx, one log line without the body, no reply."""
    logger.warning(
        "%s: rejected webhook request from %s: %s (%d bytes, body not logged)",
        platform,
        request.remote_addr or request.ip,
        reason,
        len(request.body or b""),
    )
    return text("Forbidden", status=status)


def same_secret(given: Optional[str], expected: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())


class SharedSession:
    """One aiohttp session, created lazily on the server's running loop (never at import or
    start-up time, which is what breaks Rasa's Telegram connector) and closed when it stops."""

    def __init__(self) -> None:
        self._session: Optional[aiohttp.ClientSession] = None
        self._loop: Optional[asyncio.AbstractEventLoop] = None

    def get(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._loop is not loop:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
            self._loop = loop
        return self._session

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None


async def last_offered_buttons(request: Request, sender_id: str) -> List[Dict[str, Any]]:
    """The buttons of the bot's latest turn in this conversation (after the user's last message),
    from the tracker store, so a numbered reply works across restarts. Empty if there were none."""
    from rasa.shared.core.events import BotUttered, UserUttered

    agent = getattr(request.app.ctx, "agent", None)
    if agent is None or agent.tracker_store is None:
        return []
    try:
        tracker = await agent.tracker_store.retrieve(sender_id)
    except Exception as exc:  # noqa: BLE001 - a lookup failure only loses the shortcut
        logger.warning("could not read the last options of conversation %s: %s", sender_id, exc)
        return []
    if tracker is None:
        return []
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, BotUttered) and (event.data or {}).get("buttons"):
            return list(event.data["buttons"])
    return []
