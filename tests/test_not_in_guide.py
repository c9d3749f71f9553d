"""In-topic questions the guide does not answer: said plainly, then the closest thing it says."""

import pytest
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.career import gap_in
from actions.certifications import ActionCertifications
from actions.fallback import ActionAskAffirmation
from actions.not_in_guide import ActionNotInGuide, ActionOutOfScope
from actions.pay import ActionPay
from tests.conftest import make_tracker


@pytest.mark.parametrize(
    "text,gap",
    [
        ("how much is the CPB exam", "exam_fees"),
        ("how much does certification cost", "exam_fees"),
        ("is the cpb or cbcs better", "which_certification"),
        ("do i have to renew it", "renewal"),
        ("whats the difference between billing and coding", "billing_vs_coding"),
        ("how much do medical coders make", "billing_vs_coding"),
        ("which school is best", "schools"),
        ("is there financial aid", "financial_aid"),
        ("what will billers make in 2030", "future_pay"),
        ("do they get health insurance", "employer_benefits"),
        ("is part time possible", "part_time"),
        ("do i need a license", "licensing"),
        ("how long until i get hired", "job_placement"),
        ("whats the starting salary", "starting_pay"),
        ("how much do billing managers make", "other_roles_pay"),
        ("is that before taxes", "take_home_pay"),
        ("can i get a bachelors in billing", "other_degrees"),
        ("how many billing jobs are there in ohio", "local_jobs"),
    ],
)
def test_gaps_are_recognised(text, gap):
    assert gap_in(text).key == gap


@pytest.mark.parametrize(
    "text",
    [
        "how much do billers make",
        "how much does the associate degree cost",
        "what are the top paying states",
        "do i need a bachelors degree",
        "do i need a high school diploma",
        "how do i become a medical billing and coding specialist",
        "job outlook through 2034",
        "how long is the certificate program",
        "what does step 3 involve",
        "i'm moving to arizona next year, what do billers make there",
        "who grants it",
        "what is taught in billing school",
    ],
)
def test_questions_the_guide_answers_are_not_gaps(text):
    assert gap_in(text) is None


def test_a_gap_is_said_plainly_then_the_closest_answer(chat):
    texts, messages, _ = chat.run(
        ActionCertifications(), "how much is the CPB exam", "ask_certification", [("certification", "CPB")]
    )
    assert texts[0] == (
        "The guide doesn't give certification exam fees, so I can't tell you that. "
        "Here is the closest thing it does say:"
    )
    assert messages[1]["response"] == "utter_certification" and "CPB stands for" in texts[1]


def test_a_gap_wins_over_a_figure_answer_with_no_invented_figure(chat):
    texts, _, _ = chat.run(ActionPay(), "what will billers make in 2030", "ask_salary")
    assert texts[0].startswith("The guide doesn't give pay in future years")
    assert "7.1%" in texts[1] and "2030" not in " ".join(texts[1:])


def test_an_uncovered_question_without_a_known_gap_says_what_the_guide_covers(chat):
    texts, messages, _ = chat.run(ActionNotInGuide(), "will ai take billing jobs", "ask_not_in_guide")
    assert texts[0].startswith("The guide doesn't cover that, so I can't tell you.")
    assert messages[0]["response"] == "utter_not_in_guide_general"


def test_a_doubtful_classification_without_a_gap_asks_did_you_mean(chat):
    tracker = make_tracker("i live in ohio whats the median there", "ask_not_in_guide")
    tracker.latest_message["intent_ranking"] = [
        {"name": "ask_not_in_guide", "confidence": 0.5},
        {"name": "ask_salary", "confidence": 0.4},
    ]
    dispatcher = CollectingDispatcher()
    events = ActionNotInGuide().run(dispatcher, tracker, {})
    # the state named is remembered whatever the answer turns out to be
    assert dispatcher.messages == [] and events == [
        FollowupAction("action_default_ask_affirmation"),
        SlotSet("state", "Ohio"),
    ]


def test_the_did_you_mean_stage_answers_a_known_gap(chat):
    tracker = make_tracker("how often do i renew the cpb", "nlu_fallback")
    dispatcher = CollectingDispatcher()
    ActionAskAffirmation().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["response"] == "utter_not_in_guide"


def test_out_of_scope_is_declined_unless_it_is_a_gap_question_mid_conversation(chat):
    from actions.not_in_guide import ActionOutOfScope

    first, messages, _ = chat.run(ActionOutOfScope(), "is there an age limit", "out_of_scope")
    assert messages[0]["response"] == "utter_out_of_scope"
    later, messages, _ = chat.run(ActionOutOfScope(), "is there an age limit", "out_of_scope", slots={"topic": "pay"})
    assert messages[0]["response"] == "utter_not_in_guide" and "age requirements" in later[0]
    joke, messages, _ = chat.run(ActionOutOfScope(), "tell me a joke", "out_of_scope", slots={"topic": "pay"})
    assert messages[0]["response"] == "utter_out_of_scope"


@pytest.mark.parametrize(
    "question",
    ["renew my green card", "how do i roll over my old 401k into an ira", "any news on student loan forgiveness"],
)
def test_a_gap_word_about_another_subject_is_declined_mid_conversation(chat, question):
    """The guide's gaps (benefits, renewal) named of the visitor's own job or papers: no follow-up."""
    texts, messages, _ = chat.run(ActionOutOfScope(), question, "out_of_scope", slots={"topic": "pay"})
    assert messages[0]["response"] == "utter_out_of_scope", texts


@pytest.mark.parametrize(
    "question", ["how much does it cost", "cost?", "ok how much does skool cost", "so whats the price"]
)
def test_a_bare_cost_question_is_the_cost_of_training_mid_conversation_only(chat, question):
    _, messages, _ = chat.run(ActionOutOfScope(), question, "out_of_scope")
    assert messages[0]["response"] == "utter_out_of_scope"  # a first message: whose cost?
    texts, messages, _ = chat.run(ActionOutOfScope(), question, "out_of_scope", slots={"topic": "training"})
    assert messages[0]["response"] != "utter_out_of_scope" and "$3,000" in " ".join(texts), texts


@pytest.mark.parametrize("question", ["how much does a new car cost", "what does rent cost in ohio", "cost of living"])
@pytest.mark.parametrize("topic", ["training", "pay"])
def test_the_cost_of_something_else_is_declined_mid_conversation(chat, question, topic):
    _, messages, _ = chat.run(ActionOutOfScope(), question, "out_of_scope", slots={"topic": topic})
    assert messages[0]["response"] == "utter_out_of_scope"


@pytest.mark.parametrize("question", ["average rent in denver", "average car insurance cost in michigan"])
def test_an_average_of_something_else_in_a_state_is_no_pay_question(chat, question):
    texts, messages, _ = chat.run(ActionOutOfScope(), question, "out_of_scope", slots={"topic": "pay"})
    assert messages[0]["response"] == "utter_out_of_scope", texts


def test_a_gap_question_after_any_career_question_is_answered_honestly(domain):
    """Topics that keep no ``topic`` slot (challenges, benefits) count as a conversation under way."""
    from rasa_sdk import Tracker

    from actions.not_in_guide import ActionOutOfScope

    earlier = {"event": "user", "text": "and the downsides", "parse_data": {"intent": {"name": "ask_challenges"}}}
    latest = {
        "text": "do employers usually give health insurance and a 401k",
        "intent": {"name": "out_of_scope", "confidence": 1.0},
        "entities": [],
    }
    tracker = Tracker(
        "t",
        {},
        latest,
        [earlier, {"event": "user", "text": latest["text"], "parse_data": latest}],
        False,
        None,
        {},
        "action_listen",
    )
    dispatcher = CollectingDispatcher()
    ActionOutOfScope().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_not_in_guide"
    greeted = {"event": "user", "text": "hi", "parse_data": {"intent": {"name": "greet"}}}
    tracker = Tracker(
        "t",
        {},
        latest,
        [greeted, {"event": "user", "text": latest["text"], "parse_data": latest}],
        False,
        None,
        {},
        "action_listen",
    )
    dispatcher = CollectingDispatcher()
    ActionOutOfScope().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_out_of_scope"  # a greeting is not a topic


@pytest.mark.parametrize(
    "text,gap",
    [
        ("i mean like dental and vision coverage from the employer", "employer_benefits"),
        ("whats the average bonus for billers", "bonuses"),
        ("do hospitals pay more than clinics", "pay_by_setting"),
        ("is online cheaper than going to campus", "program_formats_cost"),
        ("what internet speed do i need to work from home", "equipment"),
        ("how fast should i be able to type", "typing_speed"),
        ("who is hiring billers near me", "employers_hiring"),
        ("what will billing employment be by 2030", "future_employment"),
        ("do i need a bachelors degree to become a billing manager", "advancement_requirements"),
        ("how much is aapc membership a year", "exam_fees"),
        ("am i too old for this at 55", "licensing"),
        ("do those programs take the GI bill", "financial_aid"),
        ("how long to study for it", "exam_details"),
        ("is cbcs better than cpb", "which_certification"),
        ("how many yrs til management", "advancement_requirements"),
        ("what about 2027 pay in md", "future_pay"),
        ("how many in california alone", "local_jobs"),
        ("miami specifically vs the rest of the state", "pay_by_setting"),
        ("can i live in ct and work remote for a cali company and get cali pay", "pay_by_setting"),
    ],
)
def test_more_gaps(text, gap):
    assert gap_in(text).key == gap


def test_pay_in_a_named_place_is_answered_whatever_the_intent(chat):
    from actions.not_in_guide import ActionNotInGuide

    texts, _, _ = chat.run(ActionNotInGuide(), "vegas billing jobs pay?", "ask_not_in_guide")
    assert texts[0].startswith("Las Vegas is in Nevada") and "$60,530" in texts[1]


@pytest.mark.parametrize(
    "text",
    [
        "whats the weather gonna be like this weekend",
        "how do i get a raise at my current job at walmart",
        "also how do i ask for a raise at my current job",
    ],
)
def test_everyday_questions_with_a_gap_s_word_are_not_gaps(text):
    assert gap_in(text) is None


@pytest.mark.parametrize(
    "text,gap",
    [
        ("do i get weekends off", "part_time"),
        ("do billers work weekends", "part_time"),
        ("do billers get raises", "future_pay"),
    ],
)
def test_the_same_words_about_the_job_are_gaps(text, gap):
    assert gap_in(text).key == gap


@pytest.mark.parametrize(
    "text,gap",
    [
        ("lowest top 10%?", None),
        ("lowest 10 states", None),
        ("bottom 10 percent pay", "low_pay"),
        ("is there overtime pay", "bonuses"),
        ("any cheap schools in san antonio", "schools"),
        ("is there a union for billers", "unions"),
        ("how long is a bachelors degree", "other_degrees"),
        ("do i need a bachelors degree", None),
        ("my credit union pays 4% on savings", None),
    ],
)
def test_gap_patterns_tell_a_ranking_from_a_gap(text, gap):
    from actions.career import gap_in

    found = gap_in(text)
    assert (found.key if found else None) == gap


@pytest.mark.parametrize(
    "text, slots, says, not_says",
    [
        ("ok nvm. what about alaska median", {"topic": "pay", "state": "Hawaii"}, ["$56,740"], ["$62,990"]),
        ("how much in utah", {"topic": "duties"}, ["Utah"], []),
        ("oh wait i meant kentucky sorry", {"topic": "pay", "state": "Arkansas"}, ["$48,020"], ["$39,920"]),
        ("no wait, kentucky", {"topic": "pay", "state": "Ohio"}, ["$48,020"], ["$51,420"]),
        ("same for virginia", {"topic": "pay", "state": "Maryland"}, ["$51,780"], ["$59,140"]),
        ("top 10 ark", {"topic": "pay", "state": "Arkansas"}, ["$67,010"], []),  # not a list of arks
        ("how about mississippi, im near the line", {"topic": "pay", "state": "Louisiana"}, ["$39,970"], ["$43,820"]),
        ("nh since im near nashua", {"topic": "pay", "state": "Massachusetts"}, ["$48,250"], ["$57,220"]),
        (
            "thats lower than i thought. what about new jersey, i could commute",
            {"topic": "pay", "state": "Pennsylvania"},
            ["$49,910"],
            ["$46,730"],
        ),
        ("ok back to it, top 10% in rhode island", {"topic": "pay", "state": "Ohio"}, ["$81,290"], []),
        ("wisconsin pay for billing", {}, ["$55,270"], []),  # a first message in the career's own words
        ("top 10 percent pay in california?", {}, ["$104,560"], []),  # or in the guide's own measure
        ("how much do medcal biling specilists make in flordia", {}, ["$45,990"], []),  # or with typos
        ("new mexico vs arizona for medical billing pay", {}, ["$50,340", "$49,790"], []),
        (
            "hmm which one is better for top earners",
            {"topic": "pay", "state": "Kansas", "compared": ["Missouri", "Kansas"]},
            ["$76,430"],
            [],
        ),
    ],
)
def test_a_pay_question_or_a_change_of_place_nlu_missed_is_answered_for_that_place(chat, text, slots, says, not_says):
    for action in (ActionOutOfScope(), ActionAskAffirmation()):
        replies, _, _ = chat.run(action, text, "out_of_scope", slots=slots)
        joined = " ".join(replies)
        assert all(s in joined for s in says) and not any(s in joined for s in not_says), (action.name(), replies)


@pytest.mark.parametrize(
    "text, slots",
    [
        ("how much in utah", {}),  # a first message that does not say it is about this career
        ("how much is rent in utah", {"topic": "pay"}),
        ("what do nurses make in ohio", {"topic": "pay"}),
        ("whats the weather in providence this weekend", {"topic": "pay", "state": "Ohio"}),
        ("how about the weather in ohio", {"topic": "pay", "state": "Texas"}),
        ("what time is it in chicago", {"topic": "pay", "state": "Texas"}),
        ("i pay too much tax in texas", {"topic": "pay"}),
        ("median home price in texas", {}),
        ("what is the median salary of an mlb player", {}),
        ("whats the minimum wage in california", {}),
    ],
)
def test_other_questions_that_name_a_state_are_still_declined(chat, text, slots):
    _, messages, _ = chat.run(ActionOutOfScope(), text, "out_of_scope", slots=slots)
    assert [m["response"] for m in messages] == ["utter_out_of_scope"], messages


def test_a_message_rated_far_out_of_the_domain_is_no_follow_up(chat):
    """ "pay 500 toward my chase card today" reads like pay in the conversation's state; the
    relevance component's rating (kept on the message) says it is not about the career at all."""
    from rasa_sdk import Tracker

    from actions.not_in_guide import NO_FOLLOW_UP_BELOW

    def reply(text, relevance):
        latest = {"text": text, "intent": {"name": "out_of_scope", "confidence": 1.0}, "entities": []}
        latest["domain_relevance"] = relevance
        tracker = Tracker("t", {"topic": "pay", "state": "Texas"}, latest, [], False, None, {}, "action_listen")
        dispatcher = CollectingDispatcher()
        ActionOutOfScope().run(dispatcher, tracker, chat.domain)
        return [chat.render(m) for m in dispatcher.messages], dispatcher.messages

    texts, messages = reply("top 10 percent pay then", NO_FOLLOW_UP_BELOW + 0.3)
    assert "$77,140" in " ".join(texts)  # a follow-up on Texas's pay
    _, messages = reply("top 10 percent pay then", NO_FOLLOW_UP_BELOW / 2)
    assert messages[0]["response"] == "utter_out_of_scope"
