"""What training costs, per program type."""
from __future__ import annotations

from actions.base import TopicAction, entity_values, mentioned_places
from actions.career import program, source
from actions.formatting import buttons, duration, money_range, source_line

# Words that point at one program type when NLU tagged none ("how much is an associate's?").
_KEYWORDS = {"associate": "associate", "degree": "associate", "certificate": "certificate",
             "diploma": "certificate"}


def _asked_program(tracker):
    for value in entity_values(tracker, "program"):
        if program(value):
            return program(value)
    text = (tracker.latest_message.get("text") or "").lower()
    keys = {key for word, key in _KEYWORDS.items() if word in text}
    return program(keys.pop()) if len(keys) == 1 else None


class ActionCosts(TopicAction):
    action_name = "action_costs"

    def answer(self, dispatcher, tracker, data):
        src = source_line(source(data.programs.source))
        place = next((p for p in mentioned_places(tracker) if not p.national), None)
        if place:  # costs are not broken down by place: say so rather than imply they are
            dispatcher.utter_message(response="utter_cost_not_by_place", place=place.name)
        asked = _asked_program(tracker)
        if asked:
            dispatcher.utter_message(response="utter_cost_program", program=asked.name,
                                     cost=money_range(asked.cost_usd), duration=duration(asked.duration),
                                     source=src)
            return []
        rows = "\n".join(f"• {p.name}: {money_range(p.cost_usd)}, typically {duration(p.duration)}"
                         for p in data.programs.types)
        dispatcher.utter_message(response="utter_costs", rows=rows, note=data.training.note, source=src,
                                 buttons=buttons(*((p.name, f'/ask_cost{{"program":"{p.key}"}}')
                                                   for p in data.programs.types)))
        return []
