"""Pay: national figures, pay in a state, the highest-paying states, and asking for "my state"."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.base import TopicAction, mentioned_places
from actions.career import CareerData, load, source, state_pay
from actions.formatting import buttons, join_names, money, source_line

MAX_PLACES_PER_ANSWER = 5


def utter_national(dispatcher: CollectingDispatcher, data: CareerData) -> None:
    nat = data.pay.national
    dispatcher.utter_message(
        response="utter_national_pay", median=money(nat.median_annual), hourly=money(nat.median_hourly),
        top_10=money(nat.top_10_percent_annual), p25=money(nat.percentile_25_annual),
        p75=money(nat.percentile_75_annual), source=source_line(source(nat.source)),
        buttons=buttons(("Pay in my state", "/ask_salary_my_state"),
                        ("Highest-paying states", "/ask_highest_paying_states")))


def utter_state(dispatcher: CollectingDispatcher, state: str) -> None:
    pay = state_pay(state)
    dispatcher.utter_message(response="utter_state_pay", state=pay.state, median=money(pay.median_annual),
                             top_10=money(pay.top_10_percent_annual), source=source_line(pay.source))


def utter_no_data(dispatcher: CollectingDispatcher, data: CareerData, place: str) -> None:
    nat = data.pay.national
    dispatcher.utter_message(response="utter_no_data_place", place=place,
                             national_median=money(nat.median_annual), source=source_line(source(nat.source)),
                             buttons=buttons(("National pay", "/ask_salary"),
                                             ("Pay in a state", "/ask_salary_my_state")))


class ActionPay(TopicAction):
    """Pay for the places named; else the remembered state (unless national pay was asked);
    else national. Every state named with data becomes the remembered state."""

    action_name = "action_pay"

    def answer(self, dispatcher, tracker, data):
        named = mentioned_places(tracker)[:MAX_PLACES_PER_ANSWER]
        events: List[Dict[Text, Any]] = []
        for place in named:
            if place.national:
                utter_national(dispatcher, data)
            elif place.has_data:
                utter_state(dispatcher, place.name)
                events = [SlotSet("state", place.name)]
            else:
                utter_no_data(dispatcher, data, place.name)
        if named:
            return events
        remembered = tracker.get_slot("state")
        if remembered and (tracker.latest_message.get("intent") or {}).get("name") != "ask_salary":
            utter_state(dispatcher, remembered)
        else:
            utter_national(dispatcher, data)
        return []


class ActionHighestPayingStates(TopicAction):
    action_name = "action_highest_paying_states"

    def answer(self, dispatcher, tracker, data):
        rows = data.pay.by_state.rows
        listed = join_names([f"{s} ({money(rows[s][0])} median)" for s in data.pay.highest_paying_states])
        dispatcher.utter_message(response="utter_highest_paying_states", states=listed,
                                 note=data.pay.top_earners_note,
                                 source=source_line(source(data.pay.by_state.source)))


class ValidateStateForm(FormValidationAction):
    """Fills ``state`` with a canonical jurisdiction; a place without data is named, answered
    with the national figure, and the question asked again."""

    def name(self) -> Text:
        return "validate_state_form"

    async def extract_state(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                            domain: DomainDict) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") != "state":
            return {}
        named = mentioned_places(tracker)
        known = next((p for p in named if p.has_data), None)
        if known:
            return {"state": known.name}
        if named:
            data = load()
            if named[0].national:
                utter_national(dispatcher, data)
            else:
                utter_no_data(dispatcher, data, named[0].name)
            return {"state": None}
        return {}
