"""In-topic questions the guide does not answer: say so plainly, then the closest thing it says.

The gaps (exam fees, coding, schools, future pay, ...) and what is closest to each live in the
data file (``not_in_guide``). ``TopicAction.run`` checks every topic question against them first,
so "how much is the CPB exam" gets "the guide doesn't give exam fees" whatever intent NLU chose.
"""

from __future__ import annotations

import re

from rasa_sdk import Action
from rasa_sdk.events import FollowupAction

from actions.base import (
    FOREIGN_SUBJECT_WORDS,
    OUR_WORDS,
    PAY_WORDS,
    TopicAction,
    about_others,
    asked_state_table,
    asks_for_figures,
    changes_place,
    foreign_words,
    mentioned_places,
    only_places,
    pay_of_an_unknown_job,
    without_other_money,
)
from actions.career import Gap, gap_in
from actions.certifications import ActionCertificationRequired, ActionCertifications
from actions.compare import NOT_PAY, REFERS_TO_COMPARED, ActionCompareStates, compared_before
from actions.costs import ActionCosts
from actions.fallback import TOPICS, ActionAskAffirmation
from actions.fit import ActionBenefits
from actions.job import ActionDuties, ActionOutlook, ActionRemote, ActionSkills
from actions.pay import ActionPay, ActionPayFollowup, asked_pay_measure, named_pay_measure, on_pay_follow_up
from actions.places import PLACE_FILLER
from actions.roadmap import ActionEducation, ActionExperience
from actions.state_tables import answer_state_table
from actions.training import ActionTraining

CLOSEST = {
    "certifications": ActionCertifications(),
    "certification_required": ActionCertificationRequired(),
    "duties": ActionDuties(),
    "training": ActionTraining(),
    "costs": ActionCosts(),
    "outlook": ActionOutlook(),
    "benefits": ActionBenefits(),
    "remote": ActionRemote(),
    "pay": ActionPay(),
    "experience": ActionExperience(),
    "education": ActionEducation(),
    "skills": ActionSkills(),
}


def answer_gap(dispatcher, tracker, data, gap: Gap):
    dispatcher.utter_message(response="utter_not_in_guide", subject=gap.subject)
    return CLOSEST[gap.closest].answer(dispatcher, tracker, data) or []


ALTERNATIVE_CONFIDENCE = 0.2


class ActionNotInGuide(TopicAction):
    """Asked something in the topic that the guide does not cover (the ``ask_not_in_guide`` intent).

    With no known gap in the text, the classification itself is in doubt: when another topic was
    a close second ("i live in ohio, what's the median there"), ask "Did you mean…?" with the
    likeliest topics rather than say the guide has nothing."""

    action_name = "action_not_in_guide"

    def run(self, dispatcher, tracker, domain):
        text = tracker.latest_message.get("text") or ""
        if (
            not gap_in(text)
            and re.search(PAY_WORDS, without_other_money(text))
            and any(p.has_data or p.options for p in mentioned_places(tracker))
        ):
            return ActionPay().run(dispatcher, tracker, domain)  # "vegas billing jobs pay?": pay there
        return super().run(dispatcher, tracker, domain)

    def answer(self, dispatcher, tracker, data):
        gap = gap_in(tracker.latest_message.get("text") or "")
        if gap:
            return answer_gap(dispatcher, tracker, data, gap)
        ranking = tracker.latest_message.get("intent_ranking") or []
        if any(r.get("name") in TOPICS and r.get("confidence", 0) >= ALTERNATIVE_CONFIDENCE for r in ranking[1:]):
            return [FollowupAction(ActionAskAffirmation().name())]
        dispatcher.utter_message(response="utter_not_in_guide_general")
        return []


# A message the relevance component rated this far out of the domain is no follow-up, whatever its
# words. Chosen on the development conversation sets: of the in-topic messages NLU declined, 1 in 69
# was rated lower; of the out-of-domain messages it declined, 73 % were.
NO_FOLLOW_UP_BELOW = 0.1


class ActionOutOfScope(Action):
    """A message judged out of scope is declined, unless it asks for a per-state table of the data
    file, or the conversation is already on the career and it is a follow-up there: a known gap of
    the guide ("is there an age limit?", "is that before taxes?": the honest answer is "the guide
    doesn't give that"), pay in a place or a change of place, a bare cost question. A message the
    relevance component rated far out of the domain is never a follow-up."""

    def name(self):
        return "action_out_of_scope"

    def run(self, dispatcher, tracker, domain):
        text = tracker.latest_message.get("text") or ""
        relevance = tracker.latest_message.get("domain_relevance")
        if relevance is not None and relevance < NO_FOLLOW_UP_BELOW:
            dispatcher.utter_message(response="utter_out_of_scope")  # "pay 500 toward my chase card today"
            return []
        table = asked_state_table(text)
        if table:  # a per-state table of the data file
            return answer_state_table(dispatcher, tracker, table)
        ongoing = under_way(tracker)
        if ongoing and gap_in(text) and not of_another_subject(tracker, text):
            return ActionNotInGuide().run(dispatcher, tracker, domain)
        action = misread_place_turn(tracker)
        if action:
            return action.run(dispatcher, tracker, domain)
        if ongoing and asks_the_cost(text):
            return ActionCosts().answer_known_question(dispatcher, tracker)  # "how much does it cost", "cost?"
        dispatcher.utter_message(response="utter_out_of_scope")
        return []


def of_another_subject(tracker, text: str) -> bool:
    """Words of another subject: "how many pto days do i have left" and "fafsa deadline" name a gap
    of the guide (benefits, financial aid) but are about the visitor's own job or school, not a
    follow-up ("is that before taxes?", "is there an age limit?")."""
    return len(foreign_words(tracker, re.findall(r"[a-z0-9]+", text.lower()))) >= FOREIGN_SUBJECT_WORDS


COST_WORDS = frozenset("cost costs price prices tuition expensive pricey".split())
# the other words of a bare question about the cost of what is being discussed
COST_FILLER = frozenset(
    """
so ok okay and but hmm how much does do would will is it that this the school skool program course training
whats what s me run be to get of for total roughly about usually typically
""".split()
)


def asks_the_cost(text: str) -> bool:
    """A bare question about the cost of training, no other subject ("how much does it cost",
    "cost?", "how much does skool cost"): out of scope alone, the costs question in a conversation
    about the career."""
    words = re.findall(r"[a-z]+", text.lower())
    return 0 < len(words) <= 8 and bool(COST_WORDS & set(words)) and set(words) <= COST_WORDS | COST_FILLER


HOW_MUCH_FILLER = PLACE_FILLER | {"how", "much"}  # "how much in utah", not "how much is rent in utah"


def misread_place_turn(tracker):
    """The action for a question about pay in named states (or in the states just compared), or a
    change of place, that NLU did not recognise: "ok nvm. what about alaska median", "new mexico vs
    arizona for medical billing pay", "hmm which one is better for top earners", "oh wait i meant
    kentucky sorry". Only when the conversation is already on the career or the message says it is
    ("wisconsin pay for billing", "top 10 percent pay in california": the guide's own measures), and
    never for another job or the visitor's own money."""
    text = tracker.latest_message.get("text") or ""
    lowered = text.lower()
    on_the_career = under_way(tracker) or re.search(OUR_WORDS, lowered)
    if (
        not (on_the_career or guide_measure_of_pay(tracker))
        or about_others(text)
        or pay_of_an_unknown_job(text)
        or gap_in(text)
    ):
        return None
    places = list({p.name: p for p in mentioned_places(tracker) if p.has_data}.values())  # "nh, near nashua": one
    if not (on_the_career or places):
        return None  # "the median salary of an mlb player": only a state makes it this career's pay
    words = re.findall(r"[a-z0-9]+", lowered)
    if not re.search(NOT_PAY, lowered) or (
        COST_WORDS & set(words) and not re.search(PAY_WORDS, without_other_money(text))
    ):
        return None  # "average rent in denver", "average car insurance cost in michigan": not pay
    if len(places) == 1 and changes_place(tracker):
        from actions.followup import ActionPlaceFollowup  # imported here: it imports the topic actions

        return ActionPlaceFollowup()
    if not asks_for_figures(tracker):
        return None
    pay_asked = bool(
        re.search(PAY_WORDS, without_other_money(text))
        or named_pay_measure(tracker)
        or re.search(r"\bhow much\b", lowered)
        and only_places(tracker, words, HOW_MUCH_FILLER)
    )
    if pay_asked and (len(places) > 1 or not places and compared_before(tracker, lowered, REFERS_TO_COMPARED)):
        return ActionCompareStates()  # "top 10 for both", "which of those is better for top earners"
    if len(places) == 1 and pay_asked:
        return ActionPay() if asked_pay_measure(tracker) in ("median", "top_10") else ActionPayFollowup()
    if not places and pay_asked and (named_pay_measure(tracker) or on_pay_follow_up(tracker)):
        return ActionPay()  # "k what about the median pay rn": the state discussed, or national
    return None


def guide_measure_of_pay(tracker) -> bool:
    """Pay asked in one of the guide's own measures ("top 10 percent pay", "median salary")."""
    text = tracker.latest_message.get("text") or ""
    return bool(named_pay_measure(tracker) and re.search(PAY_WORDS, without_other_money(text)))


NOT_A_TOPIC = {None, "out_of_scope", "nlu_fallback", "greet", "goodbye", "thanks", "non_text", "forget_me"}


def under_way(tracker) -> bool:
    """Whether the conversation is already about the career: a topic answered, or an earlier
    message understood as one of its questions (the topics without a ``topic`` slot count too)."""
    if tracker.get_slot("topic"):
        return True
    users = [e for e in tracker.events if e.get("event") == "user"][:-1]  # before this message
    return any(((e.get("parse_data") or {}).get("intent") or {}).get("name") not in NOT_A_TOPIC for e in users)
