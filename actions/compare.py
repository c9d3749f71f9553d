"""Comparisons and rankings of state pay: side by side, against the national median, top/bottom
N, and where a state ranks. Differences and percentages come from ``career``'s derivations."""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

from rasa_sdk.events import SlotSet

from actions.base import MY_STATE, TopicAction, entity_values, mentioned_places, number_in
from actions.career import MEASURES, load, percent_difference, rank_of, ranked, source, state_figure, state_pay
from actions.formatting import join_names, money, source_line
from actions.pay import (
    NATIONAL_ASKED,
    asked_pay_measure,
    named_pay_measure,
    remembered_measure,
    utter_national_figure,
    utter_no_data,
    utter_state_figure,
)

DEFAULT_LIST_LENGTH = 5


def asked_measure(tracker) -> str:
    """Rankings are by median or by top 10% pay (an hourly ranking would be the same as median)."""
    return "top_10" if named_pay_measure(tracker) == "top_10" else "median"


# "second highest?", "the 3rd lowest one": a place in a ranking (the listing goes down to it)
POSITIONS = {"second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5}
ASKED_POSITION = rf"\b({'|'.join(POSITIONS)})[\s-]+(highest|lowest|best|worst|top|bottom)\b"


def asked_position(text: str) -> Optional[Tuple[int, str]]:
    """(position, "highest" or "lowest") of a place in a ranking asked for, else None."""
    found = re.search(ASKED_POSITION, text.lower())
    if not found:
        return None
    return POSITIONS[found.group(1)], "lowest" if found.group(2) in ("lowest", "worst", "bottom") else "highest"


def asked_count(tracker, default: int = DEFAULT_LIST_LENGTH) -> int:
    text = " ".join(entity_values(tracker, "count")) or ""
    position = asked_position(tracker.latest_message.get("text") or "")
    number = number_in(text) or (position[0] if position else None)
    return max(1, min(number or default, len(load().pay.by_state.rows)))


def states_in(dispatcher, tracker, data) -> List[str]:
    """Known jurisdictions named in the message; places without data are named back."""
    named = mentioned_places(tracker)
    for place in named:
        if not place.has_data and not place.national:
            utter_no_data(dispatcher, data, place.name)
    return [p.name for p in named if p.has_data]


def _listing(rows, measure: str) -> str:
    return "\n".join(f"{i}. {p.state}: {money(state_figure(p, measure))}" for i, p in enumerate(rows, 1))


# "which one pays more", "how do they stack up against the national median": the states compared
# last (the ``compared`` slot), when the message names none.
WHICH_OF_THEM = (
    r"\bwhich (one|of (them|the two|those|these|both))\b|\b(the two|both of them|those two|these two)\b|"
    r"\bwhich (is|pays|has|earns|makes)\b(?!.{0,25}\b(most|highest|lowest|least|best|worst)\b)|"
    r"^\W*(the )?higher one\b|\bwho comes out ahead\b|\bwhich one wins\b"
)
REFERS_TO_COMPARED = WHICH_OF_THEM + r"|\b(both|them|they|each)\b"
# "vs WA", "compared to maryland?", "so mass pays more?", "texas is better?", "compare median w PA": one
# state set against the one discussed.
AGAINST = (
    r"^\W*(and |or |but )?(vs\.?|versus|against|compared? (to|with)|how about vs)\b|\b(vs\.?|versus)\W*$|"
    r"\b(compare[sd]?|comparison|better|worse|beats?)\b|\b(pays?|earns?|makes?) (more|less)\b|"
    r"\b(more|less) than\b"
)


def against_remembered(tracker, states: List[str]) -> bool:
    """One state named, set against the different one discussed, and not the national figure."""
    text = (tracker.latest_message.get("text") or "").lower()
    remembered = tracker.get_slot("state")
    return (
        len(states) == 1
        and bool(remembered)
        and remembered not in states
        and bool(re.search(AGAINST, text))
        and not re.search(NATIONAL_ASKED, text)
    )


# "which of those 3 is best for top earners": the last N states discussed, one after another
THE_LAST_N = r"\b(?:of )?(?:those|these|the|all|them) (two|2|three|3|four|4|five|5)\b"
NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5}


def compared_before(tracker, text: str, refers: str = REFERS_TO_COMPARED) -> List[str]:
    """The states compared last, or the last N states discussed ("those 3")."""
    compared = list(tracker.get_slot("compared") or [])
    wanted = re.search(THE_LAST_N, text)
    if wanted:
        n = NUMBERS.get(wanted.group(1)) or int(wanted.group(1))
        discussed = discussed_states(tracker)
        if len(compared) < n <= len(discussed):
            return discussed[-n:]
    return compared if len(compared) > 1 and (re.search(refers, text) or wanted) else []


def discussed_states(tracker) -> List[str]:
    """The states of the conversation, each once, the latest last (from the ``state`` slot's history)."""
    states: List[str] = []
    for event in tracker.events:
        if event.get("event") == "slot" and event.get("name") == "state" and event.get("value"):
            if event["value"] in states:
                states.remove(event["value"])
            states.append(event["value"])
    return states


# "is washington or oregon cheaper", "which is warmer, texas or florida": places compared on
# something other than pay.
NOT_PAY = (
    r"^(?!.*\b(cheaper|pricier|more expensive|less expensive|expensive|cheap|affordable|rent|housing|taxes|"
    r"weather|warmer|colder|hotter|safer|crime|beaches|bigger|larger|smaller|population|to live|"
    r"what time|time zone|timezone|traffic|news|restaurants?|hotels?|flights?|things to do)\b)"
)


class ActionCompareStates(TopicAction):
    action_name = "action_compare_states"
    gives_figures = True
    needs = NOT_PAY
    topic = "compare"

    def answer(self, dispatcher, tracker, data):
        states = states_in(dispatcher, tracker, data)
        remembered = tracker.get_slot("state")
        text = (tracker.latest_message.get("text") or "").lower()
        earlier = [] if states else compared_before(tracker, text)
        if earlier and re.search(NATIONAL_ASKED, text):  # "how do they compare with the national median"
            for state in earlier:
                utter_against_national(dispatcher, data, state)
            return []
        states = states or earlier
        if (
            remembered
            and remembered not in states
            and (not states or against_remembered(tracker, states) or re.search(MY_STATE, text))
        ):
            states = [remembered] + states  # "how does my state compare to virginia?", "vs WA"
        if not states:  # "how does my state compare?" with no state known yet: which is it?
            dispatcher.utter_message(response="utter_ask_state" if re.search(MY_STATE, text) else "utter_compare_which")
            return []
        if len(states) == 1:
            if len([p for p in mentioned_places(tracker, unique=False) if p.has_data]) > 1:
                dispatcher.utter_message(response="utter_compare_same_state", state=states[0])
            measure = asked_pay_measure(tracker)
            if measure != "median":  # "what about cali top 10%" after a comparison: that figure
                utter_state_figure(dispatcher, data, states[0], measure)
                if re.search(NATIONAL_ASKED, text):  # "how does that compare to the national top 10"
                    utter_national_figure(dispatcher, data, measure)
            else:
                utter_against_national(dispatcher, data, states[0])
            return [SlotSet("state", states[0])] + remembered_measure(tracker)
        src = source_line(source(data.pay.by_state.source))
        pays = sorted((state_pay(s) for s in states), key=lambda p: -p.median_annual)
        rows = "\n".join(
            f"• {p.state}: median {money(p.median_annual)}, top 10% {money(p.top_10_percent_annual)}" for p in pays
        )
        high, low = pays[0], pays[-1]
        diff = high.median_annual - low.median_annual
        dispatcher.utter_message(
            response="utter_compare_states",
            rows=rows,
            high=high.state,
            low=low.state,
            difference=money(diff),
            percent=f"{percent_difference(high.median_annual, low.median_annual):g}%",
            source=src,
        )
        return [SlotSet("compared", states)] + remembered_measure(tracker)


def utter_against_national(dispatcher, data, state: str) -> None:
    pay, national = state_pay(state), data.pay.national.median_annual
    diff = pay.median_annual - national
    dispatcher.utter_message(
        response="utter_compare_national",
        state=pay.state,
        median=money(pay.median_annual),
        national=money(national),
        difference=money(abs(diff)),
        percent=f"{abs(percent_difference(pay.median_annual, national)):g}%",
        direction="above" if diff > 0 else "below" if diff < 0 else "level with",
        source=source_line(source(data.pay.by_state.source)),
        national_source=source_line(source(data.pay.national.source)),
    )


# A ranking is an answer about places: "best paying tech jobs" is not a question about states.
ABOUT_PLACES = r"\b(states?|where|places?|locations?|regions?|parts of the (country|us)|areas?|bill(ers?|ing))\b"
# ...and about pay: "what state has the most people" is not a ranking of pay.
ABOUT_PAY = (
    r"\b(pay\w*|paid|salar\w*|wages?|earn\w*|make|makes|money|income|median|top|highest|lowest|best|"
    r"worst|rich\w*|comp\w*|bill\w*|lucrative|dollars?)\b"
)
RANKING_ASKED = rf"^(?=.*{ABOUT_PLACES})(?=.*{ABOUT_PAY})"


class RankingAction(TopicAction):
    """A ranking, unless the message asks "which one pays more?" of the states compared last (then
    that comparison) or names one state and no number ("keystone state billing median", "is texas
    among the best paying"): then where that state ranks, with its figures."""

    def run(self, dispatcher, tracker, domain):
        if compared_before(tracker, (tracker.latest_message.get("text") or "").lower(), WHICH_OF_THEM):
            return ActionCompareStates().run(dispatcher, tracker, domain)
        named = [p for p in mentioned_places(tracker) if p.has_data]
        text = (tracker.latest_message.get("text") or "").lower()
        about_remembered = not named and tracker.get_slot("state") and re.search(ABOUT_THE_STATE, text)
        if (len(named) == 1 or about_remembered) and not entity_values(tracker, "count"):
            return ActionStateRank().run(dispatcher, tracker, domain)
        return super().run(dispatcher, tracker, domain)


# "is it one of the highest paying states", "where does that rank": the state discussed.
ABOUT_THE_STATE = MY_STATE + r"|\b(is|does|did|how does|where does) (it|that|this|she|they)\b"


class ActionHighestPayingStates(RankingAction):
    """The guide's own list, unless a number or a measure was asked for: then the table's top N."""

    action_name = "action_highest_paying_states"
    gives_figures = True
    needs = RANKING_ASKED
    topic = "ranking"

    def answer(self, dispatcher, tracker, data):
        src = source_line(source(data.pay.by_state.source))
        measure = asked_measure(tracker)
        if (
            entity_values(tracker, "count")
            or measure != "median"
            or asked_position(tracker.latest_message.get("text") or "")
        ):
            rows = ranked(measure)[: asked_count(tracker)]
            dispatcher.utter_message(
                response="utter_ranked_states",
                order="highest",
                count=len(rows),
                measure=MEASURES[measure],
                rows=_listing(rows, measure),
                source=src,
            )
            return [SlotSet("state", rows[0].state)]  # "how much is it there?" is about the first
        table = data.pay.by_state.rows
        listed = join_names([f"{s} ({money(table[s][0])} median)" for s in data.pay.highest_paying_states])
        dispatcher.utter_message(
            response="utter_highest_paying_states", states=listed, note=data.pay.top_earners_note, source=src
        )
        return [SlotSet("state", data.pay.highest_paying_states[0])]


class ActionLowestPayingStates(RankingAction):
    action_name = "action_lowest_paying_states"
    gives_figures = True
    needs = RANKING_ASKED
    topic = "ranking"

    def answer(self, dispatcher, tracker, data):
        measure = asked_measure(tracker)
        rows = list(reversed(ranked(measure)))[: asked_count(tracker)]
        dispatcher.utter_message(
            response="utter_ranked_states",
            order="lowest",
            count=len(rows),
            measure=MEASURES[measure],
            rows=_listing(rows, measure),
            source=source_line(source(data.pay.by_state.source)),
        )
        return [SlotSet("state", rows[0].state)]


class ActionStateRank(TopicAction):
    action_name = "action_state_rank"
    gives_figures = True
    topic = "rank"

    def answer(self, dispatcher, tracker, data):
        states = states_in(dispatcher, tracker, data) or [s for s in [tracker.get_slot("state")] if s]
        if not states:
            if not mentioned_places(tracker):
                dispatcher.utter_message(response="utter_compare_which")
            return []
        for state in states:
            pay, by_median, by_top = state_pay(state), rank_of(state, "median"), rank_of(state, "top_10")
            tie = f" (tied with {join_names(by_median.tied_with)})" if by_median.tied_with else ""
            dispatcher.utter_message(
                response="utter_state_rank",
                state=state,
                median=money(pay.median_annual),
                median_rank=by_median.position,
                tie=tie,
                of=by_median.of,
                top_10=money(pay.top_10_percent_annual),
                top_rank=by_top.position,
                source=source_line(pay.source),
            )
        return [SlotSet("state", states[-1])]
