"""The fit quiz: questions come from the guide's fit table; the verdict cites the answers."""

import pytest
from rasa_sdk.events import SlotSet

from actions.quiz import QUIZ_SLOTS, ActionAskQuizComputerWork, ActionAskQuizSteadyIncome, ActionQuizVerdict


def test_questions_come_from_the_fit_table(chat, domain):
    texts, messages, _ = chat.run(ActionAskQuizComputerWork(), "take the quiz", "start_quiz")
    assert texts[0] == (
        "Question 1 of 4: Do you enjoy organization and computer work? "
        "(The other side: you prefer hands-on patient interaction.)"
    )
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/affirm", "/deny"]
    texts, _, _ = chat.run(ActionAskQuizSteadyIncome(), "yes", "affirm")
    assert texts[0].startswith("Question 4 of 4: Do you value steady, reliable income?")


def test_every_quiz_slot_has_an_ask_action_and_yes_no_mappings(domain):
    for slot in QUIZ_SLOTS:
        assert f"action_ask_{slot}" in domain["actions"]
        mappings = domain["slots"][slot]["mappings"]
        assert {(m["intent"], m["value"]) for m in mappings} == {("affirm", True), ("deny", False)}
    assert domain["forms"]["fit_quiz_form"]["required_slots"] == QUIZ_SLOTS


@pytest.mark.parametrize(
    "answers,verdict",
    [
        ([True, True, True, True], "You matched 4 of 4: medical billing sounds like a great fit for you."),
        ([True, False, True, False], "You matched 2 of 4: medical billing could suit you, but weigh the challenges."),
        ([False, False, True, False], "You matched 1 of 4: medical billing may not be ideal for you."),
    ],
)
def test_verdict_cites_the_answers_benefits_and_challenges(chat, answers, verdict):
    texts, _, events = chat.run(ActionQuizVerdict(), "no", "deny", slots=dict(zip(QUIZ_SLOTS, answers)))
    assert texts[0].startswith(verdict)
    assert f"• enjoy organization and computer work: {'yes' if answers[0] else 'no'}" in texts[0]
    assert "• Short training time for many programs" in texts[0]
    assert "• Keeping up with changing billing regulations" in texts[0]
    assert [SlotSet(s, None) for s in QUIZ_SLOTS] == events[:4]  # ready to be taken again


def test_a_fit_table_of_another_size_stops_the_action_server_saying_what_to_change():
    from actions.quiz import QUIZ_SLOTS, check_fit_table

    check_fit_table(len(QUIZ_SLOTS))
    with pytest.raises(RuntimeError, match="fit table has 5 rows but the quiz has 4 questions"):
        check_fit_table(5)
