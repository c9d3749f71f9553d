"""Roadmap actions: all steps, one step by number or word, education and experience."""

import pytest

from actions.roadmap import ActionEducation, ActionExperience, ActionRoadmap, ActionStep, step_number
from tests.conftest import GUIDE_SOURCE


def test_whole_roadmap_lists_five_steps_with_working_buttons(chat):
    texts, messages, _ = chat.run(ActionRoadmap(), "how do i become a medical biller", "ask_roadmap")
    assert texts[0] == (
        "Your career roadmap has 5 steps:\n1. Earn a High School Diploma or GED\n"
        "2. Enroll in a Medical Billing Training Program\n3. Gain Practical Experience\n"
        "4. Get Certified\n5. Start Your Career\n\nTap a step for details." + GUIDE_SOURCE
    )
    assert messages[0]["buttons"][2] == {"title": "Step 3", "payload": '/ask_step{"step":"3"}'}


@pytest.mark.parametrize(
    "text,entities,number,title",
    [
        ("what's step 3?", [("step", "3")], 3, "Gain Practical Experience"),
        ("tell me about the second step", [("step", "second")], 2, "Enroll in a Medical Billing Training Program"),
        ("step four", [], 4, "Get Certified"),
        ("what is the last step", [("step", "last")], 5, "Start Your Career"),
        ('/ask_step{"step":"1"}', [("step", "1")], 1, "Earn a High School Diploma or GED"),
    ],
)
def test_one_step(chat, text, entities, number, title):
    texts, _, _ = chat.run(ActionStep(), text, "ask_step", entities)
    assert texts[0].startswith(f"Step {number} of 5: {title}\n")


def test_step_four_says_certification_is_not_required_everywhere(chat):
    texts, _, _ = chat.run(ActionStep(), "step 4", "ask_step", [("step", "4")])
    assert (
        "Common options include:\n• Certified Professional Biller (CPB) – AAPC\n"
        "• Certified Medical Reimbursement Specialist (CMRS) – AMBA\n"
        "• Certified Billing and Coding Specialist (CBCS) – NHA"
    ) in texts[0]
    assert "Certification isn't required everywhere but greatly improves job prospects." in texts[0]


@pytest.mark.parametrize("text", ["what's step 7", "tell me a step"])
def test_a_step_that_does_not_exist_lists_the_real_ones(chat, text):
    texts, messages, _ = chat.run(ActionStep(), text, "ask_step")
    assert texts[0].startswith("The roadmap has 5 steps:") and len(messages[0]["buttons"]) == 5


def test_do_i_need_a_degree(chat):
    texts, _, _ = chat.run(ActionEducation(), "do i need a degree", "ask_education")
    assert texts[0].startswith("You don't need a college degree to start. Step 1: Earn a High School Diploma or GED.")
    assert "• Certificate or Diploma: typically 6–12 months" in texts[0]
    assert "• Associate Degree in Billing: typically 2 years" in texts[0] and "$" not in texts[0]


def test_how_do_i_get_experience(chat):
    texts, _, _ = chat.run(ActionExperience(), "how do i get experience", "ask_experience")
    assert texts[0].startswith("Step 3 of 5: Gain Practical Experience\nSome programs include externships")


@pytest.mark.parametrize("text,expected", [("3", 3), ("third", 3), ("final", 5), ("no number", None)])
def test_step_number(text, expected):
    assert step_number(text, last=5) == expected


@pytest.mark.parametrize(
    "text,number", [("which step is the certification one", 4), ("at which step do i get experience", 3)]
)
def test_a_step_asked_by_its_subject(chat, text, number):
    texts, _, _ = chat.run(ActionStep(), text, "ask_step")
    assert texts[0].startswith(f"Step {number} of 5")
