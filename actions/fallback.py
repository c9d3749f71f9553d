"""Two-stage fallback, first stage: "Did you mean…?" with the likeliest topics as buttons.

Rasa's TwoStageFallback calls ``action_default_ask_affirmation``; this replaces its single
"Did you mean 'ask_salary'?" with up to three readable topics. Saying "none of these" leads to a
rephrase request, and a second miss to the menu (``utter_default``)."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop
from rasa_sdk.executor import CollectingDispatcher

from actions.base import about_others, asked_state_table
from actions.career import gap_in
from actions.formatting import button

MAX_SUGGESTIONS = 3
TOPICS = {
    "ask_overview": "What the job is",
    "ask_duties": "Daily duties",
    "ask_roadmap": "The steps",
    "ask_step": "One step of the roadmap",
    "ask_education": "Do I need a degree?",
    "ask_experience": "Getting experience",
    "ask_training": "Training length and topics",
    "ask_certification": "Certifications",
    "ask_certification_required": "Is certification required?",
    "ask_certification_body": "Who awards a certification",
    "ask_cost": "Training costs",
    "ask_salary": "Pay",
    "ask_salary_my_state": "Pay in my state",
    "inform_state": "Pay in a state",
    "ask_pay_followup": "Pay (top 10%, hourly)",
    "ask_highest_paying_states": "Highest-paying states",
    "ask_lowest_paying_states": "Lowest-paying states",
    "ask_state_rank": "Where a state ranks",
    "ask_compare_states": "Compare states",
    "ask_compare_programs": "Certificate vs degree",
    "ask_payback": "Paying back the training",
    "ask_pay_chart": "Pay chart",
    "ask_outlook": "Job outlook",
    "ask_workplaces": "Where billers work",
    "ask_remote": "Remote work",
    "ask_skills": "Skills",
    "ask_fit": "Is it right for me?",
    "start_quiz": "The fit quiz",
    "ask_benefits": "Benefits",
    "ask_challenges": "Challenges",
    "ask_pros_cons": "Pros and cons",
    "help": "What you can ask",
}


class ActionAskAffirmation(Action):
    """Also answers a low-confidence message that asks about a known gap of the guide
    (``actions.not_in_guide``): "the guide doesn't say" is certain even when the topic is not."""

    def name(self) -> Text:
        return "action_default_ask_affirmation"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List:
        answered = self._answer(dispatcher, tracker, domain)
        if answered is not None:
            # answered at once: the "did you mean" loop ends here, or Rasa would undo this turn's
            # events (the state it set) when the next message is not a yes or no
            return answered + [ActiveLoop(None)]
        return self._did_you_mean(dispatcher, tracker)

    def _answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> Optional[List]:
        """The answer when the message is unclear to NLU but not to the actions, else None."""
        from actions.not_in_guide import ActionNotInGuide, misread_place_turn  # here: that module imports this one

        text = tracker.latest_message.get("text") or ""
        table = asked_state_table(text)
        if table:  # a per-state table of the data file
            from actions.state_tables import answer_state_table

            return answer_state_table(dispatcher, tracker, table)
        if gap_in(text):  # unsure of the topic, sure the guide lacks it
            return ActionNotInGuide().run(dispatcher, tracker, domain)
        action = misread_place_turn(tracker)  # "ok back to it, top 10% in rhode island"
        if action:
            return action.run(dispatcher, tracker, domain)
        if about_others(text):  # "what do electricians make"
            dispatcher.utter_message(response="utter_out_of_scope")
            return []
        return None

    def _did_you_mean(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> List:
        ranking = tracker.latest_message.get("intent_ranking") or []
        entities = {
            e["entity"]: e["value"]
            for e in tracker.latest_message.get("entities") or []
            if isinstance(e.get("value"), str)
        }
        suffix = json.dumps(entities) if entities else ""
        choices = [button(TOPICS[r["name"]], f"/{r['name']}{suffix}") for r in ranking if r.get("name") in TOPICS][
            :MAX_SUGGESTIONS
        ]
        choices.append(button("Something else", "/deny"))
        dispatcher.utter_message(response="utter_did_you_mean", buttons=choices)
        return []
