"""Facebook Messenger: signature-checked webhook, quick replies, asynchronous Send API calls.

Rasa 3.6's connector answers a badly signed request with 200 "not validated" and only knows the
SHA-1 ``X-Hub-Signature``; its sends go through ``requests`` and block the server's event loop;
and it turns more than 3 buttons into plain text. Here: ``X-Hub-Signature-256`` (or, failing that,
``X-Hub-Signature``) must match the app secret, else 403 and no reply; answers are plain text
(Messenger renders no markdown) split at 2,000 characters; buttons become up to 13 quick replies
with titles of at most 20 characters; the chart is an image attachment.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Any, Awaitable, Callable, Dict, Iterable, List, Optional, Text

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.facebook import FacebookInput as RasaFacebookInput
from rasa.core.channels.facebook import Messenger as RasaMessenger
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from gateway.channels.common import NON_TEXT, SharedSession, reject, same_secret
from gateway.channels.render import (
    MESSENGER_QUICK_REPLIES,
    MESSENGER_QUICK_REPLY_TITLE,
    MESSENGER_TEXT_LIMIT,
    plain,
    shorten,
    split_text,
)
from gateway.channels.screening import Screening

logger = logging.getLogger("gateway.channels.facebook")

DEFAULT_API_URL = "https://graph.facebook.com"
DEFAULT_API_VERSION = "v21.0"
QUICK_REPLY_PAYLOAD_LIMIT = 1000


def signature_valid(app_secret: str, body: bytes, headers) -> bool:
    """Meta signs the raw body with the app secret: ``X-Hub-Signature-256: sha256=<hex>`` (and the
    older ``X-Hub-Signature: sha1=<hex>``). The stronger one is checked when present."""
    for header, algorithm in (("X-Hub-Signature-256", "sha256"), ("X-Hub-Signature", "sha1")):
        given = headers.get(header)
        if given:
            method, _, signature = given.partition("=")
            if method != algorithm or not signature:
                return False
            expected = hmac.new(app_secret.encode("utf-8"), body or b"", getattr(hashlib, algorithm)).hexdigest()
            return hmac.compare_digest(signature, expected)
    return False


class GraphClient:
    """The few Send API calls the bot makes, over one aiohttp session."""

    def __init__(self, page_access_token: str, app_secret: Optional[str], api_url: str, api_version: str):
        self.url = f"{api_url.rstrip('/')}/{api_version}/me/messages"
        self.params = {"access_token": page_access_token}
        if app_secret:  # "Require app secret" in the app settings needs this proof
            self.params["appsecret_proof"] = hmac.new(
                app_secret.encode(), page_access_token.encode(), hashlib.sha256
            ).hexdigest()
        self.session = SharedSession()

    async def post(self, body: Dict[str, Any]) -> None:
        async with self.session.get().post(self.url, params=self.params, json=body) as reply:
            if reply.status >= 400:
                logger.error("Messenger: Send API answered %s: %s", reply.status, (await reply.text())[:300])


class MessengerBot(OutputChannel):
    @classmethod
    def name(cls) -> Text:
        return "facebook"

    def __init__(self, client: GraphClient) -> None:
        self.client = client
        super().__init__()

    async def _send(self, recipient_id: Text, message: Dict[str, Any]) -> None:
        await self.client.post({"recipient": {"id": recipient_id}, "messaging_type": "RESPONSE", "message": message})

    async def send_action(self, recipient_id: Text, sender_action: Text) -> None:
        await self.client.post({"recipient": {"id": recipient_id}, "sender_action": sender_action})

    async def _send_text(self, recipient_id: Text, text: Text, quick_replies: Optional[List[Dict]] = None) -> None:
        chunks = split_text(plain(text), MESSENGER_TEXT_LIMIT) or ["…"]
        for index, chunk in enumerate(chunks):
            message: Dict[str, Any] = {"text": chunk}
            if quick_replies and index == len(chunks) - 1:
                message["quick_replies"] = quick_replies
            await self._send(recipient_id, message)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self._send_text(recipient_id, text)

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        replies = [
            {
                "content_type": "text",
                "title": shorten(str(b.get("title") or b.get("payload") or ""), MESSENGER_QUICK_REPLY_TITLE),
                "payload": str(b.get("payload") or b.get("title"))[:QUICK_REPLY_PAYLOAD_LIMIT],
            }
            for b in buttons
            if not b.get("url")
        ]
        if len(replies) > MESSENGER_QUICK_REPLIES:
            logger.warning(
                "Messenger: %d options, only the first %d shown as quick replies", len(replies), MESSENGER_QUICK_REPLIES
            )
        links = [f"{b.get('title')}: {b['url']}" for b in buttons if b.get("url")]
        if links:
            text = text.rstrip() + "\n" + "\n".join(links)
        await self._send_text(recipient_id, text, replies[:MESSENGER_QUICK_REPLIES] or None)

    async def send_quick_replies(
        self, recipient_id: Text, text: Text, quick_replies: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await self._send(
            recipient_id, {"attachment": {"type": "image", "payload": {"url": image, "is_reusable": True}}}
        )

    async def send_elements(self, recipient_id: Text, elements: Iterable[Dict[Text, Any]], **kwargs: Any) -> None:
        elements = list(elements)
        for element in elements:
            for button in element.get("buttons", []):
                button.setdefault("type", "postback")
        await self._send(
            recipient_id,
            {"attachment": {"type": "template", "payload": {"template_type": "generic", "elements": elements}}},
        )

    async def send_custom_json(self, recipient_id: Text, json_message: Any, **kwargs: Any) -> None:
        await self._send(recipient_id, json_message)


class Messenger(RasaMessenger):
    """Rasa's event parsing (text, quick reply, postback), answering through ``MessengerBot``.
    Attachments get the text-only reply (Rasa's would read an image's CDN URL as the question)."""

    def __init__(self, out_channel: MessengerBot, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        self.on_new_message = on_new_message
        self.out_channel = out_channel
        self.last_message: Dict[Text, Any] = {}

    async def handle(self, payload: Dict, metadata: Optional[Dict[Text, Any]]) -> None:
        for entry in payload.get("entry") or []:
            for event in entry.get("messaging") or []:
                if (event.get("message") or {}).get("is_echo"):
                    continue  # the page's own messages
                self.last_message = event
                message = event.get("message")
                if isinstance(message, dict) and not (
                    self._is_quick_reply_message(event) or self._is_user_message(event)
                ):
                    if message.get("attachments"):  # image, sticker, like, audio, file, location
                        await self._handle_user_message(NON_TEXT, event["sender"]["id"], metadata)
                elif message:
                    await self.message(event, metadata)
                elif event.get("postback"):
                    await self.postback(event, metadata)
                # delivery and read receipts, reactions, referrals: nothing to answer

    async def _handle_user_message(self, text: Text, sender_id: Text, metadata: Optional[Dict[Text, Any]]) -> None:
        out_channel = self.out_channel
        await out_channel.send_action(sender_id, "mark_seen")
        await out_channel.send_action(sender_id, "typing_on")
        try:
            await self.on_new_message(
                UserMessage(text, out_channel, sender_id, input_channel=self.name(), metadata=metadata)
            )
        except Exception:  # noqa: BLE001
            logger.exception("Messenger: could not handle a message from %s", sender_id)
        finally:
            await out_channel.send_action(sender_id, "typing_off")


class FacebookInput(RasaFacebookInput):
    """Facebook Messenger input channel: ``/webhooks/facebook/webhook``."""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            credentials.get("verify"),
            credentials.get("secret"),
            credentials.get("page-access-token"),
            credentials.get("api_url") or DEFAULT_API_URL,
            credentials.get("api_version") or DEFAULT_API_VERSION,
        )

    def __init__(
        self,
        fb_verify: Text,
        fb_secret: Text,
        fb_access_token: Text,
        api_url: str = DEFAULT_API_URL,
        api_version: str = DEFAULT_API_VERSION,
    ) -> None:
        super().__init__(fb_verify, fb_secret, fb_access_token)
        self.client = GraphClient(fb_access_token, fb_secret, api_url, api_version)

    def get_output_channel(self) -> OutputChannel:
        return MessengerBot(self.client)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = screening = Screening(on_new_message)
        fb_webhook = screening.attach(Blueprint("fb_webhook", __name__))

        @fb_webhook.listener("after_server_stop")
        async def close_session(app, loop) -> None:
            await self.client.session.close()

        @fb_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @fb_webhook.route("/webhook", methods=["GET"])
        async def token_verification(request: Request) -> HTTPResponse:
            if same_secret(request.args.get("hub.verify_token"), self.fb_verify):
                return response.text(request.args.get("hub.challenge") or "")
            return reject("Messenger", request, "wrong hub.verify_token in the webhook verification")

        @fb_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not signature_valid(self.fb_secret, request.body, request.headers):
                return reject("Messenger", request, "missing or wrong X-Hub-Signature(-256)")
            payload = request.json
            if not isinstance(payload, dict):
                return response.text("expected a JSON object", status=400)
            messenger = Messenger(MessengerBot(self.client), on_new_message)
            await messenger.handle(payload, self.get_metadata(request))
            return response.text("success")

        return fb_webhook
