"""Twilio SMS and WhatsApp: ``X-Twilio-Signature`` checked (Rasa 3.6 does not), buttons as
numbered options that a reply of "2" or the option's words selects, answers split at 1,600
characters, the chart as media on WhatsApp and as a link on SMS. Sends go through the official
twilio client with its asynchronous HTTP client, so they never block the server's event loop.

The signature covers the full public URL Twilio posted to. Behind a TLS-terminating proxy the
server cannot know it, so set ``TWILIO_WEBHOOK_URL`` to exactly the URL configured in Twilio.
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Tuple
from urllib.parse import parse_qsl

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput as RasaTwilioInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator

from gateway.channels.common import NON_TEXT, last_offered_buttons, reject
from gateway.channels.render import SMS_LIMIT, match_option, numbered, plain, split_text, whatsapp
from gateway.channels.screening import Screening

logger = logging.getLogger("gateway.channels.twilio")

DEFAULT_API_URL = "https://api.twilio.com"
SIGNATURE_HEADER = "X-Twilio-Signature"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'

_quiet = logging.getLogger("gateway.channels.twilio.http")  # twilio logs every request body at INFO
_quiet.setLevel(logging.WARNING)


class TwilioApi:
    """The official client, created on first use on the server's loop, pointed at ``api_url``."""

    def __init__(self, account_sid: str, auth_token: str, api_url: str) -> None:
        self.account_sid, self.auth_token, self.api_url = account_sid, auth_token, api_url
        self._client = None

    @property
    def client(self):
        if self._client is None:
            from twilio.http.async_http_client import AsyncTwilioHttpClient
            from twilio.rest import Client

            self._client = Client(
                self.account_sid, self.auth_token, http_client=AsyncTwilioHttpClient(logger=_quiet, timeout=30)
            )
            self._client.api.base_url = self.api_url.rstrip("/")
        return self._client

    async def send(self, **message: Any) -> None:
        try:
            await self.client.messages.create_async(**message)
        except Exception as exc:  # noqa: BLE001 - one failed send must not stop the rest
            logger.error("Twilio: could not send a message: %s", exc)  # no phone numbers in logs

    async def close(self) -> None:
        if self._client is not None:
            await self._client.http_client.close()
            self._client = None


class TwilioOutput(OutputChannel):
    """Answers from the number the user wrote to (SMS or ``whatsapp:`` sender)."""

    @classmethod
    def name(cls) -> Text:
        return "twilio"

    def __init__(self, api: TwilioApi, from_number: Optional[str]) -> None:
        self.api, self.from_number = api, from_number
        super().__init__()

    @staticmethod
    def is_whatsapp(recipient_id: Text) -> bool:
        return str(recipient_id).startswith("whatsapp:")

    def _sender(self, recipient_id: Text) -> Optional[str]:
        sender = self.from_number
        if sender and self.is_whatsapp(recipient_id) and not sender.startswith("whatsapp:"):
            sender = f"whatsapp:{sender}"
        return sender

    async def _send_text(self, recipient_id: Text, text: Text) -> None:
        text = whatsapp(text) if self.is_whatsapp(recipient_id) else plain(text)
        for chunk in split_text(text, SMS_LIMIT):
            await self.api.send(to=recipient_id, from_=self._sender(recipient_id), body=chunk)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self._send_text(recipient_id, text)

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        links = [b for b in buttons if b.get("url")]
        options = [b for b in buttons if not b.get("url")]
        if links:
            text = text.rstrip() + "\n" + "\n".join(f"{b.get('title')}: {b['url']}" for b in links)
        await self._send_text(recipient_id, numbered(text, options) if options else text)

    async def send_quick_replies(
        self, recipient_id: Text, text: Text, quick_replies: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        if self.is_whatsapp(recipient_id):
            await self.api.send(to=recipient_id, from_=self._sender(recipient_id), media_url=[image])
        else:  # SMS: the answer's text already summarises the chart; add where to see it
            await self.api.send(to=recipient_id, from_=self._sender(recipient_id), body=f"Chart: {image}")

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        message = dict(json_message)
        message.setdefault("to", recipient_id)
        if not message.get("messaging_service_sid"):
            message.setdefault("from_", self._sender(recipient_id))
        await self.api.send(**message)


class Form(dict):
    """Posted parameters in order, several values per name allowed; ``get`` gives the first and
    ``getlist`` (what Twilio's ``RequestValidator`` reads) all of them."""

    def __init__(self, pairs: List[Tuple[str, str]]) -> None:
        super().__init__()
        for key, value in pairs:
            self.setdefault(key, []).append(value)

    def get(self, key: str, default: Any = None) -> Any:
        values = super().get(key)
        return values[0] if values else default

    def getlist(self, key: str) -> List[str]:
        return list(super().get(key) or [])


class TwilioInput(RasaTwilioInput):
    """Twilio input channel (SMS and WhatsApp senders): ``/webhooks/twilio/webhook``."""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            credentials.get("account_sid"),
            credentials.get("auth_token"),
            credentials.get("twilio_number"),
            credentials.get("webhook_url"),
            credentials.get("api_url") or DEFAULT_API_URL,
        )

    def __init__(
        self,
        account_sid: Optional[Text],
        auth_token: Optional[Text],
        twilio_number: Optional[Text],
        webhook_url: Optional[Text] = None,
        api_url: str = DEFAULT_API_URL,
    ) -> None:
        super().__init__(account_sid, auth_token, twilio_number, debug_mode=False)
        self.webhook_url = webhook_url or None
        self.validator = RequestValidator(auth_token or "")
        self.api = TwilioApi(account_sid or "", auth_token or "", api_url)

    def get_output_channel(self, from_number: Optional[str] = None) -> OutputChannel:
        return TwilioOutput(self.api, from_number or self.twilio_number)

    @staticmethod
    def form(request: Request) -> "Form":
        """Every parameter Twilio posted, blank ones included (Twilio signs ``FromCity=`` and the
        other empty fields too; Sanic's ``request.form`` drops them)."""
        return Form(parse_qsl((request.body or b"").decode("utf-8", "replace"), keep_blank_values=True))

    def signature_valid(self, request: Request, form: "Form") -> bool:
        signature = request.headers.get(SIGNATURE_HEADER)
        return bool(signature) and self.validator.validate(self.webhook_url or request.url, form, signature)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = screening = Screening(on_new_message)
        twilio_webhook = screening.attach(Blueprint("twilio_webhook", __name__))

        @twilio_webhook.listener("after_server_stop")
        async def close_client(app, loop) -> None:
            await self.api.close()

        @twilio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @twilio_webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            form = self.form(request)
            if not self.signature_valid(request, form):
                return reject("Twilio", request, f"missing or wrong {SIGNATURE_HEADER}")
            sender, text = form.get("From"), form.get("Body") or ""
            if not text.strip() and (form.get("NumMedia") not in (None, "", "0") or form.get("Latitude")):
                text = NON_TEXT  # a photo, voice note or location (MMS / WhatsApp) without words
            if not sender:
                return response.text(EMPTY_TWIML, content_type="text/xml")
            text = text.replace("¡", "@")  # some carriers turn @ into ¡
            choice = match_option(text, await last_offered_buttons(request, sender))
            out_channel = self.get_output_channel(form.get("To"))
            try:
                await on_new_message(UserMessage(choice or text, out_channel, sender, input_channel=self.name()))
            except Exception as exc:  # noqa: BLE001
                logger.error("Twilio: could not handle a message: %s", exc)
                logger.debug(exc, exc_info=True)
            return response.text(EMPTY_TWIML, content_type="text/xml")

        return twilio_webhook
