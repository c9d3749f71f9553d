"""A bare place continues the conversation's topic."""
import pytest

from actions.followup import ActionPlaceFollowup


@pytest.mark.parametrize("topic,expected", [
    (None, "In Ohio, the median annual pay for medical billing specialists is $51,420"),
    ("pay", "In Ohio, the median annual pay for medical billing specialists is $51,420"),
    ("rank", "Ohio ranks #"),
    ("compare", "In Ohio, the median annual pay is $51,420: $1,170 (2.3%) above the national median"),
    ("payback", "Rough payback estimate (derived: program cost ÷ monthly median pay, using Ohio's median"),
])
def test_and_ohio(chat, topic, expected):
    texts, _, _ = chat.run(ActionPlaceFollowup(), "and ohio?", "inform_state", [("place", "ohio")],
                           {"topic": topic, "state": "Texas"})
    assert texts[0].startswith(expected)
