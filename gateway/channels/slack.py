"""Slack: Rasa's connector (signing-secret check with its 5-minute timestamp window) with Block
Kit rendering: mrkdwn sections of at most 3,000 characters, buttons in actions blocks (not only up
to 5, as in Rasa's), the chart as an image block; a configurable API URL; rejected requests
logged; the URL-verification challenge answered in plain text as Slack documents."""

from __future__ import annotations

import json
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot as RasaSlackBot
from rasa.core.channels.slack import SlackInput as RasaSlackInput
from sanic import Blueprint, response
from sanic.request import Request
from slack_sdk.web.async_client import AsyncWebClient

from gateway.channels.common import reject
from gateway.channels.render import SLACK_SECTION_LIMIT, plain, shorten, slack_mrkdwn, split_text
from gateway.channels.screening import Screening

logger = logging.getLogger("gateway.channels.slack")

DEFAULT_API_URL = "https://slack.com/api/"
MAX_BLOCKS = 50
BUTTONS_PER_ACTIONS_BLOCK = 25
BUTTON_TEXT_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000
FALLBACK_TEXT_LIMIT = 3000
NOT_SIGNED = "Message is not properly signed with a valid X-Slack-Signature header"  # Rasa's own words


def _mrkdwn_chunks(text: str, limit: int = SLACK_SECTION_LIMIT) -> List[str]:
    """mrkdwn pieces of at most ``limit`` characters once escaped (``&`` becomes ``&amp;``)."""
    pieces = []
    for chunk in split_text(text, limit):
        rendered = slack_mrkdwn(chunk)
        if len(rendered) <= SLACK_SECTION_LIMIT or limit < 50:
            pieces.append(rendered[:SLACK_SECTION_LIMIT])
        else:
            pieces.extend(_mrkdwn_chunks(chunk, limit * 2 // 3))
    return pieces


def sections(text: str) -> List[Dict[str, Any]]:
    return [{"type": "section", "text": {"type": "mrkdwn", "text": piece}} for piece in _mrkdwn_chunks(text)]


def actions(buttons: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    blocks = []
    for start in range(0, len(buttons), BUTTONS_PER_ACTIONS_BLOCK):
        elements = []
        for index, button in enumerate(buttons[start : start + BUTTONS_PER_ACTIONS_BLOCK], start=start):
            title = shorten(str(button.get("title") or button.get("payload") or ""), BUTTON_TEXT_LIMIT)
            element = {
                "type": "button",
                "action_id": f"button_{index}",
                "text": {"type": "plain_text", "text": title, "emoji": True},
            }
            if button.get("url"):
                element["url"] = button["url"]
            else:
                element["value"] = str(button.get("payload", title))[:BUTTON_VALUE_LIMIT]
            elements.append(element)
        blocks.append({"type": "actions", "elements": elements})
    return blocks


class SlackBot(RasaSlackBot):
    """Rasa's Slack output, posting Block Kit messages to the configured API URL."""

    def __init__(
        self,
        token: Text,
        slack_channel: Optional[Text] = None,
        thread_id: Optional[Text] = None,
        proxy: Optional[Text] = None,
        api_url: str = DEFAULT_API_URL,
    ) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        self.client = AsyncWebClient(token, proxy=proxy, base_url=api_url)

    async def _post_blocks(self, recipient_id: Text, text: Text, blocks: List[Dict[str, Any]]) -> None:
        recipient = self.slack_channel or recipient_id
        fallback = shorten(plain(text), FALLBACK_TEXT_LIMIT)  # notifications and old clients
        for start in range(0, len(blocks), MAX_BLOCKS):
            await self._post_message(channel=recipient, text=fallback, blocks=blocks[start : start + MAX_BLOCKS])

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self._post_blocks(recipient_id, text, sections(text))

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        await self._post_blocks(recipient_id, text, sections(text) + actions(buttons))

    async def send_quick_replies(
        self, recipient_id: Text, text: Text, quick_replies: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        recipient = self.slack_channel or recipient_id
        await self._post_message(
            channel=recipient, text="Chart", blocks=[{"type": "image", "image_url": image, "alt_text": "chart"}]
        )


class SlackInput(RasaSlackInput):
    """Slack input channel: ``/webhooks/slack/webhook`` (Events API and Interactivity URL)."""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        channel = cls(
            credentials.get("slack_token"),
            credentials.get("slack_channel"),
            credentials.get("proxy"),
            "x-slack-retry-reason",
            "x-slack-retry-num",
            None,
            bool(credentials.get("use_threads")),
            credentials.get("slack_signing_secret", ""),
            credentials.get("conversation_granularity", "sender"),
        )
        channel.api_url = credentials.get("api_url") or DEFAULT_API_URL
        return channel

    api_url = DEFAULT_API_URL

    def is_request_from_slack_authentic(self, request: Request) -> bool:
        authentic = super().is_request_from_slack_authentic(request)
        if not authentic:
            reject("Slack", request, "bad, missing or stale X-Slack-Signature / X-Slack-Request-Timestamp")
        return authentic

    def get_output_channel(self, channel: Optional[Text] = None, thread_id: Optional[Text] = None) -> OutputChannel:
        return SlackBot(self.slack_token, channel or self.slack_channel, thread_id, self.proxy, self.api_url)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        screening = Screening(on_new_message)
        slack_webhook = screening.attach(super().blueprint(screening))

        @slack_webhook.middleware("request")
        async def url_verification(request: Request):
            """Slack's one-time URL check, answered with the challenge as plain text (Rasa's own
            answer is a JSON string, which is none of the forms Slack documents)."""
            if request.method != "POST" or not request.path.endswith("/webhook"):
                return None
            if request.headers.get("content-type") != "application/json":
                return None
            try:
                body = json.loads(request.body or b"{}")
            except ValueError:
                return None
            if isinstance(body, dict) and body.get("type") == "url_verification":
                if not self.is_request_from_slack_authentic(request):  # 400, as for every Slack request
                    return response.text(NOT_SIGNED, status=400)
                return response.text(str(body.get("challenge", "")))
            return None

        return slack_webhook
