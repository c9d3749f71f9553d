"""In-topic questions the guide does not answer: say so plainly, then the closest thing it says.

The gaps (exam fees, coding, schools, future pay, ...) and what is closest to each live in the
data file (``not_in_guide``). ``TopicAction.run`` checks every topic question against them first,
so "how much is the CPB exam" gets "the guide doesn't give exam fees" whatever intent NLU chose.
"""
from __future__ import annotations

from actions.base import TopicAction
from actions.career import Gap, gap_in
from actions.certifications import ActionCertificationRequired, ActionCertifications
from actions.costs import ActionCosts
from actions.fit import ActionBenefits
from actions.job import ActionDuties, ActionOutlook, ActionRemote
from actions.training import ActionTraining

CLOSEST = {"certifications": ActionCertifications(), "certification_required": ActionCertificationRequired(),
           "duties": ActionDuties(), "training": ActionTraining(), "costs": ActionCosts(),
           "outlook": ActionOutlook(), "benefits": ActionBenefits(), "remote": ActionRemote()}


def answer_gap(dispatcher, tracker, data, gap: Gap):
    dispatcher.utter_message(response="utter_not_in_guide", subject=gap.subject)
    return CLOSEST[gap.closest].answer(dispatcher, tracker, data) or []


class ActionNotInGuide(TopicAction):
    """Asked something in the topic that the guide does not cover (the ``ask_not_in_guide`` intent)."""

    action_name = "action_not_in_guide"

    def answer(self, dispatcher, tracker, data):
        gap = gap_in(tracker.latest_message.get("text") or "")
        if gap:
            return answer_gap(dispatcher, tracker, data, gap)
        dispatcher.utter_message(response="utter_not_in_guide_general")
        return []
