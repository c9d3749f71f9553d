"""Training programs: how long they take, where, and what they teach."""

from actions.base import TopicAction
from actions.career import source
from actions.costs import asked_program, remember
from actions.formatting import bullets, duration, guide_source, money_range, source_line


class ActionTraining(TopicAction):
    """How long training takes: for the program type asked about ("how long is the associate
    degree?"), else the guide's general answer with the core topics."""

    action_name = "action_training"

    def answer(self, dispatcher, tracker, data):
        asked = asked_program(tracker)
        if asked:
            dispatcher.utter_message(
                response="utter_program_duration",
                program=asked.name,
                duration=duration(asked.duration),
                cost=money_range(asked.cost_usd),
                source=source_line(source(data.programs.source)),
            )
            return remember(asked)
        t = data.training
        dispatcher.utter_message(
            response="utter_training",
            source=guide_source(),
            duration=duration(t.duration_months),
            formats=" or ".join(t.formats),
            topics=bullets(t.core_topics),
            note=t.note,
            duration_note=t.duration_note,
            disclaimer=data.disclaimers.employment,
        )
        return []
