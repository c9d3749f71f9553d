"""Cost actions: both program types, or the one asked for."""
import pytest

from actions.costs import ActionCosts

SOURCE = "Source: the career guide's \"What It Costs to Train\" table (undated)."


def test_all_costs(chat):
    texts, messages, _ = chat.run(ActionCosts(), "how much does training cost", "ask_cost")
    assert "• Certificate or Diploma: $3,000 – $6,000, typically 6–12 months" in texts[0]
    assert "• Associate Degree in Billing: $8,000 – $15,000, typically 2 years" in texts[0]
    assert texts[0].endswith(SOURCE)
    assert [b["payload"] for b in messages[0]["buttons"]] == ['/ask_cost{"program":"certificate"}',
                                                              '/ask_cost{"program":"associate"}']


@pytest.mark.parametrize("text,entities,expected", [
    ("how much is an associate degree", [("program", "associate")],
     "Associate Degree in Billing: $8,000 – $15,000 on average, typically 2 years."),
    ("price of a diploma", [], "Certificate or Diploma: $3,000 – $6,000 on average, typically 6–12 months."),
])
def test_one_program(chat, text, entities, expected):
    texts, _, _ = chat.run(ActionCosts(), text, "ask_cost", entities)
    assert texts[0] == f"{expected}\n{SOURCE}"


def test_costs_are_not_invented_for_a_place(chat):
    texts, _, _ = chat.run(ActionCosts(), "how much does it cost to become a biller in texas", "ask_cost",
                           [("place", "texas")])
    assert texts[0] == "The guide doesn't give training costs for Texas; these are its general figures."
    assert texts[1].startswith("What training costs")
