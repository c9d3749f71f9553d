"""Messages that only name places become place answers, with real Rasa messages."""

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message

from gateway.place_answer import PLACE_ANSWER, PlaceAnswerClassifier


@pytest.fixture(scope="module")
def component(tmp_path_factory):
    return PlaceAnswerClassifier.create(
        PlaceAnswerClassifier.get_default_config(),
        LocalModelStorage(tmp_path_factory.mktemp("s")),
        Resource("p"),
        ExecutionContext(GraphSchema({}), "test"),
    )


def classify(component, text, tagged=()):
    message = Message(
        data={
            "text": text,
            "intent": {"name": "nlu_fallback", "confidence": 0.2},
            "entities": [{"entity": "place", "value": v} for v in tagged],
        }
    )
    component.process([message])
    return message.get("intent")["name"], bool(message.get(PLACE_ANSWER))


@pytest.mark.parametrize(
    "text,tagged",
    [
        ("ohio", ()),
        ("and jersey?", ("jersey",)),
        ("kentucky i guess", ()),
        ("uh west virgina", ("west virgina",)),
        ("ok then hawaii", ()),
        ("how about the buckeye state", ()),
        ("i live in south carolina", ()),
        ("what about the uk", ("uk",)),
        ("what about cali top 10%", ()),
        ("ohio median", ()),
    ],
)
def test_a_bare_place_is_a_place_answer(component, text, tagged):
    assert classify(component, text, tagged) == ("inform_state", True)


@pytest.mark.parametrize("text", ["TX vs TX", "CALIFORNIA VS CALIFORNIA", "ohio or michigan", "NC and SC"])
def test_paired_places_are_a_comparison(component, text):
    assert classify(component, text) == ("ask_compare_states", True)


@pytest.mark.parametrize(
    "text",
    [
        "weather in texas",
        "flights to ohio",
        "how much do i pay in texas",
        "/ask_salary",
        "is the earth flat",
        "what do nurses make in ohio",
    ],
)
def test_anything_more_than_a_place_is_left_to_the_intent_model(component, text):
    assert classify(component, text) == ("nlu_fallback", False)


@pytest.mark.parametrize(
    "text",
    [
        "how much do billers make in ohio",
        "what about medical billers in texas",
        "and billers in florida",
        "detroit top earners",
        "ok what about medical billing in alaska",
    ],
)
def test_places_with_only_the_job_and_pay_words_are_a_pay_question(component, text):
    assert classify(component, text) == ("ask_salary", True)


def test_a_place_answer_is_a_decision_the_fallback_does_not_second_guess(component):
    message = Message(
        data={
            "text": "top 10% in wyoming",
            "intent": {"name": "ask_pay_followup", "confidence": 0.97},
            "intent_ranking": [{"name": "ask_pay_followup", "confidence": 0.97}],
        }
    )
    component.process([message])
    ranking = message.get("intent_ranking")
    assert ranking[0] == {"name": "inform_state", "confidence": 1.0} and ranking[1]["confidence"] < 0.5
