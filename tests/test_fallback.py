"""First stage of the two-stage fallback: the likeliest topics as buttons, entities kept."""

from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionAskAffirmation
from tests.conftest import make_tracker


def test_did_you_mean_offers_the_likeliest_topics(domain):
    tracker = make_tracker("wage thing ohio", "nlu_fallback", [("place", "ohio")])
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.4},
        {"name": "ask_salary", "confidence": 0.35},
        {"name": "ask_state_rank", "confidence": 0.3},
        {"name": "ask_cost", "confidence": 0.2},
        {"name": "ask_outlook", "confidence": 0.1},
    ]
    dispatcher = CollectingDispatcher()
    ActionAskAffirmation().run(dispatcher, tracker, domain)
    message = dispatcher.messages[0]
    assert message["response"] == "utter_did_you_mean"
    assert message["buttons"] == [
        {"title": "Pay", "payload": '/ask_salary{"place": "ohio"}'},
        {"title": "Where a state ranks", "payload": '/ask_state_rank{"place": "ohio"}'},
        {"title": "Training costs", "payload": '/ask_cost{"place": "ohio"}'},
        {"title": "Something else", "payload": "/deny"},
    ]


def test_every_topic_is_a_domain_intent(domain):
    from actions.fallback import TOPICS

    assert set(TOPICS) <= set(domain["intents"])


def test_a_did_you_mean_the_actions_answer_at_once_ends_the_fallback_loop(chat):
    """Else Rasa undoes the turn (and the state it set) when the next message is not a yes or no."""
    texts, _, events = chat.run(
        ActionAskAffirmation(), "ok back to it, top 10% in rhode island", "nlu_fallback", slots={"topic": "pay"}
    )
    assert "$81,290" in texts[0] and events[-1] == {"event": "active_loop", "name": None, "timestamp": None}
    _, messages, events = chat.run(ActionAskAffirmation(), "wibble the thing", "nlu_fallback")
    assert messages[0]["response"] == "utter_did_you_mean" and events == []
