"""The events read back into one shape, from either profile's store: the SQLite file of the
default profile (``events.db``) or production's PostgreSQL database, both Rasa's SQL event broker
table ``events`` (id, sender_id, data as JSON; analytics/store.py writes it).

A conversation is one Rasa session of one visitor (a new one starts after the domain's
``session_expiration_time`` of silence); each of its messages keeps what the report needs: the
text (already redacted: the gateway screens every message before Rasa sees it), the intent, the
channel, the responses that answered it, the states its answer was about, and whether it
started the fit quiz. Only SQLAlchemy is imported, so ``make report`` starts fast.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional

import sqlalchemy as sa

QUIZ_FORM = "fit_quiz_form"
# The states a message was about: the ``state`` slot its turn set (the actions set it to every state
# a question names, and the state form to the one given), and the states a comparison compared
# (the ``compared`` slot as the comparison sets it; other actions keep the last two states there).
STATE_SLOT, COMPARED_SLOT, COMPARISON = "state", "compared", "action_compare_states"
EVENTS = sa.table("events", sa.column("id"), sa.column("sender_id"), sa.column("data"))


class EventsError(Exception):
    """The events cannot be read; the message says why, for people."""


@dataclass
class Message:
    text: str
    intent: str
    channel: str
    at: float  # Unix time
    replies: List[str] = field(default_factory=list)  # the responses (utter_…) that answered it
    states: List[str] = field(default_factory=list)
    started_quiz: bool = False


@dataclass
class Conversation:
    sender_id: str
    messages: List[Message] = field(default_factory=list)


def _engine(location: str) -> sa.engine.Engine:
    if "://" in location:
        return sa.create_engine(location)
    path = Path(location)
    if not path.is_file():
        raise EventsError(
            f"{location}: no such file. The Rasa server writes it (endpoints.yml, event_broker) "
            f"from its first conversation on; for production give the PostgreSQL database, e.g. "
            f"EVENTS_DB=postgresql://postgres@127.0.0.1:5432/career_assistant_analytics"
        )
    return sa.create_engine(f"sqlite:///{path.resolve()}")


def read(location: str, since: float, until: float) -> List[Dict[str, Any]]:
    """The events with since <= timestamp < until, in the order they were stored."""
    try:
        engine = _engine(location)
    except (sa.exc.ArgumentError, ImportError) as error:
        raise EventsError(f"{location}: not a database URL or SQLite file ({error})") from None
    events = []
    try:
        with engine.connect() as connection:
            rows = connection.execution_options(stream_results=True).execute(
                sa.select(EVENTS.c.sender_id, EVENTS.c.data).order_by(EVENTS.c.id)
            )
            for sender_id, data in rows:
                event = json.loads(data)
                if isinstance(event.get("timestamp"), (int, float)) and since <= event["timestamp"] < until:
                    event["sender_id"] = sender_id
                    events.append(event)
    except sa.exc.SQLAlchemyError as error:
        reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
        raise EventsError(
            f"cannot read events from {engine.url.render_as_string(hide_password=True)}: {reason}"
        ) from None
    finally:
        engine.dispose()
    return events


def conversations(events: Iterable[Dict[str, Any]]) -> List[Conversation]:
    """Group events into conversations and their messages. A message taken back by Rasa (the
    two-stage fallback replaces a clarified message: ``rewind``) is not counted."""
    by_sender: Dict[str, List[Dict[str, Any]]] = defaultdict(list)
    for event in events:
        by_sender[event.get("sender_id") or ""].append(event)
    found: List[Conversation] = []
    for sender_id, stream in by_sender.items():
        stream.sort(key=lambda event: event["timestamp"])  # stable: stored order breaks ties
        current: Optional[Conversation] = None
        last: Optional[Message] = None  # the message being answered
        acting = ""  # the action whose events follow
        for event in stream:
            kind, name = event.get("event"), event.get("name")
            if kind == "session_started":
                current, last = None, None  # the slots a new session carries over belong to no message
            elif kind == "action" and name == "action_session_start":
                last = None
            elif kind == "user":
                if current is None:
                    current = Conversation(sender_id)
                    found.append(current)
                intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
                last = Message(
                    text=event.get("text") or "",
                    intent=intent or "",
                    at=event["timestamp"],
                    channel=event.get("input_channel") or "unknown",
                )
                current.messages.append(last)
            elif kind == "rewind":
                if current is not None and current.messages:
                    current.messages.pop()
                last = None
            elif last is None:
                continue
            elif kind == "action":
                acting = name or ""
            elif kind == "bot":
                last.replies.append((event.get("metadata") or {}).get("utter_action") or "")
            elif kind == "slot" and (name == STATE_SLOT or (name == COMPARED_SLOT and acting == COMPARISON)):
                value = event.get("value")
                for state in value if isinstance(value, list) else [value]:
                    if isinstance(state, str) and state not in last.states:
                        last.states.append(state)
            elif kind == "active_loop" and name == QUIZ_FORM:
                last.started_quiz = True
    return [conversation for conversation in found if conversation.messages]
