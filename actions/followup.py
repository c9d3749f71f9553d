"""A bare place ("and Ohio?", "what about TX") continues the topic the conversation is on."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.compare import ActionCompareStates, ActionStateRank
from actions.costs import ActionPayback
from actions.pay import ActionPay

_BY_TOPIC = {"rank": ActionStateRank(), "compare": ActionCompareStates(), "payback": ActionPayback()}
_DEFAULT = ActionPay()


class ActionPlaceFollowup(Action):
    def name(self) -> Text:
        return "action_place_followup"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        return _BY_TOPIC.get(tracker.get_slot("topic"), _DEFAULT).run(dispatcher, tracker, domain)
