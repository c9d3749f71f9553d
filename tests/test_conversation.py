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


@pytest.mark.parametrize(
    "message,state,median,top",
    [
        ("how much do billers make in california", "California", "$59,700", "$104,560"),
        ("salary in TX?", "Texas", "$47,230", "$77,140"),
        ("what do medical billers earn in pennsilvania", "Pennsylvania", "$46,730", "$74,680"),
        ("pay in Washington DC", "District of Columbia", "$64,690", "$123,410"),
        ("how much do billers make in washington state", "Washington", "$62,250", "$96,740"),
    ],
)
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
        "CMRS stands for Certified Medical Reimbursement Specialist, awarded by AMBA."
    )
    assert "Associate Degree in Billing: $8,000 – $15,000" in servers.texts(user, "how much is an associate degree")[0]
    assert servers.texts(user, "what are the steps to become a medical biller")[0].startswith(
        "Your career roadmap has 5 steps"
    )
    assert "Step 3 of 5: Gain Practical Experience" in servers.texts(user, "what's step 3?")[0]
    off_topic = servers.say(user, "what's the weather like in paris tomorrow")
    assert off_topic and off_topic[0]["buttons"] and not re.search(r"\d", off_topic[0]["text"])


@pytest.mark.parametrize(
    "unrelated",
    ["pay 500 toward my chase card today", "top 10 restaurants in miami", "how do you make tamales", "fafsa deadline"],
)
def test_an_unrelated_message_after_a_pay_answer_gets_no_figure(servers, unrelated):
    """Mid-conversation, the follow-up readings ("top 10" there, a city's state, a gap of the guide)
    must not turn an everyday request into Texas's pay."""
    user = new_user()
    assert "$47,230" in " ".join(servers.texts(user, "what do medical billers make in texas"))
    replies = servers.texts(user, unrelated)
    assert replies and replies[0].startswith("Sorry, I can't help with that.") and not re.search(r"\d", replies[0])
    assert "$77,140" in " ".join(servers.texts(user, "and the top 10 percent?"))  # the thread is kept


READ_AS = "The guide doesn't give pay by city or ZIP code, only by state"


def test_a_city_and_a_zip_code_get_their_states_figures_labelled_as_the_states(servers):
    user = new_user()
    texts = servers.texts(user, "whats the pay in atlanta")
    assert texts[0].startswith("Atlanta is in Georgia.") and READ_AS in texts[0]
    assert texts[1].startswith("In Georgia, the median annual pay")
    texts = servers.texts(user, "and zip 98101?")
    assert texts[0].startswith("ZIP 98101 is in Washington.") and texts[1].startswith("In Washington,")
    # the state is remembered like any state
    assert "In Washington" in servers.texts(user, "what's the pay in my state")[0]


def test_an_ambiguous_city_asks_once_and_the_choice_is_answered_and_remembered(servers):
    user = new_user()
    asked = servers.say(user, "how much do medical billers make in portland")
    assert asked[0]["text"] == "There's more than one Portland. Which one do you mean?"
    assert not re.search(r"\$\d", asked[0]["text"])
    buttons = {b["title"]: b["payload"] for b in asked[0]["buttons"]}
    assert set(buttons) >= {"Portland, Maine", "Portland, Oregon"}
    texts = servers.texts(user, buttons["Portland, Maine"])  # a click
    assert texts[0].startswith("Portland is in Maine.") and texts[1].startswith("In Maine, the median annual pay")
    top = servers.texts(user, "and the top 10% there?")
    assert "Maine" in top[0] and "top 10%" in top[0] and "Oregon" not in " ".join(top)

    user = new_user()
    assert servers.texts(user, "salary in springfield")[0].startswith("There's more than one Springfield.")
    assert servers.texts(user, "missouri")[0].startswith("In Missouri, the median annual pay")  # typed


FORM_STARTS = {"state_form": "how much would i make in my state?", "fit_quiz_form": "/start_quiz"}


@pytest.mark.parametrize("form", sorted(FORM_STARTS))
def test_every_question_inside_a_form_is_answered_and_the_form_asks_again(servers, form):
    from scripts.interruption_rules import questions

    for intent in sorted(questions()):
        user = new_user()
        asked = servers.texts(user, FORM_STARTS[form])[-1]
        replies = servers.texts(user, f"/{intent}")
        assert len(replies) >= 2 and replies[-1] == asked, (form, intent, replies)
        assert not replies[0].startswith(("Sorry", "I'm not sure")), (form, intent, replies)
