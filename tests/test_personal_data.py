"""Personal data, screened exactly as every channel's message is (gateway.guard.screen): the
labelled set (eval/privacy/positives.tsv) and every message the project holds as negatives, the
checks that keep the job's own words and numbers untouched, and payloads and metadata."""

from __future__ import annotations

import json

import pytest

from gateway import guard, personal_data
from scripts.eval_privacy import FLOORS, evaluate, failed_floors


def test_the_labelled_set_meets_the_floors():
    result = evaluate()
    assert result["negatives"] >= 9000 and len(result["sets"]) >= 2
    for found in result["sets"].values():
        assert found["positives"] >= 300
        assert set(found["recall_by_kind"]) == {"ssn", "card", "email", "phone", "dob", "member_id"}
    assert not failed_floors(result), (failed_floors(result), result["changed"][:10])
    assert FLOORS == {"recall": 0.99, "negatives_changed": 0}


@pytest.mark.parametrize(
    "text,kind,original",
    [
        ("my ssn is 123-45-6789", "social security number", "123-45-6789"),
        ("SSN 123 45 6789", "social security number", "123 45 6789"),
        ("social security # 123456789", "social security number", "123456789"),
        ("call (555) 867-5309", "phone number", "867-5309"),
        ("text +1 555.867.5309 please", "phone number", "867.5309"),
        ("reach me on +44 20 7946 0958", "phone number", "7946 0958"),
        ("jane.doe+jobs@mail.example.co.uk", "email address", "jane.doe"),
        ("born 04/12/1988", "date of birth", "04/12/1988"),
        ("dob 3/14/88", "date of birth", "3/14/88"),
        ("birthday is March 3, 1990", "date of birth", "March 3, 1990"),
        ("member id: XJQ987654321", "member ID", "XJQ987654321"),
        ("my member id is W123456789", "member ID", "W123456789"),
        ("policy number ABC12345", "member ID", "ABC12345"),
        ("medicare number 1EG4-TE5-MK73", "member ID", "1EG4-TE5-MK73"),
        ("MRN 00482913", "member ID", "00482913"),
        ("card 4111 1111 1111 1111", "card number", "4111 1111 1111 1111"),
        ("amex 3782 822463 10005", "card number", "822463"),
    ],
)
def test_personal_data_is_redacted(text, kind, original):
    screened = guard.screen(text)
    assert original not in screened.text and guard.REDACTED in screened.text
    assert kind in screened.redacted


@pytest.mark.parametrize(
    "text",
    [
        "how do insurance claims work",
        "what does a patient billing specialist do",
        "medicare billing",
        "group health plans and account receivable",
        "member services or policy questions",
        "how much do billers make in TX",
        "what is the top 10% pay",
        "step 3",
        "salary is $59,700 in 2024?",
        "is CPB or CBCS better",
        "top 5 states",
        "I'm in 30301",
        "zip 98101-1234",
        "CPT 99213 and E11.9",
        "the exam is on 3/14",
        "deadline 12/01/2026",
        "I've sent 1200 claims",
        "BLS data from May 2024",
        "what day of the week was july 4 1976",
        "windows error 0x80070002",
        "covid19 billing codes",
        "HCPCS J3490 billing",
    ],
)
def test_the_jobs_own_words_and_numbers_are_untouched(text):
    assert guard.screen(text) == guard.Screened(text=text)


def test_checks_that_can_be_checked_are_checked():
    assert personal_data.luhn_valid("4111111111111111") and not personal_data.luhn_valid("4111111111111112")
    assert guard.screen("order 4111 1111 1111 1112 shipped").redacted == []  # fails Luhn, no cue
    assert guard.screen("my card 4111 1111 1111 1112").redacted == ["card number"]  # a cue decides
    assert not personal_data.ssn_valid("000", "12", "3456") and not personal_data.ssn_valid("666", "12", "3456")
    assert not personal_data.ssn_valid("912", "12", "3456") and not personal_data.ssn_valid("123", "00", "4567")
    assert guard.screen("ticket 912-12-3456").redacted == []
    assert guard.screen("dob 02/30/1988").redacted == []  # not a real date
    assert guard.screen("born 2/29/1988").redacted == ["date of birth"]  # a leap day is
    assert guard.screen("member id ABCDEF").redacted == []  # an ID has a digit


def test_payload_entities_and_metadata_are_screened():
    screened = guard.screen('/foo{"ssn": "123-45-6789", "place": "Ohio"}')
    assert screened.redacted == ["social security number"]
    assert json.loads(screened.text[len("/foo") :]) == {"ssn": guard.REDACTED, "place": "Ohio"}
    nested = guard.screen('/inform_state{"place": ["call 555-867-5309", {"x": "jane@example.com"}]}')
    assert "867-5309" not in nested.text and "jane@" not in nested.text
    assert guard.screen('/ask_salary{"place": "Ohio"}') == guard.Screened(text='/ask_salary{"place": "Ohio"}')
    broken = guard.screen('/ask_salary{"ssn": "123-45-6789"')  # not JSON: read as text
    assert "123-45-6789" not in broken.text
    metadata = guard.screen_metadata({"user": {"email": "jane@example.com", "n": 3}, "tags": ["ok"]})
    assert metadata == {"user": {"email": guard.REDACTED, "n": 3}, "tags": ["ok"]}
    assert guard.screen("🤷\u200d♀️ no idea").text == "🤷\u200d♀️ no idea"  # emoji joiners stay
    assert guard.screen("\u202egnp.exe").text == "gnp.exe"  # bidi overrides go
