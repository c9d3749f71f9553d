"""Telegram: Rasa's connector, fixed for a real ``rasa run`` and rendered natively.

Rasa 3.6.21's ``TelegramInput.get_output_channel`` calls ``asyncio.run(set_webhook(...))`` while
the blueprint is built, before the server's event loop exists. aiogram's bot keeps the aiohttp
session of that throwaway loop, so the first real update fails with "Event loop is closed" (500).
Here the bot is created without any network call, its session is opened lazily on the running
loop, and the webhook is registered by an ``after_server_start`` listener on that same loop.

Also: the secret-token header (``X-Telegram-Bot-Api-Secret-Token``) is checked when configured;
answers use HTML parse mode, are split at 4,096 characters, and carry inline keyboards whose
``callback_data`` stays within Telegram's 64-byte limit (longer payloads get a short key).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import OrderedDict
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from aiogram import Bot
from aiogram.bot.api import TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput as RasaTelegramInput
from rasa.core.channels.telegram import TelegramOutput as RasaTelegramOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from gateway.channels.common import NON_TEXT, reject, same_secret
from gateway.channels.render import TELEGRAM_TEXT_LIMIT, split_text, telegram_html
from gateway.channels.screening import Screening

logger = logging.getLogger("gateway.channels.telegram")

DEFAULT_API_URL = "https://api.telegram.org"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
CALLBACK_DATA_LIMIT = 64  # bytes
ALLOWED_UPDATES = ["message", "callback_query"]
# What a message can carry instead of text (Telegram Bot API, "Message").
NON_TEXT_KINDS = (
    "photo",
    "sticker",
    "voice",
    "audio",
    "video",
    "video_note",
    "animation",
    "document",
    "location",
    "venue",
    "contact",
    "poll",
    "dice",
)

# Payloads too long for callback_data, by short key. Bounded; a key that fell out (or predates a
# restart) is answered from the tapped button's title, which Telegram sends back with the tap.
_LONG_PAYLOADS: "OrderedDict[str, str]" = OrderedDict()
_LONG_PAYLOADS_MAX = 10_000


def callback_data(payload: str) -> str:
    """``payload`` itself when it fits in 64 bytes, else a short stable key for it ("~" + hash)."""
    if len(payload.encode("utf-8")) <= CALLBACK_DATA_LIMIT and not payload.startswith("~"):
        return payload
    key = "~" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]
    _LONG_PAYLOADS[key] = payload
    _LONG_PAYLOADS.move_to_end(key)
    while len(_LONG_PAYLOADS) > _LONG_PAYLOADS_MAX:
        _LONG_PAYLOADS.popitem(last=False)
    return key


def payload_of(data: str, message: Optional[Dict[str, Any]] = None) -> Optional[str]:
    """The payload a tapped button stands for (see ``callback_data``)."""
    if not data.startswith("~"):
        return data
    if data in _LONG_PAYLOADS:
        return _LONG_PAYLOADS[data]
    keyboard = ((message or {}).get("reply_markup") or {}).get("inline_keyboard") or []
    for row in keyboard:
        for button in row:
            if button.get("callback_data") == data:
                return button.get("text")  # read as text by NLU
    return None


def keyboard(buttons: List[Dict[str, Any]]) -> InlineKeyboardMarkup:
    """An inline keyboard: two buttons a row when the titles are short, else one."""
    markup = InlineKeyboardMarkup()
    per_row = 2 if all(len(str(b.get("title", ""))) <= 20 for b in buttons) else 1
    row: List[InlineKeyboardButton] = []
    for button in buttons:
        title = str(button.get("title") or button.get("payload") or "")
        url = button.get("url")
        if url:
            row.append(InlineKeyboardButton(title, url=url))
        else:
            row.append(InlineKeyboardButton(title, callback_data=callback_data(str(button.get("payload", title)))))
        if len(row) == per_row:
            markup.row(*row)
            row = []
    if row:
        markup.row(*row)
    return markup


class TelegramOutput(RasaTelegramOutput):
    """Rasa's Telegram output with native rendering; no network call when created."""

    def __init__(self, access_token: Optional[Text], api_url: str = DEFAULT_API_URL) -> None:
        Bot.__init__(self, access_token, server=TelegramAPIServer.from_base(api_url))

    async def _send_chunks(self, recipient_id: Text, text: Text, markup=None) -> None:
        chunks = split_text(text, TELEGRAM_TEXT_LIMIT) or [" "]
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            await self.send_message(
                recipient_id,
                telegram_html(chunk),
                parse_mode="HTML",
                disable_web_page_preview=True,
                reply_markup=markup if last else None,
            )

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self._send_chunks(recipient_id, text)

    async def send_text_with_buttons(
        self,
        recipient_id: Text,
        text: Text,
        buttons: List[Dict[Text, Any]],
        button_type: Optional[Text] = "inline",
        **kwargs: Any,
    ) -> None:
        await self._send_chunks(recipient_id, text, keyboard(buttons))

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        try:
            await self.send_photo(recipient_id, image)
        except Exception as exc:  # noqa: BLE001 - e.g. Telegram cannot fetch the URL
            logger.warning("Telegram: sendPhoto failed (%s); sending the link instead", exc)
            await self.send_message(recipient_id, image, disable_web_page_preview=False)


class TelegramInput(RasaTelegramInput):
    """Telegram input channel: ``/webhooks/telegram/webhook``."""

    @classmethod
    def name(cls) -> Text:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            credentials.get("access_token"),
            credentials.get("webhook_url"),
            credentials.get("secret_token"),
            credentials.get("api_url") or DEFAULT_API_URL,
        )

    def __init__(
        self,
        access_token: Optional[Text],
        webhook_url: Optional[Text] = None,
        secret_token: Optional[Text] = None,
        api_url: str = DEFAULT_API_URL,
    ) -> None:
        super().__init__(access_token, None, webhook_url, debug_mode=False)
        self.secret_token = secret_token or None
        self.api_url = api_url
        self._output: Optional[TelegramOutput] = None

    def get_output_channel(self) -> TelegramOutput:
        """One bot per server (its aiohttp session opens on first use, on the running loop)."""
        if self._output is None:
            self._output = TelegramOutput(self.access_token, self.api_url)
        return self._output

    async def register_webhook(self) -> None:
        """setWebhook with the secret token, on the server's loop; a failure is logged, not fatal."""
        payload = {"url": self.webhook_url, "allowed_updates": json.dumps(ALLOWED_UPDATES)}
        if self.secret_token:
            payload["secret_token"] = self.secret_token
        try:
            await self.get_output_channel().request("setWebhook", payload)
            logger.info("Telegram: webhook registered at %s", self.webhook_url)
        except Exception as exc:  # noqa: BLE001
            logger.error("Telegram: could not register the webhook %s: %s", self.webhook_url, exc)

    @staticmethod
    def _text_of_message(message: Dict[str, Any]) -> Optional[str]:
        text = message.get("text")
        if isinstance(text, str):
            text = re.sub(r"^(/\w+)@\w+", r"\1", text.strip())  # "/help@SomeBot" -> "/help"
            if re.match(r"/start\b", text):
                return "/greet"
            return text
        caption = message.get("caption")
        if isinstance(caption, str) and caption.strip():
            return caption  # a photo or file sent with words: the words are the question
        if any(kind in message for kind in NON_TEXT_KINDS):
            return NON_TEXT
        return None  # service messages (members joining, pinned messages...): nothing to answer

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = screening = Screening(on_new_message)
        telegram_webhook = screening.attach(Blueprint("telegram_webhook", __name__))

        @telegram_webhook.listener("after_server_start")
        async def set_webhook(app, loop) -> None:
            if self.webhook_url:
                await self.register_webhook()

        @telegram_webhook.listener("after_server_stop")
        async def close_session(app, loop) -> None:
            if self._output is not None and self._output._session is not None:
                await self._output._session.close()

        @telegram_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @telegram_webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            if self.secret_token and not same_secret(request.headers.get(SECRET_HEADER), self.secret_token):
                return reject("Telegram", request, f"missing or wrong {SECRET_HEADER}")
            update = request.json
            if not isinstance(update, dict):
                return response.text("expected a Telegram update (JSON object)", status=400)
            out_channel = self.get_output_channel()
            callback = update.get("callback_query")
            if isinstance(callback, dict):
                msg = callback.get("message") or {}
                text = payload_of(str(callback.get("data") or ""), msg)
                chat_id = (msg.get("chat") or {}).get("id") or (callback.get("from") or {}).get("id")
                try:
                    await out_channel.answer_callback_query(callback.get("id"))
                except Exception as exc:  # noqa: BLE001 - only the button's spinner
                    logger.debug("Telegram: answerCallbackQuery failed: %s", exc)
            else:
                msg = update.get("message")
                if not isinstance(msg, dict):
                    return response.text("success")  # edits, channel posts...: nothing to answer
                text = self._text_of_message(msg)
                chat_id = (msg.get("chat") or {}).get("id")
            if text is None or chat_id is None:
                return response.text("success")
            try:
                await on_new_message(
                    UserMessage(
                        text, out_channel, str(chat_id), input_channel=self.name(), metadata=self.get_metadata(request)
                    )
                )
            except Exception as exc:  # noqa: BLE001 - a 5xx makes Telegram resend the update forever
                logger.error("Telegram: could not handle an update for chat %s: %s", chat_id, exc)
                logger.debug(exc, exc_info=True)
            return response.text("success")

        return telegram_webhook
