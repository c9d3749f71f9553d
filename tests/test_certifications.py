"""Certification actions: all, one by acronym or name, unknown ones, and whether it's required."""

import pytest

from actions.certifications import ActionCertificationRequired, ActionCertifications
from tests.conftest import GUIDE_SOURCE


def test_all_certifications(chat):
    texts, messages, _ = chat.run(ActionCertifications(), "which certifications are there", "ask_certification")
    assert (
        "• Certified Professional Biller (CPB) – AAPC\n"
        "• Certified Medical Reimbursement Specialist (CMRS) – AMBA\n"
        "• Certified Billing and Coding Specialist (CBCS) – NHA"
    ) in texts[0]
    assert [b["payload"] for b in messages[0]["buttons"]] == [
        '/ask_certification{"certification":"CPB"}',
        '/ask_certification{"certification":"CMRS"}',
        '/ask_certification{"certification":"CBCS"}',
    ]


@pytest.mark.parametrize(
    "text,entities,expected",
    [
        ("what is cpb", [("certification", "cpb")], "CPB stands for Certified Professional Biller, awarded by AAPC."),
        (
            "tell me about the certified medical reimbursement specialist",
            [],
            "CMRS stands for Certified Medical Reimbursement Specialist, awarded by AMBA.",
        ),
        ("who offers CBCS", [], "CBCS stands for Certified Billing and Coding Specialist, awarded by NHA."),
        ('/ask_certification{"certification":"CMRS"}', [("certification", "CMRS")], "CMRS stands for"),
    ],
)
def test_one_certification(chat, text, entities, expected):
    texts, _, _ = chat.run(ActionCertifications(), text, "ask_certification", entities)
    assert texts[0].startswith(expected)


def test_a_certification_the_guide_does_not_cover(chat):
    texts, _, _ = chat.run(
        ActionCertifications(), "what about the CPC", "ask_certification", [("certification", "CPC")]
    )
    assert texts[0] == "The career guide doesn't cover CPC. The certifications it lists are CPB, CMRS, CBCS."


def test_is_certification_required(chat):
    texts, _, _ = chat.run(ActionCertificationRequired(), "do i need to be certified", "ask_certification_required")
    assert texts[0] == (
        "Certification isn't required everywhere but greatly improves job prospects. "
        "The common options are CPB, CMRS, CBCS." + GUIDE_SOURCE
    )


def test_who_offers_it_follows_the_last_certification(chat):
    from actions.certifications import ActionCertificationBody

    texts, _, _ = chat.run(
        ActionCertificationBody(), "who offers it", "ask_certification_body", slots={"certification": "CMRS"}
    )
    assert texts[0] == "CMRS (Certified Medical Reimbursement Specialist) is awarded by AMBA." + GUIDE_SOURCE
    texts, _, _ = chat.run(ActionCertificationBody(), "who offers it", "ask_certification_body")
    assert texts[0].count("is awarded by") == 3


def test_the_certification_named_in_the_message_wins_over_the_one_discussed(chat):
    from actions.certifications import ActionCertificationBody

    texts, _, events = chat.run(
        ActionCertificationBody(),
        "cpb who offers",
        "ask_certification_body",
        [("certification", "CPB")],
        slots={"certification": "CMRS"},
    )
    assert texts[0].startswith("CPB (Certified Professional Biller) is awarded by AAPC.") and "AMBA" not in texts[0]
    assert {"event": "slot", "name": "certification", "value": "CPB"} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events
    ]
    texts, _, _ = chat.run(ActionCertificationBody(), "who gives the cbcs", "ask_certification_body")
    assert texts[0].startswith("CBCS (Certified Billing and Coding Specialist) is awarded by NHA.")


def test_two_certifications_named_are_answered_side_by_side(chat):
    texts, _, _ = chat.run(
        ActionCertifications(),
        "whats the difference between cpb and cbcs",
        "ask_certification",
        [("certification", "CPB")],
    )
    assert "Certified Professional Biller (CPB) – AAPC" in texts[0]
    assert "Certified Billing and Coding Specialist (CBCS) – NHA" in texts[0] and "CMRS" not in texts[0]


def test_a_certification_is_found_by_its_awarding_body(chat):
    texts, _, events = chat.run(ActionCertifications(), "what about AMBA", "ask_certification")
    assert texts[0].startswith("CMRS stands for Certified Medical Reimbursement Specialist, awarded by AMBA.")


def test_a_certification_added_to_the_data_file_is_listed_and_answered(career_file, chat):
    cca = {"acronym": "CCA", "name": "Certified Coding Associate", "body": "AHIMA"}
    career_file(lambda raw: raw["certification"]["credentials"].append(cca))
    texts, messages, _ = chat.run(ActionCertifications(), "which certifications are there", "ask_certification")
    assert "• Certified Coding Associate (CCA) – AHIMA" in texts[0] and len(messages[0]["buttons"]) == 4
    texts, _, _ = chat.run(ActionCertifications(), "what is the cca", "ask_certification")
    assert texts[0].startswith("CCA stands for Certified Coding Associate, awarded by AHIMA.")
