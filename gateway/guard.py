"""What every incoming message goes through before NLU, for every channel.

- Personal data is redacted (SSNs, card numbers, e-mail addresses, phone numbers, dates of birth,
  member/insurance IDs) so the originals never reach NLU, the tracker store or the logs; the user
  is reminded not to share such information.
- Messages over MAX_MESSAGE_CHARS get a polite refusal; empty ones get the help menu.
- "/intent" shortcuts are honoured only for the domain's own intents (the buttons use them);
  anything else that starts with "/" ("/restart", "/session_start") is read as plain text.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Iterable, List

MAX_MESSAGE_CHARS = int(os.environ.get("MAX_MESSAGE_CHARS", "1000"))
# One neutral placeholder for every kind: "[social security number removed]" pulled the intent model
# towards government and banking questions ("my ssn is …, how much do billers make in ohio" was no
# longer a pay question); the kinds removed are in ``Screened.redacted``.
REDACTED = "[removed]"

# Order matters: the more specific patterns run first so a card number is not read as a phone.
_PATTERNS = [
    ("email address", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("card number", re.compile(r"\b(?:\d[ -]?){13,19}\b")),
    ("social security number", re.compile(r"\b\d{3}[- .]?\d{2}[- .]?\d{4}\b")),
    ("date of birth", re.compile(
        r"\b(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2}|"
        r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4})\b", re.I)),
    ("phone number", re.compile(r"(?<![\w$])(?:\+?1[ .-]?)?\(?\d{3}\)?[ .-]?\d{3}[ .-]?\d{4}\b")),
    ("member ID", re.compile(
        r"\b(?:member|insurance|policy|subscriber|medicare|medicaid|group|patient|mrn|account)\s*"
        r"(?:id|number|no\.?|#)?\s*[:#]?\s*(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{4,}\b", re.I)),
    # (an ID has a digit: "insurance companies" and "patient billing" are the job's own words)
    ("member ID", re.compile(r"\b(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9]{2,4}-?[A-Z0-9]{5,}\b")),
]


@dataclass
class Screened:
    text: str
    redacted: List[str] = field(default_factory=list)  # kinds of personal data removed
    too_long: bool = False
    empty: bool = False


def redact(text: str) -> Screened:
    kinds: List[str] = []
    for kind, pattern in _PATTERNS:
        text, count = pattern.subn(REDACTED, text)
        if count and kind not in kinds:
            kinds.append(kind)
    return Screened(text=text, redacted=kinds)


def screen(text: object) -> Screened:
    """The message as the rest of the server may see it (run when a channel creates it)."""
    raw = text if isinstance(text, str) else ""
    if len(raw) > MAX_MESSAGE_CHARS:
        return Screened(text="", too_long=True)
    raw = "".join(ch for ch in raw if ch.isprintable() or ch in "\n\t")
    if not raw.strip():
        return Screened(text="", empty=True)
    if raw.startswith("/") and re.match(r"/[\w-]+(\{.*\})?$", raw, re.S):
        return Screened(text=raw)  # a button payload: structured, checked against the domain later
    return redact(raw)


def payload_allowed(text: str, known_intents: Iterable[str]) -> str:
    """'/intent{...}' stays a shortcut only for the domain's own intents; otherwise it is text."""
    match = re.match(r"/([\w-]+)", text)
    if match and match.group(1) not in set(known_intents):
        return text.lstrip("/ ") or text
    return text
