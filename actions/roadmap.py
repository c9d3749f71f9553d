"""The roadmap: all steps, one step, and the two steps people ask about by topic."""

from __future__ import annotations

import re
from typing import Optional

from actions.base import TopicAction, entity_values, number_in
from actions.career import step
from actions.compare import ActionHighestPayingStates, ActionLowestPayingStates, asked_position
from actions.formatting import buttons, duration, guide_source

_ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "5th": 5,
    "sixth": 6,
    "seventh": 7,
    "last": None,
    "final": None,
}


def step_number(text: str, last: int) -> Optional[int]:
    """'3', 'step three', 'the third step', 'last step' -> a number (may be out of range)."""
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        if word in _ORDINALS:
            return _ORDINALS[word] or last
    return number_in(text)


WHICH_STEP = r"\b(which|what) step\b|\bat which\b|\bwhen do i\b"  # "which step is the certification one"
_COMMON = {"medical", "billing", "specialist", "school", "career"}


def step_about(text: str, roadmap):
    """The step whose title shares a word with the question ("which step is the certification
    one?" -> Get Certified), compared by their first six letters; None if no step or several do."""
    asked = {w[:6] for w in re.findall(r"[a-z]{5,}", text.lower()) if w not in _COMMON}
    found = [
        s for s in roadmap if asked & {w[:6] for w in re.findall(r"[a-z]{5,}", s.title.lower()) if w not in _COMMON}
    ]
    return found[0] if len(found) == 1 else None


def step_buttons(count: int):
    return buttons(*((f"Step {n}", f'/ask_step{{"step":"{n}"}}') for n in range(1, count + 1)))


class ActionRoadmap(TopicAction):
    action_name = "action_roadmap"

    def answer(self, dispatcher, tracker, data):
        steps = "\n".join(f"{s.number}. {s.title}" for s in data.roadmap)
        dispatcher.utter_message(
            response="utter_roadmap",
            source=guide_source(),
            count=len(data.roadmap),
            steps=steps,
            buttons=step_buttons(len(data.roadmap)),
        )


class ActionStep(TopicAction):
    action_name = "action_step"

    def run(self, dispatcher, tracker, domain):
        position = asked_position(tracker.latest_message.get("text") or "")
        if position:  # "second highest?" after a ranking: a place in it, not step 2
            ranking = ActionLowestPayingStates() if position[1] == "lowest" else ActionHighestPayingStates()
            return ranking.run(dispatcher, tracker, domain)
        return super().run(dispatcher, tracker, domain)

    def answer(self, dispatcher, tracker, data):
        wanted = " ".join(entity_values(tracker, "step")) or tracker.latest_message.get("text") or ""
        number = step_number(wanted, last=len(data.roadmap))
        about = step_about(wanted, data.roadmap) if re.search(WHICH_STEP, wanted.lower()) else None
        found = about or (step(number) if number is not None else step_about(wanted, data.roadmap))
        if found is None:
            steps = "\n".join(f"{s.number}. {s.title}" for s in data.roadmap)
            dispatcher.utter_message(
                response="utter_step_unknown",
                count=len(data.roadmap),
                steps=steps,
                buttons=step_buttons(len(data.roadmap)),
            )
            return []
        say_step(dispatcher, found, data)


def say_step(dispatcher, found, data) -> None:
    dispatcher.utter_message(
        response="utter_step",
        source=guide_source(),
        number=found.number,
        count=len(data.roadmap),
        title=found.title,
        details=step_details(found, data),
    )


def step_details(found, data) -> str:
    """A step's text; the certification step names the common certifications, as the guide does."""
    if "certif" not in found.title.lower():
        return found.details
    options = "\n".join(f"• {c.name} ({c.acronym}) – {c.body}" for c in data.certification.credentials)
    return f"{found.details}\nCommon options include:\n{options}"


class ActionEducation(TopicAction):
    """'Do I need a degree?': step 1, then the training options with their length (costs are the
    cost answer's: a question about education is not a question about money)."""

    action_name = "action_education"

    def answer(self, dispatcher, tracker, data):
        first = data.roadmap[0]
        options = "\n".join(f"• {p.name}: typically {duration(p.duration)}" for p in data.programs.types)
        dispatcher.utter_message(
            response="utter_education", source=guide_source(), title=first.title, details=first.details, options=options
        )


class ActionExperience(TopicAction):
    action_name = "action_experience"

    def answer(self, dispatcher, tracker, data):
        found = next(s for s in data.roadmap if "experience" in s.title.lower())
        say_step(dispatcher, found, data)
