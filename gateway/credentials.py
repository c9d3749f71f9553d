"""The messaging platforms the Rasa server connects to, from environment variables.

``credentials.yml`` keeps the channels that need no secrets (rest, socketio: always on). Each
platform below is added when its required variables are set, and logged in one line either way:
"Telegram: enabled at /webhooks/telegram/webhook" or "Telegram: not enabled (set TELEGRAM_TOKEN)".
A platform with only some of its required variables is not enabled, and the line names the
missing ones. Secrets live only in the environment; nothing here is written to disk.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Mapping, Tuple

logger = logging.getLogger("gateway.credentials")


@dataclass(frozen=True)
class Platform:
    label: str
    channel: str  # module path of the input channel class
    required: Tuple[str, ...]
    credentials: Callable[[Mapping[str, str]], Dict[str, Any]]
    webhook: str  # path on the Rasa server


# On whatever the credentials file says (the file's own settings win when it names them).
ALWAYS_ON = {
    "gateway.channels.rest.RestChannel": {},
    "socketio": {"user_message_evt": "user_uttered", "bot_message_evt": "bot_uttered", "session_persistence": True},
}


def _get(env: Mapping[str, str], name: str, default: str | None = None):
    value = (env.get(name) or "").strip()
    return value or default


PLATFORMS = (
    Platform(
        "Telegram",
        "gateway.channels.telegram.TelegramInput",
        ("TELEGRAM_TOKEN",),
        lambda env: {
            "access_token": _get(env, "TELEGRAM_TOKEN"),
            "webhook_url": _get(env, "TELEGRAM_WEBHOOK_URL"),
            "secret_token": _get(env, "TELEGRAM_SECRET_TOKEN"),
            "api_url": _get(env, "TELEGRAM_API_URL", "https://api.telegram.org"),
        },
        "/webhooks/telegram/webhook",
    ),
    Platform(
        "Slack",
        "gateway.channels.slack.SlackInput",
        ("SLACK_TOKEN", "SLACK_SIGNING_SECRET"),
        lambda env: {
            "slack_token": _get(env, "SLACK_TOKEN"),
            "slack_signing_secret": _get(env, "SLACK_SIGNING_SECRET"),
            "slack_channel": _get(env, "SLACK_CHANNEL"),
            "use_threads": _get(env, "SLACK_USE_THREADS", "").lower() in ("1", "true", "yes"),
            "api_url": _get(env, "SLACK_API_URL", "https://slack.com/api/"),
        },
        "/webhooks/slack/webhook",
    ),
    Platform(
        "Facebook Messenger",
        "gateway.channels.facebook.FacebookInput",
        ("FACEBOOK_PAGE_ACCESS_TOKEN", "FACEBOOK_APP_SECRET", "FACEBOOK_VERIFY_TOKEN"),
        lambda env: {
            "page-access-token": _get(env, "FACEBOOK_PAGE_ACCESS_TOKEN"),
            "secret": _get(env, "FACEBOOK_APP_SECRET"),
            "verify": _get(env, "FACEBOOK_VERIFY_TOKEN"),
            "api_url": _get(env, "FACEBOOK_API_URL", "https://graph.facebook.com"),
            "api_version": _get(env, "FACEBOOK_API_VERSION", "v21.0"),
        },
        "/webhooks/facebook/webhook",
    ),
    Platform(
        "Twilio (SMS/WhatsApp)",
        "gateway.channels.twilio.TwilioInput",
        ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"),
        lambda env: {
            "account_sid": _get(env, "TWILIO_ACCOUNT_SID"),
            "auth_token": _get(env, "TWILIO_AUTH_TOKEN"),
            "twilio_number": _get(env, "TWILIO_NUMBER"),
            "webhook_url": _get(env, "TWILIO_WEBHOOK_URL"),
            "api_url": _get(env, "TWILIO_API_URL", "https://api.twilio.com"),
        },
        "/webhooks/twilio/webhook",
    ),
)


def platform_credentials(env: Mapping[str, str] | None = None) -> Dict[str, Dict[str, Any]]:
    """{channel class path: credentials} for every platform whose required variables are set;
    one log line per platform."""
    env = os.environ if env is None else env
    enabled: Dict[str, Dict[str, Any]] = {}
    for platform in PLATFORMS:
        missing = [name for name in platform.required if not _get(env, name)]
        if not missing:
            enabled[platform.channel] = platform.credentials(env)
            logger.info("%s: enabled at %s", platform.label, platform.webhook)
        elif len(missing) == len(platform.required):
            logger.info("%s: not enabled (set %s)", platform.label, ", ".join(platform.required))
        else:
            logger.warning(
                "%s: not enabled, missing %s (the other variables are set)", platform.label, ", ".join(missing)
            )
    if "gateway.channels.telegram.TelegramInput" in enabled and not _get(env, "TELEGRAM_SECRET_TOKEN"):
        logger.warning("Telegram: TELEGRAM_SECRET_TOKEN is not set, so forged updates cannot be told apart")
    return enabled


def platform_channels(env: Mapping[str, str] | None = None) -> List[Any]:
    from rasa.core.run import _create_single_channel

    return [_create_single_channel(path, credentials) for path, credentials in platform_credentials(env).items()]


def install() -> None:
    """Make ``rasa run`` add the enabled platforms to the channels of its credentials file (a
    platform set in the environment replaces a same-named channel from the file), and rest and
    socketio when the file lacks them. With ``--connector`` Rasa serves just that one channel, as
    documented, and nothing is added."""
    import rasa.core.run as run

    original = run.create_http_input_channels
    if getattr(original, "_gateway", False):
        return

    def create_http_input_channels(channel, credentials_file):
        channels = original(channel, credentials_file)
        if channel:
            return channels
        from rasa.core.run import _create_single_channel

        present = {c.name() for c in channels}
        always = [
            c
            for c in (_create_single_channel(path, dict(settings)) for path, settings in ALWAYS_ON.items())
            if c.name() not in present
        ]
        extra = platform_channels()
        names = {c.name() for c in extra}
        return [c for c in channels + always if c.name() not in names] + extra

    create_http_input_channels._gateway = True
    run.create_http_input_channels = create_http_input_channels
