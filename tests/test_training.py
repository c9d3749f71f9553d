"""Training length, formats and topics."""
from actions.training import ActionTraining


def test_training(chat):
    texts, _, _ = chat.run(ActionTraining(), "how long is training", "ask_training")
    assert texts[0].startswith("Most medical billing training programs take 6–12 months and are available "
                               "online or in person.")
    assert "• HIPAA compliance and ethics" in texts[0] and texts[0].count("•") == 5
    assert texts[0].endswith("Completing training or certification does not guarantee employment.")
