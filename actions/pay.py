"""Pay: national figures, pay in a state, the highest-paying states, and asking for "my state"."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.base import (
    MAX_FOLLOWUP_WORDS,
    MY_STATE,
    TopicAction,
    ask_which_place,
    asks_for_figures,
    entity_values,
    mentioned_places,
)
from actions.career import CareerData, load, source, state_pay
from actions.formatting import buttons, guide_source, money, source_line
from actions.places import NATIONAL, Place

MAX_PLACES_PER_ANSWER = 5
# the visitor's state: "there", and what "I" would make ("how much could i make" after "i live in ohio")
REFERS_TO_STATE = (
    MY_STATE + r"|\b(there|here|in it|their)\b|"
    r"\b(would|could|can|will|might|do) i (make|earn|get paid|expect)\b"
)
BOTH = r"\b(both|each|them|they|the two|those two|these two)\b"
NATIONAL_ASKED = r"\bnational(ly)?\b|\bnationwide\b|\bthe (nation|country|us)\b|\bus (average|median)\b"


def utter_national(dispatcher: CollectingDispatcher, data: CareerData) -> None:
    nat = data.pay.national
    dispatcher.utter_message(
        response="utter_national_pay",
        median=money(nat.median_annual),
        hourly=money(nat.median_hourly),
        top_10=money(nat.top_10_percent_annual),
        p25=money(nat.percentile_25_annual),
        p75=money(nat.percentile_75_annual),
        source=source_line(source(nat.source)),
        buttons=buttons(
            ("Pay in my state", "/ask_salary_my_state"), ("Highest-paying states", "/ask_highest_paying_states")
        ),
    )


def utter_state(dispatcher: CollectingDispatcher, state: str) -> None:
    pay = state_pay(state)
    dispatcher.utter_message(
        response="utter_state_pay",
        state=pay.state,
        median=money(pay.median_annual),
        top_10=money(pay.top_10_percent_annual),
        source=source_line(pay.source),
    )


def utter_state_pay(dispatcher: CollectingDispatcher, data: CareerData, state: str, measure: str) -> None:
    """A state's pay answer; for a figure the state table lacks ("hourly pay in new york"), says so."""
    if measure in ("median", "top_10"):
        utter_state(dispatcher, state)
    else:
        utter_state_figure(dispatcher, data, state, measure)


def utter_no_data(dispatcher: CollectingDispatcher, data: CareerData, place: str) -> None:
    nat = data.pay.national
    dispatcher.utter_message(
        response="utter_no_data_place",
        place=place,
        national_median=money(nat.median_annual),
        source=source_line(source(nat.source)),
        buttons=buttons(("National pay", "/ask_salary"), ("Pay in a state", "/ask_salary_my_state")),
    )


# "how do the top earners get there", "how do i become a top earner": what the guide says of them
TOP_EARNERS_PATH = re.compile(
    r"\bhow (do|does|did|can|could|would) (the |those )?(top earners?|they|people)\b"
    r".{0,25}\b(get (there|to the top|into the top|that high)|reach (it|that|the top)|become (a )?top earners?|"
    r"earn (that|the most|the top))|\bhow (do i|to|can i) (become|be) (a |one of the )?top earners?\b",
    re.I,
)


def tell_top_earners_path(dispatcher, tracker: Tracker, data) -> bool:
    """The guide's note on top earners, when that is what is asked (True: answered)."""
    if not TOP_EARNERS_PATH.search(tracker.latest_message.get("text") or ""):
        return False
    dispatcher.utter_message(response="utter_top_earners", note=data.pay.top_earners_note, source=guide_source())
    return True


class ActionPay(TopicAction):
    """Pay for the places named; else the remembered state (unless national pay was asked);
    else national. Every state named with data becomes the remembered state."""

    action_name = "action_pay"
    gives_figures = True
    topic = "pay"

    def _figures_asked(self, tracker, text):
        # "im in minnesota" answering "which state?": the pay question was the message before
        return answered_which_state(tracker) or super()._figures_asked(tracker, text)

    def answer(self, dispatcher, tracker, data):
        if tell_top_earners_path(dispatcher, tracker, data):
            return []
        named = mentioned_places(tracker)[:MAX_PLACES_PER_ANSWER]
        from actions.compare import ActionCompareStates, against_remembered  # compare imports this module

        if against_remembered(tracker, [p.name for p in named if p.has_data and len(named) == 1]):
            return ActionCompareStates().answer(dispatcher, tracker, data)  # "so mass pays more?"
        measure = asked_pay_measure(tracker)
        events = remembered_measure(tracker)
        answered = [place.name for place in named if place.has_data]
        for place in named:
            if place.national:
                utter_national(dispatcher, data)
            elif place.has_data:
                utter_state_pay(dispatcher, data, place.name, measure)
            else:
                utter_no_data(dispatcher, data, place.name)
        if named:
            return events + [SlotSet("state", answered[-1])] if answered else events
        both = compared_states(tracker)
        if both:  # "and the median?" after "ohio vs texas": the same figure for each of them
            for state in both:
                utter_state_pay(dispatcher, data, state, measure)
            return events
        remembered = tracker.get_slot("state")
        text = (tracker.latest_message.get("text") or "").lower()
        national_asked = (tracker.latest_message.get("intent") or {}).get("name") == "ask_salary"
        if (
            remembered
            and (not national_asked or re.search(REFERS_TO_STATE, text) or on_pay_follow_up(tracker))
            and not re.search(NATIONAL_ASKED, text)
        ):
            utter_state_pay(dispatcher, data, remembered, measure)
        else:
            utter_national(dispatcher, data)
        return events


def answered_which_state(tracker: Tracker) -> bool:
    """Whether this message answered the state form's question (the form set the state after it)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "slot" and event.get("name") == "state" and event.get("value"):
            return True
    return False


class ValidateStateForm(FormValidationAction):
    """Fills ``state`` with a canonical jurisdiction; a place without data is named, answered
    with the national figure, and the question asked again."""

    def name(self) -> Text:
        return "validate_state_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        if tracker.get_slot("requested_slot") is None and not asks_for_figures(tracker):
            # "do i have to pay a medical bill i never received": no state to ask for; the form ends
            # at once and action_pay, which follows it, declines the message
            return []
        return await super().required_slots(domain_slots, dispatcher, tracker, domain)

    async def extract_state(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") not in (None, "state"):
            return {}  # "i live in ohio, what would i make": the state comes with the question
        named = mentioned_places(tracker)
        known = next((p for p in named if p.has_data), None)
        if known:
            return {"state": known.name}
        if named and named[0].options:
            ask_which_place(dispatcher, named[0])
            return {"state": None}
        if named:
            data = load()
            if named[0].national:
                utter_national(dispatcher, data)
            else:
                utter_no_data(dispatcher, data, named[0].name)
            return {"state": None}
        return {}


class ActionPayFollowup(TopicAction):
    """ "Top 10% there?", "hourly?", "and the 25th percentile?": one figure for the places named
    in this turn, else the remembered state, else nationally. The guide's state table has only
    the median and top 10% annual pay: asked for another figure of a state, it says so and gives
    the state's median and the national figure instead (nothing is estimated)."""

    action_name = "action_pay_followup"
    gives_figures = True
    topic = "pay"

    def answer(self, dispatcher, tracker, data):
        if tell_top_earners_path(dispatcher, tracker, data):
            return []
        measure = asked_pay_measure(tracker)
        named = mentioned_places(tracker)[:MAX_PLACES_PER_ANSWER]
        remembered = tracker.get_slot("state")
        text = (tracker.latest_message.get("text") or "").lower()
        if not named:  # "and the top 10% for both", "top 10?" after "kansas or oklahoma"
            named = [Place(state, has_data=True) for state in compared_states(tracker)]
        national = Place(NATIONAL, False, True)
        if not named and re.search(NATIONAL_ASKED, text):  # "whats the national top 10%" after a state
            named = [national]
        targets = named or [Place(remembered, has_data=True) if remembered else national]
        answered = [place.name for place in targets if place.has_data]
        for place in targets:
            if place.national:
                utter_national_figure(dispatcher, data, measure)
            elif not place.has_data:
                utter_no_data(dispatcher, data, place.name)
            else:
                utter_state_figure(dispatcher, data, place.name, measure)
        events = remembered_measure(tracker)
        return events + [SlotSet("state", answered[-1])] if answered else events


def compared_states(tracker: Tracker) -> List[str]:
    """The states compared last, when a message that names none asks about "both", or is a short
    follow-up right after the comparison ("top 10?"); never when it asks for the national figure."""
    compared = tracker.get_slot("compared") or []
    text = (tracker.latest_message.get("text") or "").lower()
    if len(compared) < 2 or re.search(NATIONAL_ASKED, text):
        return []
    after_comparison = tracker.get_slot("topic") == "compare" and short_follow_up(tracker)
    return list(compared) if re.search(BOTH, text) or after_comparison else []


def utter_national_figure(dispatcher: CollectingDispatcher, data: CareerData, measure: str) -> None:
    nat = data.pay.national
    dispatcher.utter_message(
        response="utter_pay_figure",
        place="Nationally",
        label=PAY_LABELS[measure],
        figure=national_figure(data, measure),
        source=source_line(source(nat.source)),
    )


def national_figure(data: CareerData, measure: str) -> str:
    nat = data.pay.national
    if measure == "hourly":
        return money(nat.median_hourly) + " an hour"
    return (
        money(
            {
                "median": nat.median_annual,
                "top_10": nat.top_10_percent_annual,
                "p25": nat.percentile_25_annual,
                "p75": nat.percentile_75_annual,
            }[measure]
        )
        + " a year"
    )


def utter_state_figure(dispatcher: CollectingDispatcher, data: CareerData, state: str, measure: str) -> None:
    pay = state_pay(state)
    if measure == "median":
        dispatcher.utter_message(
            response="utter_pay_figure",
            place=f"In {state}",
            label=PAY_LABELS[measure],
            figure=money(pay.median_annual) + " a year",
            source=source_line(pay.source),
        )
        return
    if measure == "top_10":  # with the median, so the figure is never read as typical pay
        dispatcher.utter_message(
            response="utter_state_top_10",
            state=state,
            top_10=money(pay.top_10_percent_annual),
            median=money(pay.median_annual),
            source=source_line(pay.source),
        )
        return
    dispatcher.utter_message(
        response="utter_state_figure_not_in_guide",
        state=state,
        asked=MEASURE_NAMES[measure],
        median=money(pay.median_annual),
        top_10=money(pay.top_10_percent_annual),
        national_label=PAY_LABELS[measure],
        national=national_figure(data, measure),
        source=source_line(pay.source),
        national_source=source_line(source(data.pay.national.source)),
    )


PAY_LABELS = {
    "median": "the median pay is",
    "top_10": "the top 10% earn",
    "hourly": "the median hourly pay is",
    "p25": "the 25th percentile is",
    "p75": "the 75th percentile is",
}
MEASURE_NAMES = {"hourly": "hourly pay", "p25": "a 25th percentile", "p75": "a 75th percentile"}


def asked_pay_measure(tracker: Tracker) -> str:
    """The pay figure the message asks for; a short follow-up that names none ("and nyc?") asks
    for the one asked last (the ``pay_measure`` slot); otherwise the median."""
    return (
        named_pay_measure(tracker)
        or (tracker.get_slot("pay_measure") if short_follow_up(tracker) else None)
        or "median"
    )


def remembered_measure(tracker: Tracker) -> List[Dict[Text, Any]]:
    """Remember the figure this message asked for, so "and ohio?" asks for the same one."""
    measure = named_pay_measure(tracker)
    return [SlotSet("pay_measure", measure)] if measure else []


# "top end?", "The best people earn how much?" while on a state's pay: still that state
PAY_FOLLOW_UP_WORDS = 8


def on_pay_follow_up(tracker: Tracker) -> bool:
    words = re.findall(r"[a-z0-9]+", (tracker.latest_message.get("text") or "").lower())
    return tracker.get_slot("topic") in ("pay", "compare") and len(words) <= PAY_FOLLOW_UP_WORDS


def short_follow_up(tracker: Tracker) -> bool:
    text = tracker.latest_message.get("text") or ""
    return len(re.findall(r"[a-z0-9]+", text.lower())) <= MAX_FOLLOWUP_WORDS


TOP_10 = (
    r"\btop\s*(10|ten)\b|\btop (earn\w*|ppl|people|folks|end|tier|bracket|pay|paid)\b|\btop %|\btop\W*$|"
    r"\b(highest|best|top)[- ]?(paid )?earn\w*|\b90th\b"
)


def named_pay_measure(tracker: Tracker) -> Optional[str]:
    values = [v for v in entity_values(tracker, "pay_measure") if v in PAY_LABELS]
    text = (tracker.latest_message.get("text") or "").lower()
    if "hourly" in values or (values == ["median"] and re.search(r"\bhourly\b|\bper (hour|hr)\b|\ban hour\b", text)):
        return "hourly"  # "median hourly" is the hourly figure
    if values:
        return values[0]
    if re.search(r"\b(25(th)?|twenty[ -]?fifth)\b|bottom quarter|lower quartile", text):
        return "p25"
    if re.search(r"\b(75(th)?|seventy[ -]?fifth)\b|upper quartile", text):
        return "p75"
    if "hour" in text or "hrly" in text or re.search(r"\b(hr|/hr|per hr)\b", text):
        return "hourly"
    if re.search(TOP_10, text):
        return "top_10"
    if re.search(r"\b(median|typical|average|avg|middle)\b", text):
        return "median"
    return None
