"""The messaging platforms the Rasa server connects to, from environment variables.

``credentials.yml`` keeps the channels that need no secrets (rest, socketio: always on). Only the
project's connectors are served (a built-in name such as ``rest`` means the project's connector of
that name): each screens every message before Rasa sees it (gateway/channels/screening.py). Each
platform below is added when its required variables are set, and logged in one line either way:
"Telegram: enabled at /webhooks/telegram/webhook" or "Telegram: not enabled (set TELEGRAM_TOKEN)".
A platform with only some of its required variables is not enabled, and the line names the
missing ones. ``python -m gateway run`` gives Rasa a credentials file rendered from both (Rasa's
supported way to configure channels); secrets stay in the environment: the file names them as
``${VARIABLE}``, which Rasa's YAML reader fills in.
"""

from __future__ import annotations

import importlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Tuple

import yaml

logger = logging.getLogger("gateway.credentials")


@dataclass(frozen=True)
class Platform:
    label: str
    channel: str  # module path of the input channel class
    required: Tuple[str, ...]
    credentials: Callable[[Mapping[str, str]], Dict[str, Any]]
    webhook: str  # path on the Rasa server
    secrets: Tuple[Tuple[str, str], ...]  # (credential key, environment variable): never written to disk


DEFAULT_CREDENTIALS_FILE = "credentials.yml"  # Rasa's default
# On whatever the credentials file says (the file's own settings win when it names them).
ALWAYS_ON = {
    "gateway.channels.rest.RestChannel": {},
    "gateway.channels.socketio.SocketIOChannel": {
        "user_message_evt": "user_uttered",
        "bot_message_evt": "bot_uttered",
        "session_persistence": True,
    },
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
        (("access_token", "TELEGRAM_TOKEN"), ("secret_token", "TELEGRAM_SECRET_TOKEN")),
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
        (("slack_token", "SLACK_TOKEN"), ("slack_signing_secret", "SLACK_SIGNING_SECRET")),
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
        (
            ("page-access-token", "FACEBOOK_PAGE_ACCESS_TOKEN"),
            ("secret", "FACEBOOK_APP_SECRET"),
            ("verify", "FACEBOOK_VERIFY_TOKEN"),
        ),
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
        (("account_sid", "TWILIO_ACCOUNT_SID"), ("auth_token", "TWILIO_AUTH_TOKEN")),
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


def connectors() -> Dict[str, str]:
    """{channel name: this project's connector}: only these are served, because they screen every
    message (gateway/channels/screening.py); Rasa's built-in channel of the same name is replaced."""
    return {_channel_name(path): path for path in [*ALWAYS_ON, *(p.channel for p in PLATFORMS)]}


def _project_connector(path: str) -> str | None:
    """The project's connector for a channel as a credentials file or ``--connector`` names it."""
    if "." in path:
        return path
    project = connectors().get(path)
    if project is None:
        logger.warning("%s: not served (not one of this project's connectors, which screen personal data)", path)
    return project


def _channel_name(path: str) -> str:
    """The name a channel is served under ("telegram" for gateway.channels.telegram.TelegramInput)."""
    if "." not in path:
        return path  # one of Rasa's built-in channels, named as in a credentials file
    module, _, cls = path.rpartition(".")
    return getattr(importlib.import_module(module), cls).name()


def rendered(base: Mapping[str, Any], env: Mapping[str, str] | None = None) -> Dict[str, Any]:
    """The credentials Rasa is given: the file's channels, rest and socketio when the file lacks
    them, and every enabled platform (replacing a same-named channel of the file). A secret is
    written as ``${VARIABLE}``, which Rasa's YAML reader fills in from the environment, so the
    rendered file holds no secret."""
    env = os.environ if env is None else env
    platforms = platform_credentials(env)
    for platform in PLATFORMS:
        for key, variable in platform.secrets:
            if platform.channel in platforms and platforms[platform.channel].get(key) is not None:
                platforms[platform.channel][key] = "${" + variable + "}"
    taken = {_channel_name(path) for path in platforms}
    named = {_project_connector(path): settings for path, settings in (base or {}).items()}
    channels = {path: settings for path, settings in named.items() if path and _channel_name(path) not in taken}
    present = {_channel_name(path) for path in channels}
    channels.update({path: dict(s) for path, s in ALWAYS_ON.items() if _channel_name(path) not in present})
    channels.update(platforms)
    return channels


def render_into(args: List[str], directory: Path) -> List[str]:
    """``rasa run`` arguments with ``--credentials`` pointing at the rendered file in ``directory``
    (Rasa's default file, credentials.yml, when none is given). With ``--connector`` Rasa serves
    just that one channel, as documented: the project's connector of that name."""
    if args[:1] != ["run"]:
        return args
    args = [
        part
        for arg in args
        for part in (arg.split("=", 1) if arg.startswith(("--credentials=", "--connector=")) else [arg])
    ]
    if "--connector" in args:
        index = args.index("--connector") + 1
        if index < len(args):
            connector = _project_connector(args[index])
            if connector is None:
                raise SystemExit(
                    f"--connector {args[index]}: not one of this project's connectors: {sorted(connectors())}"
                )
            args[index] = connector
        return args
    if "--credentials" not in args:
        args += ["--credentials", DEFAULT_CREDENTIALS_FILE]
    index = args.index("--credentials") + 1
    base = Path(args[index])
    content = yaml.safe_load(base.read_text()) if base.is_file() else {}
    target = directory / "credentials.yml"
    target.write_text(yaml.safe_dump(rendered(content or {}), sort_keys=False))
    args[index] = str(target)
    return args
