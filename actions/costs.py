"""What training costs, per program type."""

from __future__ import annotations

import re

from rasa_sdk.events import SlotSet

from actions.base import TopicAction, entity_values, mentioned_places
from actions.career import payback_months, program, source, state_pay
from actions.formatting import buttons, duration, money, money_range, source_line
from actions.pay import utter_no_data

# Words that point at one program type when NLU tagged none ("how much is an associate's?").
_KEYWORDS = {"associate": "associate", "degree": "associate", "certificate": "certificate", "diploma": "certificate"}


_REFERS_BACK = re.compile(r"\b(that|it|this|that one|those|these)\b")


def asked_program(tracker):
    """The program type asked about: tagged, named by a keyword, or, when the message refers
    back ("how long does that take?"), the one discussed last (the ``program`` slot)."""
    for value in entity_values(tracker, "program"):
        if program(value):
            return program(value)
    text = (tracker.latest_message.get("text") or "").lower()
    keys = {key for word, key in _KEYWORDS.items() if word in text}
    if len(keys) == 1:
        return program(keys.pop())
    remembered = tracker.get_slot("program")
    return program(remembered) if remembered and not keys and _REFERS_BACK.search(text) else None


def remember(asked) -> list:
    return [SlotSet("program", asked.key)] if asked else []


def training_instead(dispatcher, tracker, domain, asked: str, unless: str):
    """The training answer's events when the message asks ``asked`` and not ``unless`` (a cost or
    payback question that is really about what training is), else None."""
    text = (tracker.latest_message.get("text") or "").lower()
    if not re.search(asked, text) or re.search(unless, text):
        return None
    from actions.training import ActionTraining  # imported here: training imports this module

    return ActionTraining().run(dispatcher, tracker, domain)


# A cost question is about training: "whats the cost of a real id in illinois" is not.
ABOUT_TRAINING = (
    r"\b(train\w*|programs?|courses?|class(es)?|school\w*|degrees?|associate'?s?|certificat\w*|"
    r"cert|certs|diploma|tuition|it|this|that|these|those|they|them|billing|billers?|become|becoming|started|"
    r"start(ing)?|study\w*|career|exams?|books?|supplies)\b"
)


# "what classes are in a billing program": what training teaches, not what it costs.
CONTENT_ASKED = r"\b(cover|covers|teach\w*|learn|classes|subjects?|topics?|curriculum|modules?)\b"
COST_ASKED = r"\b(cost\w*|price\w*|pay|much|tuition|fees?|expensive|cheap\w*|afford\w*|\$)"


class ActionCosts(TopicAction):
    action_name = "action_costs"
    gives_figures = True
    needs = rf"^(?=.*{ABOUT_TRAINING})(?=.*{COST_ASKED})"  # "what is a liberal arts degree" is neither
    topic = "costs"

    def run(self, dispatcher, tracker, domain):
        instead = training_instead(dispatcher, tracker, domain, CONTENT_ASKED, COST_ASKED)
        return super().run(dispatcher, tracker, domain) if instead is None else instead

    def answer(self, dispatcher, tracker, data):
        src = source_line(source(data.programs.source))
        place = next((p for p in mentioned_places(tracker) if not p.national), None)
        if place:  # costs are not broken down by place: say so rather than imply they are
            dispatcher.utter_message(response="utter_not_by_place", what="training costs", place=place.name)
        asked = asked_program(tracker)
        if asked:
            dispatcher.utter_message(
                response="utter_cost_program",
                program=asked.name,
                cost=money_range(asked.cost_usd),
                duration=duration(asked.duration),
                source=src,
            )
            return remember(asked)
        rows = "\n".join(
            f"• {p.name}: {money_range(p.cost_usd)}, typically {duration(p.duration)}" for p in data.programs.types
        )
        dispatcher.utter_message(
            response="utter_costs",
            rows=rows,
            note=data.training.note,
            source=src,
            buttons=buttons(*((p.name, f'/ask_cost{{"program":"{p.key}"}}') for p in data.programs.types)),
        )
        return []


class ActionComparePrograms(TopicAction):
    action_name = "action_compare_programs"
    gives_figures = True
    topic = "programs"

    def answer(self, dispatcher, tracker, data):
        rows = "\n".join(f"• {p.name}: {money_range(p.cost_usd)}, {duration(p.duration)}" for p in data.programs.types)
        dispatcher.utter_message(
            response="utter_compare_programs",
            rows=rows,
            note=data.training.note,
            source=source_line(source(data.programs.source)),
        )
        return []


PAYBACK_ASKED = (
    r"\bpay(s|ing)? ((it|that|this|the (loan|tuition|cost)) )?(back|off)\b|"
    r"\bpays? for (it|them)sel(f|ves)\b|payback|\bworth\b|\breturn\b|\broi\b|recoup|break[- ]?even|"
    r"\b(earn|make|get) (it |that |this |my money )?back\b|invest"
)
HOW_LONG = r"\bhow long\b|\bduration\b|\bhow many (months|years)\b"


class ActionPayback(TopicAction):
    """A clearly labelled rough payback estimate: program cost against months of median pay in
    the state named or remembered, else nationally."""

    action_name = "action_payback"
    gives_figures = True
    # "i'm paying off a medical bill at $25 a month" is not about training
    needs = ABOUT_TRAINING + r"|\bpayback\b|\b(money|investment) back\b"
    topic = "payback"

    def run(self, dispatcher, tracker, domain):  # "how long is an associate degree": its length
        instead = training_instead(dispatcher, tracker, domain, HOW_LONG, PAYBACK_ASKED)
        return super().run(dispatcher, tracker, domain) if instead is None else instead

    def answer(self, dispatcher, tracker, data):
        named = [p for p in mentioned_places(tracker) if not p.national]
        unknown = next((p for p in named if not p.has_data), None)
        if unknown:
            utter_no_data(dispatcher, data, unknown.name)
        state = next((p.name for p in named if p.has_data), None) or (None if unknown else tracker.get_slot("state"))
        if state:
            pay, where, src = state_pay(state).median_annual, f"{state}'s", source_line(state_pay(state).source)
        else:
            pay, where = data.pay.national.median_annual, "the national"
            src = source_line(source(data.pay.national.source))
        asked = asked_program(tracker)
        programs = [asked] if asked else data.programs.types
        rows = "\n".join(
            f"• {p.name} ({money_range(p.cost_usd)}): about {payback_months(p.cost_usd.min, pay):g}–"
            f"{payback_months(p.cost_usd.max, pay):g} months of median pay"
            for p in programs
        )
        dispatcher.utter_message(
            response="utter_payback",
            rows=rows,
            where=where,
            pay=money(pay),
            disclaimer=data.disclaimers.employment,
            source=src,
            cost_source=source_line(source(data.programs.source)),
        )
        return ([SlotSet("state", state)] if state else []) + remember(asked)
