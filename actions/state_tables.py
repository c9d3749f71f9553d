"""Per-state tables beyond pay (``state_tables`` in the data file), all answered by one function.

A new state-level figure is the data file (the table: its columns, rows, source, and the
questions it answers as ``patterns``) and nothing else: ``state_table_in`` recognises the
question whatever NLU made of it, and ``answer_state_table`` answers it with one response.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk.events import SlotSet

from actions.base import mentioned_places
from actions.career import Column, ExtraStateTable, source
from actions.formatting import count, money, percent, source_line

FORMATS = {"usd": money, "count": count, "percent": percent}


def _value(column: Column, value: float) -> str:
    return f"{column.label} {FORMATS[column.unit](value)}"


def answer_state_table(dispatcher, tracker, table: ExtraStateTable) -> List[Dict[str, Any]]:
    """The table's figures for the states named (else the state discussed; else ask which)."""
    named = mentioned_places(tracker)
    for place in named:
        if not place.has_data and not place.national:
            dispatcher.utter_message(response="utter_state_table_no_place", subject=table.subject, place=place.name)
    states = [p.name for p in named if p.has_data] or [s for s in [tracker.get_slot("state")] if s]
    if not states:
        dispatcher.utter_message(response="utter_ask_state")
        return []
    for state in states:
        values = ", ".join(_value(c, v) for c, v in zip(table.columns, table.rows[state]))
        dispatcher.utter_message(
            response="utter_state_table",
            subject=table.subject,
            state=state,
            values=values,
            source=source_line(source(table.source)),
        )
    return [SlotSet("state", states[-1])]
