"""Pay actions with a real Tracker, CollectingDispatcher and the real domain."""

import asyncio

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.pay import ActionPay, ActionPayFollowup, ValidateStateForm
from tests.conftest import make_tracker

BLS = "Source: U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics (OEWS) (May 2024)."


@pytest.mark.parametrize(
    "text,entities,state,median,top",
    [
        ("how much do billers make in california", [("place", "california")], "California", "$59,700", "$104,560"),
        ("salary in TX", [], "Texas", "$47,230", "$77,140"),
        ("pay in washington dc", [("place", "washington")], "District of Columbia", "$64,690", "$123,410"),
        ("pay in washington state", [("place", "washington state")], "Washington", "$62,250", "$96,740"),
        ("what do they earn in pennsilvania", [("place", "pennsilvania")], "Pennsylvania", "$46,730", "$74,680"),
        ("pay in oh", [("place", "oh")], "Ohio", "$51,420", "$82,080"),
    ],
)
def test_state_pay(chat, text, entities, state, median, top):
    texts, _, events = chat.run(ActionPay(), text, "ask_salary", entities)
    assert texts == [
        f"In {state}, the median annual pay for medical billing specialists is {median}, "
        f"and the top 10% earn {top} a year.\n{BLS}"
    ]
    assert events == [SlotSet("state", state), SlotSet("topic", "pay")]


@pytest.mark.parametrize(
    "text,entities,named",
    [
        ("salary in puerto rico", [("place", "puerto rico")], "Puerto Rico"),
        ("how much in London", [("place", "London")], "London"),
        ("pay in Toronto", [("place", "Toronto")], "Toronto"),
        ("what about zip 00901", [], "Puerto Rico"),
    ],
)
def test_place_without_data_is_named_with_the_national_figure(chat, text, entities, named):
    texts, messages, events = chat.run(ActionPay(), text, "ask_salary", entities)
    assert texts[0].startswith(f"I don't have a pay figure for {named}:")
    assert "Nationally, the median is $50,250 a year." in texts[0]
    assert events == [SlotSet("topic", "pay")]  # no state remembered, nothing substituted
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/ask_salary", "/ask_salary_my_state"]


@pytest.mark.parametrize(
    "text,read_as,state,median",
    [
        ("whats the pay in atlanta", "Atlanta is in Georgia.", "Georgia", "$48,990"),
        ("I'm near Houston, how much do billers make", "Houston is in Texas.", "Texas", "$47,230"),
        ("billers in salt lake city salary", "Salt Lake City is in Utah.", "Utah", None),
        ("what would I make in Billings, Montana", "Billings is in Montana.", "Montana", None),
        ("pay in london, kentucky", "London is in Kentucky.", "Kentucky", None),
        ("I'm in 30301, what's the pay", "ZIP 30301 is in Georgia.", "Georgia", "$48,990"),
        ("zip 98101 salary", "ZIP 98101 is in Washington.", "Washington", "$62,250"),
    ],
)
def test_a_city_or_zip_is_answered_with_its_states_figures_labelled_as_such(chat, text, read_as, state, median):
    texts, _, events = chat.run(ActionPay(), text, "ask_salary")
    assert texts[0] == (
        f"{read_as} The guide doesn't give pay by city or ZIP code, only by state, so these are {state}'s figures:"
    )
    assert texts[1].startswith(f"In {state}, the median annual pay") and (median is None or median in texts[1])
    assert events == [SlotSet("state", state), SlotSet("topic", "pay")]


@pytest.mark.parametrize(
    "text,options",
    [
        ("how much do billers make in portland", ["Maine", "Oregon"]),
        ("pay in springfield", ["Illinois", "Massachusetts", "Missouri"]),
        ("salary in kansas city", ["Kansas", "Missouri"]),
        ("charleston pay", ["South Carolina", "West Virginia"]),
    ],
)
def test_a_city_name_several_states_share_is_asked_about_with_buttons(chat, text, options):
    texts, messages, events = chat.run(ActionPay(), text, "ask_salary")
    city = texts[0].split("There's more than one ")[1].split(".")[0]
    assert texts == [f"There's more than one {city}. Which one do you mean?"] and "$" not in texts[0]
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert all(f"{city}, {state}" in titles for state in options)
    assert events == [SlotSet("topic", "pay")]  # no state remembered until the visitor picks
    # the button's payload is a place answer for that state
    payload = messages[0]["buttons"][0]["payload"]
    assert payload.startswith("/inform_state{") and city in payload


def test_the_picked_city_is_answered_and_remembered(chat):
    texts, _, events = chat.run(
        ActionPay(), '/inform_state{"place": "Portland, Maine"}', "inform_state", [("place", "Portland, Maine")]
    )
    assert texts[0].startswith("Portland is in Maine.") and texts[1].startswith("In Maine, the median")
    assert SlotSet("state", "Maine") in events


def test_national_pay_names_its_source(chat):
    texts, messages, _ = chat.run(ActionPay(), "how much do medical billers make", "ask_salary")
    assert texts == [
        "Nationally, medical billing specialists earn a median of $50,250 a year ($24.16 an hour). "
        "The top 10% earn $80,950. The 25th percentile is $41,600 and the 75th percentile $64,070.\n"
        'Source: the career guide\'s "Future Job Outlook and Salary Range" summary (2024).'
    ]


def test_my_state_uses_the_remembered_state(chat):
    texts, _, events = chat.run(ActionPay(), "what about my state", "ask_salary_my_state", slots={"state": "Ohio"})
    assert "In Ohio, the median annual pay" in texts[0] and "$51,420" in texts[0]


def test_national_question_is_answered_nationally_even_with_a_remembered_state(chat):
    texts, _, _ = chat.run(ActionPay(), "what's the median salary", "ask_salary", slots={"state": "Ohio"})
    assert texts[0].startswith("Nationally")


def test_several_states_in_one_message(chat):
    texts, _, events = chat.run(ActionPay(), "pay in ohio and michigan", "ask_salary")
    assert "In Ohio" in texts[0] and "In Michigan" in texts[1]
    assert events == [SlotSet("state", "Michigan"), SlotSet("topic", "pay")]


def test_a_failure_becomes_an_apology_not_silence(chat, caplog):
    texts, _, _ = chat.run(ActionPay(), "my state", "ask_salary_my_state", slots={"state": "Atlantis"})
    assert texts == [
        "Sorry, that answer is temporarily unavailable. Please try again in a moment, or ask me something else."
    ]
    assert "test-user" in caplog.text  # logged with the conversation id


def extract(text, entities=(), requested="state"):
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, "inform_state", list(entities), {"requested_slot": requested})
    return asyncio.run(ValidateStateForm().extract_state(dispatcher, tracker, {})), dispatcher.messages


@pytest.mark.parametrize(
    "text,entities,state",
    [
        ("Texas", [("place", "Texas")], "Texas"),
        ("i live in NJ", [], "New Jersey"),
        ("massachusets", [("place", "massachusets")], "Massachusetts"),
        ("D.C.", [], "District of Columbia"),
    ],
)
def test_state_form_normalises_the_answer(text, entities, state):
    slots, messages = extract(text, entities)
    assert slots == {"state": state} and messages == []


def test_state_form_refuses_a_place_without_data_and_asks_again():
    slots, messages = extract("puerto rico", [("place", "puerto rico")])
    assert slots == {"state": None}
    assert messages[0]["response"] == "utter_no_data_place" and messages[0]["place"] == "Puerto Rico"


def test_state_form_ignores_messages_without_a_place():
    assert extract("how much does training cost") == ({}, [])
    assert extract("Texas", [("place", "Texas")], requested="quiz_remote") == ({}, [])


def test_a_state_given_with_the_question_fills_the_form_at_once():
    """ "i live in ohio, what would i make" is pay in Ohio, not "Which state?"."""
    assert extract("i live in ohio, what would i make", requested=None) == ({"state": "Ohio"}, [])


@pytest.mark.parametrize(
    "text,entities,slots,expected",
    [
        (
            "how about the top 10% there?",
            [("pay_measure", "top_10")],
            {"state": "Texas"},
            "In Texas, the top 10% earn $77,140 a year (the median is $47,230).",
        ),
        (
            "and the median?",
            [("pay_measure", "median")],
            {"state": "Ohio"},
            "In Ohio, the median pay is $51,420 a year.",
        ),
        ("hourly?", [("pay_measure", "hourly")], {}, "Nationally, the median hourly pay is $24.16 an hour."),
        ("top earners?", [], {}, "Nationally, the top 10% earn $80,950 a year."),
    ],
)
def test_pay_followups(chat, text, entities, slots, expected):
    texts, _, _ = chat.run(ActionPayFollowup(), text, "ask_pay_followup", entities, slots)
    assert texts[0].startswith(expected)


@pytest.mark.parametrize(
    "text,measure_entity,asked,national",
    [
        ("hourly?", [("pay_measure", "hourly")], "hourly pay", "the median hourly pay is $24.16 an hour"),
        ("and the 25th percentile?", [], "a 25th percentile", "the 25th percentile is $41,600 a year"),
        ("75th percentile there", [], "a 75th percentile", "the 75th percentile is $64,070 a year"),
    ],
)
def test_a_state_figure_the_guide_does_not_give_is_said_plainly(chat, text, measure_entity, asked, national):
    texts, _, _ = chat.run(ActionPayFollowup(), text, "ask_pay_followup", measure_entity, {"state": "Texas"})
    assert texts[0].startswith(
        f"The guide doesn't give {asked} for Texas: its state table has only annual pay. "
        "In Texas, the median is $47,230 a year and the top 10% earn $77,140."
    )
    assert f"Nationally, {national}." in texts[0]


@pytest.mark.parametrize(
    "text,entities",
    [
        ("and what about Ohio?", [("place", "Ohio")]),
        ("and ohio", []),
        ("how about the top 10% in ohio", []),
    ],
)
def test_a_place_named_in_a_followup_beats_the_remembered_one(chat, text, entities):
    texts, _, events = chat.run(ActionPayFollowup(), text, "ask_pay_followup", entities, {"state": "Texas"})
    assert texts[0].startswith("In Ohio,") and "Texas" not in texts[0]
    assert SlotSet("state", "Ohio") in events


def test_a_figure_is_not_given_for_a_message_that_is_not_about_pay(chat):
    texts, messages, _ = chat.run(ActionPay(), "how many miles does my car currently have", "ask_salary")
    assert messages[0]["response"] == "utter_out_of_scope" and "$" not in texts[0]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("top paying states?", "median"),
        ("top 10% in ohio", "top_10"),
        ("what do the top earners make", "top_10"),
        ("hourly pay", "hourly"),
        ("per hr", "hourly"),
        ("25th percentile", "p25"),
        ("75th", "p75"),
        ("wat about top earnrs", "top_10"),
        ("top?", "top_10"),
        ("dang what abt the top ppl", "top_10"),
    ],
)
def test_the_pay_measure_asked(text, expected):
    from actions.pay import asked_pay_measure

    assert asked_pay_measure(make_tracker(text, "ask_salary")) == expected


def test_hourly_pay_in_a_named_state_is_not_in_the_guide(chat):
    texts, _, events = chat.run(ActionPay(), "whats the hourly pay in new york", "ask_salary")
    assert texts[0].startswith("The guide doesn't give hourly pay for New York")
    assert SlotSet("state", "New York") in events


@pytest.mark.parametrize(
    "text",
    [
        "how much do nurses make in texas",
        "whats a pharmacist salary",
        "is the earth flat",
        "how many miles does my car have",
        "can i pay with apple pay at the drive thru",
        "pay my water bill online",
        "whats the 75th percentile height for a 10 yr old boy",
        "median weight for a 40 year old woman",
        "What does the word salary come from?",
        "what does at will employment mean",
    ],
)
def test_no_figure_for_other_jobs_or_unrelated_messages(chat, text):
    texts, messages, _ = chat.run(ActionPay(), text, "ask_salary")
    assert messages[0]["response"] == "utter_out_of_scope" and "$" not in texts[0]


def test_there_refers_to_the_remembered_state_even_when_national_pay_was_guessed(chat):
    texts, _, _ = chat.run(ActionPay(), "whats the 25th percentile there", "ask_salary", slots={"state": "Florida"})
    assert texts[0].startswith("The guide doesn't give a 25th percentile for Florida")


def test_a_state_named_with_any_question_is_the_conversation_s_state(chat):
    from actions.training import ActionTraining

    _, _, events = chat.run(
        ActionTraining(),
        "im in michigan and work in a call center. how long till i could be a biller",
        "ask_training",
        [("place", "michigan")],
    )
    assert SlotSet("state", "Michigan") in events
    texts, _, _ = chat.run(ActionPay(), "what would i make there", "ask_salary", slots={"state": "Michigan"})
    assert "$48,220" in texts[0]
    texts, _, _ = chat.run(
        ActionPayFollowup(),
        "and hourly there",
        "ask_pay_followup",
        [("pay_measure", "hourly")],
        slots={"state": "Michigan"},
    )
    assert texts[0].startswith("The guide doesn't give hourly pay for Michigan")


@pytest.mark.parametrize(
    "text",
    [
        "lienman salary",
        "actuary salary",
        "prfoessor salary",
        "patient care technician pay",
        "photographer income",
        "how much do electircians make in new york city",
        "make me laugh",
        "spire gas bill pay st louis",
        "we make about 110k combined and want a house near raleigh, how much should we spend",
        "Philadelphia wage tax for people who work from home",
        "what's it like living in oklahoma as a californian",
        "how much is the bill usually at hibachi for 2",
        "what year is it",
        "Moving to montana from california",
    ],
)
def test_pay_of_another_job_or_of_the_visitor_gets_no_figure(chat, text):
    texts, messages, _ = chat.run(ActionPay(), text, "ask_salary")
    assert messages[-1]["response"] == "utter_out_of_scope" and "$" not in " ".join(texts)


@pytest.mark.parametrize(
    "text",
    [
        "medical biller salary",
        "starting salary",
        "does it pay well",
        "how much can i make",
        "how much would i realistically make",
        "take home pay in ohio",
        "medcal biler salry",
        "how much do medical billing and coding specialists make",
        "what's the avg pay in tx",
        "how much do people make doing this",
        "do billers make a good living",
        "top 10 percent pay in california?",
        "whats the 25th percentile pay",
        "what does rhode island pay",
        "how much do medcal biling specilists make in flordia",
    ],
)
def test_this_career_s_pay_in_many_words_gets_its_figure(chat, text):
    texts, messages, _ = chat.run(ActionPay(), text, "ask_salary")
    assert "$" in " ".join(texts) or messages[0]["response"] == "utter_not_in_guide", text


def test_national_beats_the_remembered_state(chat):
    texts, _, _ = chat.run(
        ActionPayFollowup(),
        "whats the national top 10%",
        "ask_pay_followup",
        [("pay_measure", "top_10")],
        {"state": "Washington"},
    )
    assert texts[0].startswith("Nationally, the top 10% earn $80,950 a year.")
    texts, _, _ = chat.run(
        ActionPayFollowup(),
        "thats kinda low. whats the national median",
        "ask_pay_followup",
        [("pay_measure", "median")],
        {"state": "Mississippi"},
    )
    assert texts[0].startswith("Nationally, the median pay is $50,250 a year.")


def test_a_bare_place_asks_for_the_figure_asked_last(chat):
    _, _, events = chat.run(
        ActionPayFollowup(), "top 10% in california", "ask_pay_followup", [("pay_measure", "top_10")]
    )
    assert SlotSet("pay_measure", "top_10") in events
    texts, _, _ = chat.run(
        ActionPay(), "and for new york", "inform_state", slots={"topic": "pay", "pay_measure": "top_10"}
    )
    assert "$98,910" in texts[-1]
    texts, _, _ = chat.run(
        ActionPayFollowup(),
        "and the median in ohio please, the typical one",
        "ask_pay_followup",
        slots={"pay_measure": "top_10"},
    )
    assert texts[0].startswith("In Ohio, the median pay is $51,420")


@pytest.mark.parametrize(
    "text",
    [
        "pay bills",
        "correctional officer pay",
        "is it expensive to live in colorado",
        "whats there to do in omaha",
        "is social work worth it salary wise",
    ],
)
def test_everyday_questions_sharing_pay_words_get_no_figure(chat, text):
    texts, messages, _ = chat.run(ActionPay(), text, "ask_salary", [("place", "omaha")] if "omaha" in text else None)
    assert messages[-1]["response"] == "utter_out_of_scope" and "$" not in " ".join(texts)


@pytest.mark.parametrize("text", ["texas?", "and nevada", "what about DC", "how about cali then"])
def test_a_bare_place_is_still_a_pay_follow_up(chat, text):
    texts, _, _ = chat.run(ActionPay(), text, "inform_state", slots={"topic": "pay"})
    assert "$" in texts[-1]


def test_what_i_could_make_is_pay_in_the_visitor_s_state(chat):
    texts, _, _ = chat.run(ActionPay(), "how much could i make", "ask_salary", slots={"state": "Florida"})
    assert "In Florida" in texts[0] and "$45,990" in texts[0]


def test_every_state_s_answers_carry_only_its_own_figures(chat):
    from actions.career import load
    from tests.figures import misplaced

    assert misplaced("In Ohio, the median annual pay for medical billing specialists is $47,230.") == {"47230"}
    for state in load().pay.by_state.rows:
        for action, text in (
            (ActionPay(), f"pay in {state}"),
            (ActionPayFollowup(), f"top 10% in {state}"),
            (ActionPayFollowup(), f"hourly in {state}"),
        ):
            texts, _, _ = chat.run(action, text, "ask_salary", [("place", state)])
            assert texts and not misplaced("\n".join(texts)), (state, texts)


@pytest.mark.parametrize(
    "text,asked,on_pay",
    [
        ("is a history degree useless", False, False),  # two words of another subject, even on pay
        ("michigan vs ohio state rivalry history", False, False),
        ("how long does it take to get a passport", False, False),
        ("how much is netflix", False, False),  # short, but of another subject
        ("how long is the associate degree program online", True, True),
        ("which state is best", True, True),
        ("which pays better ohio or michigan", True, True),
        ("is it worth it", True, True),
        ("roi of a certificate", True, True),
        ("and for the top?", True, True),
    ],
)
def test_weak_figure_words_count_only_in_this_assistant_s_plain_questions(text, asked, on_pay):
    from actions.base import asks_for_figures

    assert asks_for_figures(make_tracker(text, "ask_salary")) is asked
    assert asks_for_figures(make_tracker(text, "ask_salary", slots={"topic": "pay"})) is on_pay


@pytest.mark.parametrize(
    "text,asked",
    [
        ("top 10 dividend stocks", False),
        ("mcdonalds breakfast hours", False),
        ("top 10 tallest mountains in the world", False),
        ("top 10 sunniest states", False),  # a list of something else, not the top 10 percent
        ("top 10 restaurants in miami", False),
        ("top 10 car insurance companies ranked", False),
        ("top 10 ark", True),  # Arkansas, shortened
        ("how do you make tamales", False),  # making, not earning
        ("how do i make more money as a biller", True),
        ("top 5 states", True),
        ("top 10 earners there", True),
        ("and the top 10", True),
        ("wait sorry i meant south carolina, rock hill side", True),  # a change of place
        ("ok whats the cheapest option then", True),
        ("medcal biler salry in ohio", True),
    ],
)
def test_figure_words_of_another_subject_ask_for_no_figure_even_mid_conversation(text, asked):
    from actions.base import asks_for_figures

    assert asks_for_figures(make_tracker(text, "ask_salary", slots={"topic": "pay"})) is asked


@pytest.mark.parametrize(
    "action, text",
    [(ActionPayFollowup(), "top 10?"), (ActionPayFollowup(), "and the top 10%"), (ActionPay(), "whats the median")],
)
def test_a_short_follow_up_right_after_a_comparison_is_answered_for_both_states(chat, action, text):
    slots = {"topic": "compare", "state": "Oklahoma", "compared": ["Kansas", "Oklahoma"]}
    replies, _, _ = chat.run(action, text, "ask_pay_followup", slots=slots)
    joined = " ".join(replies)
    assert "Kansas" in joined and "Oklahoma" in joined, replies
    national, _, _ = chat.run(action, "and nationally?", "ask_pay_followup", slots=slots)
    assert "Kansas" not in " ".join(national) and "Nationally" in " ".join(national)


@pytest.mark.parametrize(
    "text, asks",
    [
        ("how much do billers make in my state", True),
        ("whats the median pay where i live", True),
        ("do i have to pay a medical bill i never received", False),
        ("can i get help paying my heating bill", False),
    ],
)
def test_the_state_form_asks_for_a_state_only_for_a_pay_question(domain, text, asks):
    tracker = make_tracker(text, "ask_salary_my_state")
    slots = asyncio.run(ValidateStateForm().required_slots(["state"], CollectingDispatcher(), tracker, domain))
    assert slots == (["state"] if asks else [])
    asked = make_tracker("i pay rent in ohio", "inform_state", slots={"requested_slot": "state"})
    form = ValidateStateForm()
    assert asyncio.run(form.required_slots(["state"], CollectingDispatcher(), asked, domain)) == ["state"]


def test_a_place_answering_which_state_gets_the_pay_answer_whatever_its_words(chat):
    from rasa_sdk import Tracker

    latest = {"text": "im in minnesota", "intent": {"name": "out_of_scope", "confidence": 1.0}, "entities": []}
    events = [
        {"event": "user", "text": "im in minnesota"},
        {"event": "action", "name": "state_form"},
        {"event": "slot", "name": "state", "value": "Minnesota"},
        {"event": "active_loop", "name": None},
    ]
    tracker = Tracker("t", {"state": "Minnesota"}, latest, events, False, None, {}, "state_form")
    dispatcher = CollectingDispatcher()
    ActionPay().run(dispatcher, tracker, chat.domain)
    assert "$59,310" in chat.render(dispatcher.messages[0])
    unasked = Tracker("t", {"state": "Minnesota"}, latest, events[:1], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    ActionPay().run(dispatcher, unasked, chat.domain)
    assert dispatcher.messages[0]["response"] == "utter_out_of_scope"


@pytest.mark.parametrize(
    "text,state,says",
    [
        ("top end?", "Louisiana", "$71,770"),
        ("The best people earn how much?", "California", "$104,560"),
        ("whats their top 10", "District of Columbia", "$123,410"),
    ],
)
def test_a_short_pay_follow_up_stays_on_the_state_discussed(chat, text, state, says):
    texts, _, _ = chat.run(ActionPay(), text, "ask_salary", slots={"state": state, "topic": "pay"})
    assert says in texts[0] and not texts[0].startswith("Nationally"), texts


@pytest.mark.parametrize(
    "text", ["how do the top earners get there", "how do they get there", "how do i become a top earner"]
)
def test_how_top_earners_get_there_is_the_guide_s_note_not_a_figure(chat, text):
    for action, intent in ((ActionPay(), "ask_salary"), (ActionPayFollowup(), "ask_pay_followup")):
        texts, messages, _ = chat.run(action, text, intent, slots={"topic": "pay"})
        assert [m["response"] for m in messages] == ["utter_top_earners"], texts
        assert "multiple certifications" in texts[0] and "$" not in texts[0]
