"""Platform-neutral pieces of native rendering: size limits, markup, buttons as numbered options.

The domain's responses are plain text with light markdown at most (``**bold**``, ``[text](url)``)
and ``•`` bullets. Each platform gets the markup it renders (Telegram HTML, Slack mrkdwn, WhatsApp
``*bold*``) or none (SMS, Messenger), and answers over a platform's size limit are split at
paragraph, then line, then word boundaries.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any, Dict, List, Optional, Sequence

# Per-message limits, in characters.
TELEGRAM_TEXT_LIMIT = 4096
SLACK_SECTION_LIMIT = 3000
MESSENGER_TEXT_LIMIT = 2000
MESSENGER_QUICK_REPLIES = 13
MESSENGER_QUICK_REPLY_TITLE = 20
SMS_LIMIT = 1600

_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__", re.S)
_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")


def split_text(text: str, limit: int) -> List[str]:
    """``text`` in pieces of at most ``limit`` characters, cut at the widest boundary that fits."""
    text = text.strip()
    if len(text) <= limit:
        return [text] if text else []
    pieces: List[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut = -1
        for separator in ("\n\n", "\n", " "):
            cut = window.rfind(separator)
            if cut > 0:
                break
        if cut <= 0:
            cut = limit  # one unbroken word longer than the limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].strip()
    if rest:
        pieces.append(rest)
    return pieces


def plain(text: str) -> str:
    """No markup at all (SMS, Messenger): bold markers dropped, links as 'text (url)'."""
    text = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", text)
    return _BOLD.sub(lambda m: m.group(1) or m.group(2), text)


def telegram_html(text: str) -> str:
    """Telegram's HTML parse mode: everything escaped, bold and links as tags."""
    out, last = [], 0
    for match in re.finditer(f"{_BOLD.pattern}|{_LINK.pattern}", text, re.S):
        out.append(html.escape(text[last : match.start()], quote=False))
        bold, bold2, label, url = match.groups()
        if label is not None:
            out.append(f'<a href="{html.escape(url)}">{html.escape(label, quote=False)}</a>')
        else:
            out.append(f"<b>{html.escape(bold or bold2, quote=False)}</b>")
        last = match.end()
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


def slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_mrkdwn(text: str) -> str:
    """Slack mrkdwn: &, <, > escaped (so nothing becomes a mention or link by accident),
    bold as *bold*, links as <url|text>."""
    out, last = [], 0
    for match in re.finditer(f"{_BOLD.pattern}|{_LINK.pattern}", text, re.S):
        out.append(slack_escape(text[last : match.start()]))
        bold, bold2, label, url = match.groups()
        out.append(f"<{url}|{slack_escape(label)}>" if label is not None else f"*{slack_escape(bold or bold2)}*")
        last = match.end()
    out.append(slack_escape(text[last:]))
    return "".join(out)


def whatsapp(text: str) -> str:
    """WhatsApp renders *bold*; links stay as bare URLs."""
    text = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", text)
    return _BOLD.sub(lambda m: f"*{m.group(1) or m.group(2)}*", text)


def shorten(title: str, limit: int) -> str:
    """``title`` within ``limit`` characters, cut at a word with an ellipsis when it must be."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-") + "…"


# ---- numbered options (SMS / WhatsApp) ------------------------------------------------------------

OPTIONS_HINT = "Reply with a number or the words."


def numbered(text: str, buttons: Sequence[Dict[str, Any]]) -> str:
    """The text followed by its buttons as numbered options."""
    lines = [f"{n}. {b.get('title', '')}" for n, b in enumerate(buttons, start=1)]
    return f"{text.rstrip()}\n\n" + "\n".join(lines) + f"\n{OPTIONS_HINT}"


def _words(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).lower()
    return " ".join(re.findall(r"[a-z0-9%]+", text))


_NUMBER_REPLY = re.compile(r"\s*(?:option|number|no\.?|#)?\s*(\d{1,2})\s*[.)]?\s*", re.I)


def match_option(reply: str, buttons: Sequence[Dict[str, Any]]) -> Optional[str]:
    """The payload of the option ``reply`` picks: its number ("2", "2.", "option 2"), its exact
    words in any case and punctuation ("pay in my state"), or a part of its words that names just
    one option ("cmrs", "right for me"). Anything else is a new message, not a choice."""
    if not reply or not buttons:
        return None
    number = _NUMBER_REPLY.fullmatch(reply)
    if number:
        index = int(number.group(1))
        return buttons[index - 1].get("payload") if 1 <= index <= len(buttons) else None
    said = _words(reply)
    if not said:
        return None
    titles = [_words(str(b.get("title", ""))) for b in buttons]
    for button, title in zip(buttons, titles):
        if said == title:
            return button.get("payload")
    if len(said) >= 4:
        hits = [b for b, t in zip(buttons, titles) if re.search(rf"(?<![a-z0-9]){re.escape(said)}(?![a-z0-9])", t)]
        if len(hits) == 1:
            return hits[0].get("payload")
    return None
