"""The domain-relevance component with real Rasa objects, and the numpy sentence encoder."""

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from gateway.relevance import DomainRelevanceClassifier, gibberish
from gateway.sentence_encoder import encoder

IN_DOMAIN = [
    "how much do medical billers make",
    "salary in texas",
    "what are the steps",
    "how long is training",
    "which certifications should i get",
    "what does the cpb cost to train for",
    "hi",
    "thanks",
    "is remote billing possible",
    "job outlook for billers",
    "what skills do billers need",
    "yes",
]
OUT_OF_DOMAIN = [
    "how many miles does my car have",
    "set a timer for ten minutes",
    "whats the weather tomorrow",
    "transfer money to my savings",
    "recipe for banana bread",
    "who won the game last night",
    "book a flight to denver",
    "is my credit card bill due",
    "play some jazz",
    "tell me a joke",
    "how do i fix a leaky faucet",
    "what is the capital of peru",
]


def message(text, intent="ask_salary"):
    return Message(
        data={
            "text": text,
            "intent": {"name": intent, "confidence": 0.9},
            "intent_ranking": [{"name": intent, "confidence": 0.9}],
        }
    )


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    storage = LocalModelStorage(tmp_path_factory.mktemp("storage"))
    resource = Resource("relevance")
    context = ExecutionContext(GraphSchema({}), "test")
    config = {**DomainRelevanceClassifier.get_default_config(), "threshold": 0.5}
    component = DomainRelevanceClassifier.create(config, storage, resource, context)
    examples = [Message(data={"text": t, "intent": "ask_salary"}) for t in IN_DOMAIN] + [
        Message(data={"text": t, "intent": "out_of_scope"}) for t in OUT_OF_DOMAIN
    ]
    component.train(TrainingData(training_examples=examples))
    return DomainRelevanceClassifier.load(config, storage, resource, context)


def test_out_of_domain_becomes_out_of_scope_and_in_domain_is_left_alone(trained):
    car, pay = message("how many miles are on my car"), message("what do billers earn in ohio")
    trained.process([car, pay])
    assert car.get("intent")["name"] == "out_of_scope" and car.get("intent_ranking")[0]["name"] == "out_of_scope"
    assert pay.get("intent")["name"] == "ask_salary"
    assert car.get("domain_relevance") < 0.5 < pay.get("domain_relevance")


def test_button_payloads_are_never_overridden(trained):
    payload = message("/ask_salary")
    trained.process([payload])
    assert payload.get("intent")["name"] == "ask_salary"


def test_training_without_out_of_domain_examples_says_what_is_missing(tmp_path):
    component = DomainRelevanceClassifier.create(
        DomainRelevanceClassifier.get_default_config(),
        LocalModelStorage(tmp_path),
        Resource("r"),
        ExecutionContext(GraphSchema({}), "test"),
    )
    with pytest.raises(ValueError, match="out_of_scope"):
        component.train(TrainingData(training_examples=[Message(data={"text": "hi", "intent": "greet"})]))


def test_the_encoder_puts_paraphrases_close_and_unrelated_text_far():
    vectors = encoder().encode(
        [
            "how much do medical billers make in texas",
            "what is the salary of a billing specialist in TX",
            "how many miles does my car have",
        ]
    )
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > 0.6 and similarity[0, 2] < 0.2


# The reference model's output: sentence-transformers 6.2.0 with PyTorch 2.13.0 (CPU) loading the
# same package's model directory, normalize_embeddings=True, run once on 2026-11-27 (the numpy
# encoder agreed to 1.7e-7 on every dimension). First six dimensions of each vector.
REFERENCE = {
    "how much do medical billers make in texas": [-0.041980, 0.037863, 0.019224, -0.019385, -0.068740, -0.071912],
    "how many miles does my car have": [0.092773, 0.006363, -0.000443, -0.002070, -0.033677, 0.020299],
    "a much longer sentence about becoming a medical billing specialist, with punctuation; and CAPITALS.": [
        0.069598,
        0.116347,
        0.072318,
        -0.020696,
        -0.051663,
        -0.017784,
    ],
}


def test_the_encoder_matches_the_reference_implementation():
    vectors = encoder().encode(list(REFERENCE))
    assert np.allclose(vectors[:, :6], np.array(list(REFERENCE.values())), atol=1e-5)


def test_skipping_the_encoder_never_changes_a_decision(trained):
    texts = IN_DOMAIN + OUT_OF_DOMAIN + ["salary", "how many miles are on my car", "set an alarm", "texas"]
    model = trained._model
    for threshold in (0.3, 0.4, 0.5):
        exact, lazy = model.predict(texts), model.predict(texts, threshold)
        assert [p < threshold for p in exact] == [p < threshold for p in lazy]
        assert all(lz <= ex + 1e-9 for lz, ex in zip(lazy, exact))


def test_the_domain_s_own_words_keep_a_message_the_intent_model_declined(trained):
    msg = Message(
        data={
            "text": "ok what about medical billing in alaska",
            "intent": {"name": "out_of_scope", "confidence": 0.6},
            "intent_ranking": [{"name": "out_of_scope", "confidence": 0.6}, {"name": "ask_salary", "confidence": 0.3}],
        }
    )
    trained.process([msg])
    assert msg.get("intent")["name"] == "ask_salary"


@pytest.mark.parametrize("text", ["?", "🤷", "!!!!", "😂😂😂", "what's 2+2", "whats 12 x 4", "5*3"])
def test_a_message_without_letters_or_digits_is_declined(trained, text):
    msg = message(text)
    trained.process([msg])
    assert msg.get("intent") == {"name": "out_of_scope", "confidence": 1.0}


def test_an_unsure_intent_model_and_a_doubtful_relevance_decline(trained):
    unsure = Message(
        data={
            "text": "hmm maybe",
            "intent": {"name": "ask_salary", "confidence": 0.25},
            "intent_ranking": [{"name": "ask_salary", "confidence": 0.25}, {"name": "ask_cost", "confidence": 0.22}],
        }
    )
    trained._config = {**trained._config, "threshold": 0.0, "unsure_threshold": 1.01}
    try:
        trained.process([unsure])
    finally:
        trained._config = {**trained._config, "threshold": 0.5, "unsure_threshold": 0.6}
    assert unsure.get("intent")["name"] == "out_of_scope"


@pytest.mark.parametrize("text", ["hjkl;", "aaaaaaaaaaaa", "hgfhgfhg", "sdfg qwzx"])
def test_keyboard_mashing_is_declined(trained, text):
    msg = message(text)
    trained._config = {**trained._config, "threshold": 0.0}  # the models alone would keep it
    try:
        trained.process([msg])
    finally:
        trained._config = {**trained._config, "threshold": 0.5}
    assert msg.get("intent") == {"name": "out_of_scope", "confidence": 1.0}


@pytest.mark.parametrize("text", ["salry", "cpb", "tx", "hourly", "nyc?", "step 3", "quiz"])
def test_short_words_people_know_are_not_gibberish(trained, text):
    assert not gibberish(text, trained._model.vocabulary() | {"cpb", "quiz"})
