"""A bare place continues the conversation's topic."""

import pytest

from actions.followup import ActionPlaceFollowup


@pytest.mark.parametrize(
    "topic,expected",
    [
        (None, "In Ohio, the median annual pay for medical billing specialists is $51,420"),
        ("pay", "In Ohio, the median annual pay for medical billing specialists is $51,420"),
        ("rank", "Ohio ranks #"),
        ("compare", "In Ohio, the median annual pay is $51,420: $1,170 (2.3%) above the national median"),
        ("payback", "Rough payback estimate (derived: program cost ÷ monthly median pay, using Ohio's median"),
    ],
)
def test_and_ohio(chat, topic, expected):
    texts, _, _ = chat.run(
        ActionPlaceFollowup(), "and ohio?", "inform_state", [("place", "ohio")], {"topic": topic, "state": "Texas"}
    )
    assert texts[0].startswith(expected)


def test_what_about_a_place_while_on_pay_is_pay_there_whatever_the_intent(chat):
    from actions.job import ActionOverview

    texts, _, _ = chat.run(
        ActionOverview(),
        "ok what about medical billing in alaska",
        "ask_overview",
        [("place", "alaska")],
        {"topic": "pay", "state": "Texas"},
    )
    assert "In Alaska" in texts[-1] and "$56,740" in texts[-1]
    texts, _, _ = chat.run(
        ActionOverview(),
        "ok what about medical billing in alaska",
        "ask_overview",
        [("place", "alaska")],
        {"topic": "roadmap"},
    )
    assert "$" not in " ".join(texts)
