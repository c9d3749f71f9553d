"""End to end: the real action and Rasa servers (as `make run` starts them), chatting over REST."""
import re
import uuid

import pytest

pytestmark = pytest.mark.servers


def new_user() -> str:
    return f"e2e-{uuid.uuid4().hex[:8]}"


def test_greeting_offers_a_menu_whose_buttons_work(servers):
    user = new_user()
    reply = servers.say(user, "hi")
    assert reply[0]["text"].startswith("Hi! I'm the medical billing career assistant.")
    payloads = [b["payload"] for b in reply[0]["buttons"]]
    assert "/ask_roadmap" in payloads and "/ask_cost" in payloads
    for payload in payloads:
        answer = servers.texts(user, payload)
        assert answer and not answer[0].startswith(("Sorry", "I'm not sure")), (payload, answer)


@pytest.mark.parametrize("message,state,median,top", [
    ("how much do billers make in california", "California", "$59,700", "$104,560"),
    ("salary in TX?", "Texas", "$47,230", "$77,140"),
    ("what do medical billers earn in pennsilvania", "Pennsylvania", "$46,730", "$74,680"),
    ("pay in Washington DC", "District of Columbia", "$64,690", "$123,410"),
    ("how much do billers make in washington state", "Washington", "$62,250", "$96,740"),
])
def test_state_pay_written_different_ways(servers, message, state, median, top):
    text = servers.texts(new_user(), message)[0]
    assert f"In {state}, the median annual pay for medical billing specialists is {median}" in text
    assert f"top 10% earn {top}" in text and "Bureau of Labor Statistics" in text and "May 2024" in text


def test_a_place_without_data_is_named_and_no_figure_is_invented(servers):
    text = " ".join(servers.texts(new_user(), "how much do medical billers make in puerto rico"))
    assert "I don't have a pay figure for" in text and "uerto" in text
    assert re.findall(r"\$[\d,]+", text) == ["$50,250"]


def test_my_state_is_asked_for_then_remembered(servers):
    user = new_user()
    assert servers.texts(user, "how much would i make in my state")[0].startswith("Which state")
    assert "In Ohio, the median annual pay" in servers.texts(user, "ohio")[0]
    assert servers.texts(user, "how much does training cost")[0].startswith("What training costs")
    assert "In Ohio" in servers.texts(user, "what's the pay in my state")[0]


def test_certification_cost_roadmap_and_off_topic(servers):
    user = new_user()
    assert servers.texts(user, "what is the cmrs certification")[0].startswith(
        "CMRS stands for Certified Medical Reimbursement Specialist, awarded by AMBA.")
    assert "Associate Degree in Billing: $8,000 – $15,000" in servers.texts(user, "how much is an associate degree")[0]
    assert servers.texts(user, "what are the steps to become a medical biller")[0].startswith(
        "Your career roadmap has 5 steps")
    assert "Step 3 of 5: Gain Practical Experience" in servers.texts(user, "what's step 3?")[0]
    off_topic = servers.say(user, "what's the weather like in paris tomorrow")
    assert off_topic and off_topic[0]["buttons"] and not re.search(r"\d", off_topic[0]["text"])
