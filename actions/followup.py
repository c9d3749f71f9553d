"""A bare place ("and Ohio?", "what about TX") continues the topic the conversation is on;
"vs WA" / "compared to maryland?" sets it against the state discussed."""

import re
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.compare import AGAINST, ActionCompareStates, ActionStateRank
from actions.costs import ActionPayback
from actions.pay import ActionPay

_BY_TOPIC = {"rank": ActionStateRank(), "compare": ActionCompareStates(), "payback": ActionPayback()}
_DEFAULT = ActionPay()


class ActionPlaceFollowup(Action):
    def name(self) -> Text:
        return "action_place_followup"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        if re.search(AGAINST, (tracker.latest_message.get("text") or "").lower()):
            return _BY_TOPIC["compare"].run(dispatcher, tracker, domain)
        return _BY_TOPIC.get(tracker.get_slot("topic"), _DEFAULT).run(dispatcher, tracker, domain)
