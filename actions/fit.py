"""Whether the career suits someone: the fit table, benefits and challenges."""

from actions.base import TopicAction
from actions.formatting import bullets, guide_source


class ActionFit(TopicAction):
    action_name = "action_fit"

    def answer(self, dispatcher, tracker, data):
        dispatcher.utter_message(
            response="utter_fit",
            source=guide_source(),
            great=bullets(data.fit.great_fit_if),
            not_ideal=bullets(data.fit.maybe_not_ideal_if),
            tip=data.skills.tip,
        )


class ActionBenefits(TopicAction):
    action_name = "action_benefits"

    def answer(self, dispatcher, tracker, data):
        dispatcher.utter_message(response="utter_benefits", source=guide_source(), benefits=bullets(data.benefits))


class ActionChallenges(TopicAction):
    action_name = "action_challenges"

    def answer(self, dispatcher, tracker, data):
        dispatcher.utter_message(
            response="utter_challenges", source=guide_source(), challenges=bullets(data.challenges)
        )


class ActionProsCons(TopicAction):
    action_name = "action_pros_cons"

    def answer(self, dispatcher, tracker, data):
        dispatcher.utter_message(response="utter_benefits", source=guide_source(), benefits=bullets(data.benefits))
        dispatcher.utter_message(
            response="utter_challenges", source=guide_source(), challenges=bullets(data.challenges)
        )
