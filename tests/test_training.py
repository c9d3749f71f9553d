"""Training length, formats and topics."""

from actions.training import ActionTraining
from tests.conftest import GUIDE_SOURCE


def test_training(chat):
    texts, _, _ = chat.run(ActionTraining(), "how long is training", "ask_training")
    assert texts[0].startswith(
        "Most medical billing training programs take 6–12 months and are available online or in person."
    )
    assert "• HIPAA compliance and ethics" in texts[0] and texts[0].count("•") == 5
    assert texts[0].endswith("Completing training or certification does not guarantee employment." + GUIDE_SOURCE)


def test_the_duration_of_the_program_asked_about(chat):
    texts, _, events = chat.run(ActionTraining(), "how long is the associate degree program", "ask_training")
    assert texts[0].startswith(
        "Associate Degree in Billing: typically 2 years, at an average cost of $8,000 – $15,000."
    )
    assert "6–12 months" not in texts[0]
    assert {"event": "slot", "name": "program", "value": "associate", "timestamp": None} in events


def test_how_long_does_that_take_refers_to_the_program_discussed_last(chat):
    texts, _, _ = chat.run(
        ActionTraining(), "how long does that take?", "ask_training", slots={"program": "certificate"}
    )
    assert texts[0].startswith("Certificate or Diploma: typically 6–12 months")
    general, _, _ = chat.run(ActionTraining(), "how long is training", "ask_training", slots={"program": "associate"})
    assert general[0].startswith("Most medical billing training programs take 6–12 months")
