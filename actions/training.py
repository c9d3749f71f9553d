"""Training programs: how long they take, where, and what they teach."""
from actions.base import TopicAction
from actions.formatting import bullets, duration


class ActionTraining(TopicAction):
    action_name = "action_training"

    def answer(self, dispatcher, tracker, data):
        t = data.training
        dispatcher.utter_message(response="utter_training", duration=duration(t.duration_months),
                                 formats=" or ".join(t.formats), topics=bullets(t.core_topics),
                                 note=t.note, duration_note=t.duration_note,
                                 disclaimer=data.disclaimers.employment)
