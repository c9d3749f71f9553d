"""What every incoming message goes through before NLU, for every channel.

- Personal data is redacted (SSNs, card numbers, e-mail addresses, phone numbers, dates of birth,
  member/insurance IDs; ``gateway.personal_data``) from the text, from the entity values of
  "/intent{...}" payloads and from channel metadata, so the originals never reach NLU, the tracker
  store or the logs; the user is reminded not to share such information.
- Messages over MAX_MESSAGE_CHARS get a polite refusal; empty ones (or only punctuation, "???")
  get the help menu.
- "/intent" shortcuts are honoured only for the domain's own intents (the buttons use them);
  anything else that starts with "/" ("/restart", "/session_start") is read as plain text.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable, List

from gateway import personal_data

MAX_MESSAGE_CHARS = int(os.environ.get("MAX_MESSAGE_CHARS", "1000"))
# One neutral placeholder for every kind: "[social security number removed]" pulled the intent model
# towards government and banking questions ("my ssn is …, how much do billers make in ohio" was no
# longer a pay question); the kinds removed are in ``Screened.redacted``.
REDACTED = personal_data.REDACTED
# Control and format characters are dropped (terminal escapes, bidi overrides) except these:
# line breaks, tabs and the emoji joiners (a "🤷\u200d♀️" stays one emoji).
_KEPT_INVISIBLE = "\n\t\u200c\u200d"
_PAYLOAD = re.compile(r"/([\w-]+)(\{.*\})?$", re.S)


@dataclass
class Screened:
    text: str
    redacted: List[str] = field(default_factory=list)  # kinds of personal data removed
    too_long: bool = False
    empty: bool = False


def redact(text: str) -> Screened:
    text, kinds = personal_data.redact(text)
    return Screened(text=text, redacted=kinds)


def _redact_value(value: Any, kinds: List[str]) -> Any:
    """Every string inside a JSON-like value redacted; the kinds found are added to ``kinds``."""
    if isinstance(value, str):
        text, found = personal_data.redact(value)
        kinds.extend(kind for kind in found if kind not in kinds)
        return text
    if isinstance(value, dict):
        return {key: _redact_value(item, kinds) for key, item in value.items()}
    if isinstance(value, list):
        return [_redact_value(item, kinds) for item in value]
    return value


def _screen_payload(raw: str, match: re.Match) -> Screened:
    """'/intent{"entity": "value"}': the entity values are screened like text. A payload whose
    JSON does not parse is read as plain text (and screened as such)."""
    if not match.group(2):
        return Screened(text=raw)
    try:
        entities = json.loads(match.group(2))
    except ValueError:
        return redact(raw)
    kinds: List[str] = []
    entities = _redact_value(entities, kinds)
    if not kinds:
        return Screened(text=raw)
    return Screened(text=f"/{match.group(1)}{json.dumps(entities)}", redacted=kinds)


def screen(text: object) -> Screened:
    """The message as the rest of the server may see it (run when a channel creates it)."""
    raw = text if isinstance(text, str) else ""
    if len(raw) > MAX_MESSAGE_CHARS:
        return Screened(text="", too_long=True)
    raw = "".join(ch for ch in raw if ch.isprintable() or ch in _KEPT_INVISIBLE)
    if not raw.strip() or all(unicodedata.category(ch)[0] in "PZ" or ch.isspace() for ch in raw):
        return Screened(text="", empty=True)  # nothing, or only "???": the help menu
    match = _PAYLOAD.match(raw) if raw.startswith("/") else None
    if match:  # a button payload: checked against the domain later
        return _screen_payload(raw, match)
    return redact(raw)


def screen_metadata(metadata: Any) -> Any:
    """A channel's metadata (stored with the message) with every string in it redacted."""
    return _redact_value(metadata, []) if metadata else metadata


def payload_allowed(text: str, known_intents: Iterable[str]) -> str:
    """'/intent{...}' stays a shortcut only for the domain's own intents; otherwise it is text."""
    match = re.match(r"/([\w-]+)", text)
    if match and match.group(1) not in set(known_intents):
        return text.lstrip("/ ") or text
    return text
