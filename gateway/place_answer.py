"""Messages that only name a place: "ohio", "and jersey?", "kentucky i guess", "TX vs TX".

People answer "which state?" and switch place mid-conversation with a bare name; intent models
give such short messages low or scattered confidence ("Did you mean…?" for "ok then hawaii").
A message whose words are all places and filler is a statement about a place, so this component
sets the intent: ``ask_compare_states`` when it pairs places ("vs", "or", "compare"), else
``inform_state`` (the rules then continue the conversation's topic for that place). Places with
only the job's name and pay words besides ("billers in florida", "detroit top earners") are a
pay question: ``ask_salary``. It also
marks the message so that the relevance check does not decline it: a US state on its own is
always this assistant's business. Places are read by ``actions.places`` (text and NLU tags),
the same code the actions use.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

PLACE_ANSWER = "place_answer"  # message key read by the relevance component
MIN_TAG_CONFIDENCE = 0.6
PAIRING = {"vs", "versus", "or", "compare", "compared", "comparing", "and"}


# "what about medical billers in texas", "detroit top earners", "and billers in florida": places, the
# job's name and pay words, nothing else, is pay in those places whatever the intent model says.
PAY_IN_PLACE = frozenset(
    """
medical billing biller billers specialist specialists pay pays paid salary salaries wage wages earn earns
earning earnings earners make makes income do does they much annual yearly a year per avg average typical down here
""".split()
)
PAY_WORD = frozenset(
    "pay pays paid salary salaries wage wages earn earns earning earnings earners make makes income".split()
)
JOB_WORD = frozenset("billing biller billers".split())


def _rest(text: str, tagged: List[str]) -> List[str]:
    """The words of ``text`` that are not a place's."""
    from actions.places import find_matches, normalise

    rest = normalise(text).split()
    for words in [key for _, key in find_matches(text)] + [normalise(t) for t in tagged]:
        for word in words.split():
            if word in rest:
                rest.remove(word)
    return rest


def place_only(text: str, tagged: List[str]) -> List[Any]:
    """The places named when every other word of ``text`` is filler; else []."""
    from actions.places import PLACE_FILLER, places_in

    found = places_in(text, tagged)
    return found if found and all(w in PLACE_FILLER for w in _rest(text, tagged)) else []


def pay_in_places(text: str, tagged: List[str]) -> List[Any]:
    """The places named when the other words are filler, the job's name or pay words, with at
    least one of the job or pay ("billers in florida", "detroit top earners"); else []."""
    from actions.base import without_other_money
    from actions.places import PLACE_FILLER, places_in

    found = [p for p in places_in(text, tagged) if p.has_data or p.options]
    rest = _rest(text, tagged)
    earning = set(re.findall(r"[a-z]+", without_other_money(text)))  # not "how much do i pay in texas"
    said = set(rest) & earning & (PAY_WORD | JOB_WORD) or {"top", "median", "hourly"} & set(rest)
    return found if found and said and all(w in PLACE_FILLER or w in PAY_IN_PLACE for w in rest) else []


def decided(ranking: List[Dict[Text, Any]], intent: str) -> List[Dict[Text, Any]]:
    """``intent`` first with confidence 1 and the others at half their confidence: a decision the
    fallback's ambiguity check (top two within 0.05) must not turn into "Did you mean…?"."""
    others = [{**r, "confidence": (r.get("confidence") or 0.0) / 2} for r in ranking or [] if r.get("name") != intent]
    return [{"name": intent, "confidence": 1.0}] + others


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class PlaceAnswerClassifier(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"inform_intent": "inform_state", "compare_intent": "ask_compare_states", "pay_intent": "ask_salary"}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._config = config

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "PlaceAnswerClassifier":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/"):
                continue
            tagged = [
                e["value"]
                for e in message.get(ENTITIES) or []
                if e.get("entity") == "place"
                and isinstance(e.get("value"), str)
                and (e.get("confidence_entity") or 1.0) >= MIN_TAG_CONFIDENCE
            ]
            places = place_only(text, tagged)
            pay = not places and pay_in_places(text, tagged)
            if not places and not pay:
                continue
            pairs = len(places or pay) > 1 or bool(PAIRING - {"and"} & set(re.findall(r"[a-z]+", text.lower())))
            if pairs and len(re.findall(r"\w+", text)) > 1:
                intent = self._config["compare_intent"]
            else:
                intent = self._config["pay_intent" if pay else "inform_intent"]
            message.set(PLACE_ANSWER, True)
            message.set(INTENT, {"name": intent, "confidence": 1.0}, add_to_output=True)
            message.set(INTENT_RANKING_KEY, decided(message.get(INTENT_RANKING_KEY), intent), add_to_output=True)
        return messages
