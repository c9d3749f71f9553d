"""Fit, benefits and challenges."""

from actions.fit import ActionBenefits, ActionChallenges, ActionFit, ActionProsCons
from tests.conftest import GUIDE_SOURCE


def test_fit_lists_both_sides(chat, domain):
    texts, messages, _ = chat.run(ActionFit(), "is this career right for me", "ask_fit")
    assert "great fit if you:\n• Enjoy organization and computer work" in texts[0]
    assert "may not be ideal if you:\n• Prefer hands-on patient interaction" in texts[0]
    assert messages[0]["response"] == "utter_fit"
    assert [b["payload"] for b in domain["responses"]["utter_fit"][0]["buttons"]] == [
        "/ask_benefits",
        "/ask_challenges",
        "/start_quiz",
    ]


def test_benefits(chat):
    texts, _, _ = chat.run(ActionBenefits(), "pros", "ask_benefits")
    assert texts[0].startswith("Benefits of the career:\n• Short training time for many programs")
    assert texts[0].count("•") == 4


def test_challenges(chat):
    texts, _, _ = chat.run(ActionChallenges(), "downsides", "ask_challenges")
    assert texts[0] == (
        "Challenges to know about:\n• Repetitive computer-based work\n"
        "• Need for accuracy under deadlines\n• Keeping up with changing billing regulations" + GUIDE_SOURCE
    )


def test_pros_and_cons_together(chat):
    texts, _, _ = chat.run(ActionProsCons(), "pros and cons", "ask_pros_cons")
    assert texts[0].startswith("Benefits of the career:") and texts[1].startswith("Challenges to know about:")
