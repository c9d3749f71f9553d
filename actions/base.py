"""What every action shares: the answer-from-data pattern, error handling, entity helpers."""
from __future__ import annotations

import logging
import re
from abc import ABCMeta, abstractmethod
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import places
from actions.career import CareerData, load

logger = logging.getLogger(__name__)

_NUMBER_WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}


MIN_ENTITY_CONFIDENCE = 0.6  # below this a tag is a guess ("gonna" as a place), not a mention


def entity_values(tracker: Tracker, entity: str) -> List[str]:
    """Values NLU found for ``entity`` in the latest message, in order, without repeats."""
    values: List[str] = []
    for ent in tracker.latest_message.get("entities") or []:
        value = ent.get("value")
        confident = (ent.get("confidence_entity") or 1.0) >= MIN_ENTITY_CONFIDENCE
        if ent.get("entity") == entity and isinstance(value, str) and confident and value not in values:
            values.append(value)
    return values


def number_in(text: str) -> Optional[int]:
    """The first number in ``text``, as digits or a word ("top five" -> 5)."""
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        if word.isdigit():
            return int(word)
        if word in _NUMBER_WORDS:
            return _NUMBER_WORDS[word]
    return None


def mentioned_places(tracker: Tracker) -> List[places.Place]:
    """Places in the latest message (see ``places.places_in``)."""
    return places.places_in(tracker.latest_message.get("text") or "", entity_values(tracker, "place"))


class TopicAction(Action, metaclass=ABCMeta):
    """Answers one topic: reads the tracker, asks the data, utters a domain response.

    Subclasses set ``action_name`` and implement ``answer``; a failure inside is logged with the
    conversation id and the user gets an apology instead of silence. ``topic`` is remembered in the
    ``topic`` slot so that a bare follow-up ("and Ohio?") knows what it refers to.
    """

    action_name: str = ""
    topic: str = ""

    def name(self) -> Text:
        return self.action_name

    @abstractmethod
    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, data: CareerData) -> List[Dict[Text, Any]]:
        """Utter the answer; return events (the topic slot is added by ``run``)."""

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        try:
            events = self.answer(dispatcher, tracker, load()) or []
        except Exception:  # noqa: BLE001 - the user must never be left without a reply
            logger.exception("action %s failed in conversation %s", self.name(), tracker.sender_id)
            dispatcher.utter_message(response="utter_action_error")
            return []
        return events + [SlotSet("topic", self.topic)] if self.topic else events
