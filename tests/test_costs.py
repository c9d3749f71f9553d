"""Cost actions: both program types, or the one asked for."""

import pytest

from actions.costs import ActionCosts, ActionPayback

SOURCE = 'Source: the career guide\'s "What It Costs to Train" table (undated).'


def test_all_costs(chat):
    texts, messages, _ = chat.run(ActionCosts(), "how much does training cost", "ask_cost")
    assert "• Certificate or Diploma: $3,000 – $6,000, typically 6–12 months" in texts[0]
    assert "• Associate Degree in Billing: $8,000 – $15,000, typically 2 years" in texts[0]
    assert texts[0].endswith(SOURCE)
    assert [b["payload"] for b in messages[0]["buttons"]] == [
        '/ask_cost{"program":"certificate"}',
        '/ask_cost{"program":"associate"}',
    ]


@pytest.mark.parametrize(
    "text,entities,expected",
    [
        (
            "how much is an associate degree",
            [("program", "associate")],
            "Associate Degree in Billing: $8,000 – $15,000 on average, typically 2 years.",
        ),
        ("price of a diploma", [], "Certificate or Diploma: $3,000 – $6,000 on average, typically 6–12 months."),
    ],
)
def test_one_program(chat, text, entities, expected):
    texts, _, _ = chat.run(ActionCosts(), text, "ask_cost", entities)
    assert texts[0] == f"{expected}\n{SOURCE}"


def test_costs_are_not_invented_for_a_place(chat):
    texts, _, _ = chat.run(
        ActionCosts(), "how much does it cost to become a biller in texas", "ask_cost", [("place", "texas")]
    )
    assert texts[0] == "The guide doesn't give training costs for Texas; these are its general figures."
    assert texts[1].startswith("What training costs")


def test_certificate_vs_associate(chat):
    from actions.costs import ActionComparePrograms

    texts, _, _ = chat.run(ActionComparePrograms(), "certificate vs associate degree", "ask_compare_programs")
    assert texts[0].startswith(
        "Certificate vs associate degree (average cost, typical duration):\n"
        "• Certificate or Diploma: $3,000 – $6,000, 6–12 months\n"
        "• Associate Degree in Billing: $8,000 – $15,000, 2 years"
    )


def test_payback_is_labelled_rough_and_derived(chat):
    from actions.costs import ActionPayback

    texts, _, _ = chat.run(
        ActionPayback(),
        "roi of an associate degree in texas",
        "ask_payback",
        [("program", "associate"), ("place", "texas")],
    )
    assert texts[0].startswith(
        "Rough payback estimate (derived: program cost ÷ monthly median pay, using "
        "Texas's median of $47,230 a year):\n"
        "• Associate Degree in Billing ($8,000 – $15,000): about 2–3.8 months of median pay"
    )
    assert "does not guarantee employment" in texts[0]


def test_how_long_asked_of_the_payback_action_is_the_program_s_length(chat):
    texts, _, _ = chat.run(
        ActionPayback(), "how long is an associate degree in medical billing", "ask_payback", [("program", "associate")]
    )
    assert texts[0].startswith("Associate Degree in Billing: typically 2 years")
    texts, _, _ = chat.run(
        ActionPayback(),
        "how long until the associate degree pays for itself",
        "ask_payback",
        [("program", "associate")],
    )
    assert texts[0].startswith("Rough payback estimate")


def test_a_cost_question_about_something_else_gets_no_training_figures(chat):
    texts, messages, _ = chat.run(ActionCosts(), "whats the cost of a real id in illinois", "ask_cost")
    assert messages[0]["response"] == "utter_out_of_scope" and "$" not in texts[0]
    # a short follow-up while on costs is still about training
    texts, _, _ = chat.run(ActionCosts(), "and how much?", "ask_cost", slots={"topic": "costs"})
    assert "$3,000" in texts[0]


def test_what_a_program_teaches_is_the_training_answer(chat):
    texts, _, _ = chat.run(ActionCosts(), "what classes are in a billing program", "ask_cost")
    assert "Medical terminology" in " ".join(texts) and "$" not in " ".join(texts)
    texts, _, _ = chat.run(ActionCosts(), "how much do the classes cost", "ask_cost")
    assert "$3,000" in texts[0]


@pytest.mark.parametrize(
    "action, text",
    [
        (ActionCosts(), "what is a liberal arts degree"),
        (ActionPayback(), "i'm paying off a medical bill at $25 a month"),
    ],
)
def test_cost_words_about_something_else_get_no_training_figures(chat, action, text):
    texts, messages, _ = chat.run(action, text, "ask_cost")
    assert messages[0]["response"] == "utter_out_of_scope" and "$" not in texts[0]
