"""Comparisons and rankings with the real domain; derived figures are labelled as derived."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.compare import ActionCompareStates, ActionHighestPayingStates, ActionLowestPayingStates, ActionStateRank
from actions.followup import ActionPlaceFollowup
from actions.pay import ActionPay

BLS = "Source: U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics (OEWS) (May 2024)."


def test_two_states_side_by_side_with_the_difference(chat):
    texts, _, _ = chat.run(
        ActionCompareStates(),
        "compare ohio and michigan",
        "ask_compare_states",
        [("place", "ohio"), ("place", "michigan")],
    )
    assert texts[0] == (
        "Side by side:\n• Ohio: median $51,420, top 10% $82,080\n"
        "• Michigan: median $48,220, top 10% $70,570\n\n"
        "Ohio's median is $3,200 (6.6%) higher than Michigan's (difference derived from the "
        f"figures above).\n{BLS}"
    )


def test_does_utah_pay_more_than_idaho(chat):
    texts, _, _ = chat.run(ActionCompareStates(), "does utah pay more than idaho", "ask_compare_states")
    assert "Idaho's median is $1,230 (2.6%) higher than Utah's" in texts[0]


def test_state_against_the_national_median(chat):
    texts, _, events = chat.run(
        ActionCompareStates(),
        "how does florida compare to the national average",
        "ask_compare_states",
        [("place", "florida")],
    )
    assert texts[0].startswith(
        "In Florida, the median annual pay is $45,990: $4,260 (8.5%) below the national "
        "median of $50,250 (difference derived"
    )
    assert SlotSet("state", "Florida") in events and SlotSet("topic", "compare") in events


def test_compare_with_a_place_without_data_names_it(chat):
    texts, _, _ = chat.run(
        ActionCompareStates(),
        "compare texas and puerto rico",
        "ask_compare_states",
        [("place", "texas"), ("place", "puerto rico")],
    )
    assert texts[0].startswith("I don't have a pay figure for Puerto Rico")
    assert texts[1].startswith("In Texas, the median annual pay is $47,230")


def test_compare_without_states_asks_which(chat):
    texts, _, _ = chat.run(ActionCompareStates(), "compare", "ask_compare_states")
    assert texts[0].startswith("Which states would you like to compare?")


def test_highest_default_is_the_guides_list(chat):
    texts, _, _ = chat.run(ActionHighestPayingStates(), "which states pay the most", "ask_highest_paying_states")
    assert texts[0].startswith(
        "The highest-paying states are District of Columbia ($64,690 median), "
        "Rhode Island ($63,330 median) and Hawaii ($62,990 median)."
    )
    assert BLS in texts[0]


def test_top_n_by_top_10_percent(chat):
    texts, _, _ = chat.run(
        ActionHighestPayingStates(),
        "top 3 states by top 10% pay",
        "ask_highest_paying_states",
        [("count", "3"), ("pay_measure", "top_10")],
    )
    assert texts[0].startswith(
        "The 3 highest-paying states by top 10% annual pay:\n1. District of Columbia: "
        "$123,410\n2. Maryland: $107,870\n3. California: $104,560"
    )


def test_bottom_five_by_median(chat):
    texts, _, _ = chat.run(ActionLowestPayingStates(), "lowest paying states", "ask_lowest_paying_states")
    assert texts[0].startswith(
        "The 5 lowest-paying states by median annual pay:\n1. Alabama: $38,540\n"
        "2. Arkansas: $39,920\n3. Mississippi: $39,970\n4. West Virginia: $43,710\n"
        "5. Louisiana: $43,820"
    )


@pytest.mark.parametrize(
    "text,entities,expected",
    [
        (
            "where does texas rank",
            [("place", "texas")],
            "Texas ranks #43 of 51 (the states and DC) by median pay ($47,230), "
            "and #23 of 51 by top 10% pay ($77,140).",
        ),
        (
            "where does wyoming rank",
            [("place", "wyoming")],
            "Wyoming ranks #17 (tied with North Dakota) of 51 (the states and DC) by median pay ($53,550)",
        ),
    ],
)
def test_state_rank(chat, text, entities, expected):
    texts, _, _ = chat.run(ActionStateRank(), text, "ask_state_rank", entities)
    assert texts[0].startswith(expected)


def test_rank_uses_the_remembered_state(chat):
    texts, _, _ = chat.run(ActionStateRank(), "where does it rank", "ask_state_rank", slots={"state": "Ohio"})
    assert texts[0].startswith("Ohio ranks #")


@pytest.mark.parametrize(
    "text,entities,first,second",
    [
        (
            "michigan compared with canada",
            [("place", "michigan"), ("place", "canada")],
            "I don't have a pay figure for canada",
            "In Michigan",
        ),
        ("fla vs ga", [("place", "fla"), ("place", "ga")], "Side by side:\n• Georgia", None),
    ],
)
def test_text_matches_and_nlu_tags_are_merged(chat, text, entities, first, second):
    texts, _, _ = chat.run(ActionCompareStates(), text, "ask_compare_states", entities)
    assert texts[0].startswith(first)
    if second:
        assert texts[1].startswith(second)
    else:
        assert "• Florida" in texts[0]


def test_everyday_words_are_not_the_country(chat):
    from actions.places import find_in_text

    assert [p.name for p in find_in_text("can you tell us the national salary in texas")] == ["Texas"]


@pytest.mark.parametrize(
    "text,entities",
    [
        ("compare texas and texas", [("place", "texas"), ("place", "texas")]),
        ("TX vs TX", []),
        ("TX TX TX", []),
    ],
)
def test_a_state_compared_with_itself_is_said_and_compared_with_the_nation(chat, text, entities):
    texts, _, _ = chat.run(ActionCompareStates(), text, "ask_compare_states", entities)
    assert texts[0].startswith("You named Texas more than once, so there is no second state to compare it with.")
    assert texts[1].startswith("In Texas, the median annual pay is $47,230: $3,020 (6%) below the national")
    assert "$0" not in " ".join(texts)


def test_my_state_is_compared_with_the_state_named(chat):
    texts, _, _ = chat.run(
        ActionCompareStates(),
        "how does my state compare to virginia",
        "ask_compare_states",
        slots={"state": "North Carolina"},
    )
    assert "• Virginia: median $51,780" in texts[0] and "• North Carolina: median $47,840" in texts[0]


def test_a_ranking_is_only_given_for_a_question_about_places(chat):
    texts, messages, _ = chat.run(ActionHighestPayingStates(), "best paying tech jobs", "ask_highest_paying_states")
    assert messages[0]["response"] == "utter_out_of_scope"
    texts, messages, _ = chat.run(ActionHighestPayingStates(), "top paying states?", "ask_highest_paying_states")
    assert messages[0]["response"] == "utter_highest_paying_states"


def test_which_one_pays_more_answers_about_the_states_compared_last(chat):
    texts, _, events = chat.run(
        ActionCompareStates(),
        "compare california and new york",
        "ask_compare_states",
        [("place", "california"), ("place", "new york")],
    )
    assert (
        SlotSet("compared", ["California", "New York"]) in events
        or SlotSet("compared", ["New York", "California"]) in events
    )
    compared = next(e["value"] for e in events if e["name"] == "compared")
    texts, _, _ = chat.run(
        ActionHighestPayingStates(), "which one pays more", "ask_highest_paying_states", slots={"compared": compared}
    )
    assert texts[0].startswith("Side by side:") and "New York" in texts[0] and "Georgia" not in texts[0]
    texts, _, _ = chat.run(
        ActionCompareStates(),
        "how do they stack up against the national median",
        "ask_compare_states",
        slots={"compared": compared},
    )
    assert len(texts) == 2 and all("national median of $50,250" in t for t in texts)
    # without an earlier comparison, a ranking question is a ranking
    texts, _, _ = chat.run(ActionHighestPayingStates(), "which states pay the most", "ask_highest_paying_states")
    assert "District of Columbia" in texts[0]


def test_a_ranking_question_naming_one_state_says_where_it_ranks(chat):
    texts, _, _ = chat.run(ActionHighestPayingStates(), "keystone state billing median", "ask_highest_paying_states")
    assert texts[0].startswith("Pennsylvania ranks #") and "$46,730" in texts[0]


def test_vs_a_state_compares_it_with_the_state_discussed(chat):
    texts, _, events = chat.run(
        ActionCompareStates(), "vs WA", "ask_compare_states", [("place", "wa")], slots={"state": "District of Columbia"}
    )
    assert texts[0].startswith("Side by side:") and "$64,690" in texts[0] and "$62,250" in texts[0]
    texts, _, _ = chat.run(
        ActionPlaceFollowup(),
        "vs maryland?",
        "inform_state",
        [("place", "maryland")],
        slots={"state": "District of Columbia", "topic": "pay"},
    )
    assert texts[0].startswith("Side by side:") and "$59,140" in texts[0]
    # with the national median asked for, it is that state against the nation
    texts, _, _ = chat.run(
        ActionCompareStates(),
        "how does maryland compare to the national median",
        "ask_compare_states",
        [("place", "maryland")],
        slots={"state": "District of Columbia"},
    )
    assert len(texts) == 1 and "national median of $50,250" in texts[0] and "Columbia" not in texts[0]


def test_a_figure_asked_of_one_state_mid_comparison_is_that_figure(chat):
    texts, _, _ = chat.run(
        ActionCompareStates(),
        "what about cali top 10%",
        "inform_state",
        [("place", "cali"), ("pay_measure", "top_10")],
        slots={"topic": "compare"},
    )
    assert "$104,560" in texts[0] and "$59,700" in texts[0]


@pytest.mark.parametrize(
    "action, text, intent, entities, first",
    [
        (
            ActionHighestPayingStates(),
            "which states pay the most",
            "ask_highest_paying_states",
            [],
            "District of Columbia",
        ),
        (ActionLowestPayingStates(), "which state has the lowest median", "ask_lowest_paying_states", [], "Alabama"),
        (
            ActionHighestPayingStates(),
            "top 3 states for top earners",
            "ask_highest_paying_states",
            [("count", "3"), ("pay_measure", "top_10")],
            "District of Columbia",
        ),
    ],
)
def test_a_ranking_remembers_its_first_state_for_there(chat, action, text, intent, entities, first):
    _, _, events = chat.run(action, text, intent, entities)
    assert SlotSet("state", first) in events


def test_which_is_higher_compares_the_two_states_discussed(chat):
    _, _, events = chat.run(ActionPay(), "cali?", "inform_state", [("place", "cali")], slots={"state": "Texas"})
    assert SlotSet("compared", ["Texas", "California"]) in events
    texts, _, _ = chat.run(
        ActionCompareStates(),
        "which is higher",
        "ask_compare_states",
        slots={"compared": ["Texas", "California"], "state": "California"},
    )
    assert texts[0].startswith("Side by side:") and "$47,230" in texts[0] and "$59,700" in texts[0]
    # a superlative is a ranking, not a comparison of the two
    texts, _, _ = chat.run(
        ActionHighestPayingStates(),
        "which state pays the most",
        "ask_highest_paying_states",
        slots={"compared": ["Texas", "California"]},
    )
    assert "District of Columbia" in texts[0]


def test_a_ranking_of_something_other_than_pay_is_declined(chat):
    texts, messages, _ = chat.run(
        ActionHighestPayingStates(), "what state has the most people", "ask_highest_paying_states"
    )
    assert messages[0]["response"] == "utter_out_of_scope" and "$" not in texts[0]


def test_my_state_against_the_nation_with_no_state_known_asks_which_state(chat):
    _, messages, _ = chat.run(
        ActionCompareStates(), "how does my state compare to the national median", "ask_compare_states"
    )
    assert messages[0]["response"] == "utter_ask_state"


def test_places_compared_on_something_other_than_pay_get_no_figures(chat):
    texts, messages, _ = chat.run(
        ActionCompareStates(),
        "is washington state or oregon cheaper",
        "ask_compare_states",
        [("place", "washington"), ("place", "oregon")],
    )
    assert messages[0]["response"] == "utter_out_of_scope" and "$" not in texts[0]


def test_is_it_one_of_the_highest_asks_where_the_state_discussed_ranks(chat):
    texts, messages, events = chat.run(
        ActionHighestPayingStates(),
        "is it one of the highest paying states",
        "ask_highest_paying_states",
        slots={"state": "Rhode Island"},
    )
    assert messages[0]["response"] == "utter_state_rank" and "Rhode Island" in texts[0]
    assert SlotSet("state", "District of Columbia") not in events


@pytest.mark.parametrize(
    "action,text,intent,remembered,says",
    [
        (ActionPay(), "so massachusetts pays more?", "ask_salary", "New Hampshire", ["$57,220", "$48,250"]),
        (ActionPay(), "texas is better?", "ask_salary", "Louisiana", ["$47,230", "$43,820"]),
        (ActionCompareStates(), "compare median w PA", "ask_compare_states", "Delaware", ["$52,020", "$46,730"]),
        (
            ActionCompareStates(),
            "and how does that compare to maryland top 10",
            "ask_compare_states",
            "Virginia",
            ["$76,560", "$107,870"],
        ),
    ],
)
def test_one_state_set_against_the_one_discussed_is_compared_with_it(chat, action, text, intent, remembered, says):
    texts, _, _ = chat.run(action, text, intent, slots={"state": remembered, "topic": "pay"})
    assert texts[0].startswith("Side by side:") and all(s in texts[0] for s in says), texts


def test_a_state_named_after_another_without_comparing_is_that_state_alone(chat):
    texts, _, _ = chat.run(ActionPay(), "what about new jersey", "ask_salary", slots={"state": "Pennsylvania"})
    assert "$49,910" in texts[0] and "$46,730" not in " ".join(texts)


def test_which_of_those_three_compares_the_last_three_states_discussed(chat):
    events = [{"event": "slot", "name": "state", "value": s} for s in ("Ohio", "Kansas", "Oklahoma", "Missouri")]
    tracker = Tracker(
        "u",
        {"state": "Missouri", "topic": "pay"},
        {
            "text": "ok which of those 3 is best for top earners",
            "intent": {"name": "ask_compare_states"},
            "entities": [],
        },
        events,
        False,
        None,
        {},
        "action_listen",
    )
    dispatcher = CollectingDispatcher()
    ActionCompareStates().run(dispatcher, tracker, chat.domain)
    text = chat.render(dispatcher.messages[0])
    assert all(s in text for s in ("Kansas", "Oklahoma", "Missouri")) and "Ohio" not in text and "$76,430" in text


def test_a_ranking_inside_the_state_form_does_not_answer_which_state_the_visitor_is_in(chat):
    dispatcher = CollectingDispatcher()
    tracker = Tracker(
        "u",
        {"requested_slot": "state"},
        {"text": "/ask_highest_paying_states", "intent": {"name": "ask_highest_paying_states"}, "entities": []},
        [],
        False,
        None,
        {"name": "state_form"},
        "action_listen",
    )
    events = ActionHighestPayingStates().run(dispatcher, tracker, chat.domain)
    assert dispatcher.messages and not [e for e in events if e.get("name") == "state"]


def test_a_place_in_the_ranking_is_listed_down_to_it_not_read_as_a_step(chat):
    from actions.roadmap import ActionStep

    texts, _, _ = chat.run(
        ActionStep(), "second highest?", "ask_step", [("step", "second")], slots={"topic": "ranking"}
    )
    assert texts[0].startswith(
        "The 2 highest-paying states by median annual pay:\n1. District of Columbia: $64,690\n2. Rhode Island: $63,330"
    )
    texts, _, _ = chat.run(ActionStep(), "and the 3rd lowest", "ask_step", slots={"topic": "ranking"})
    assert "3. Mississippi: $39,970" in texts[0]
    texts, _, _ = chat.run(ActionStep(), "whats the second step", "ask_step", [("step", "second")])
    assert texts[0].startswith("Step 2 of 5")
