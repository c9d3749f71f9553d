"""What the job is: overview, duties, workplaces, remote work, skills and outlook."""

from actions.base import TopicAction, mentioned_places
from actions.career import source
from actions.formatting import bullets, count, guide_source, percent, source_line


class ActionOverview(TopicAction):
    action_name = "action_overview"

    def answer(self, dispatcher, tracker, data):
        o = data.overview
        dispatcher.utter_message(
            response="utter_overview",
            source=guide_source(),
            summary=o.summary,
            why_it_matters=o.why_it_matters,
            in_short=o.in_short,
        )


class ActionDuties(TopicAction):
    action_name = "action_duties"

    def answer(self, dispatcher, tracker, data):
        dispatcher.utter_message(response="utter_duties", source=guide_source(), duties=bullets(data.duties))


class ActionWorkplaces(TopicAction):
    action_name = "action_workplaces"

    def answer(self, dispatcher, tracker, data):
        dispatcher.utter_message(
            response="utter_workplaces",
            source=guide_source(),
            workplaces=bullets(f"{w.name} – {w.role}" for w in data.workplaces),
        )


class ActionRemote(TopicAction):
    action_name = "action_remote"

    def answer(self, dispatcher, tracker, data):
        dispatcher.utter_message(
            response="utter_remote", source=guide_source(), summary=data.remote.summary, note=data.remote.note
        )


class ActionSkills(TopicAction):
    action_name = "action_skills"

    def answer(self, dispatcher, tracker, data):
        dispatcher.utter_message(
            response="utter_skills", source=guide_source(), skills=bullets(data.skills.items), tip=data.skills.tip
        )


class ActionOutlook(TopicAction):
    action_name = "action_outlook"
    gives_figures = True

    def answer(self, dispatcher, tracker, data):
        place = next((p for p in mentioned_places(tracker) if not p.national), None)
        if place:  # the outlook is national only: say so rather than imply it is the state's
            dispatcher.utter_message(response="utter_not_by_place", what="the job outlook", place=place.name)
        o = data.outlook
        dispatcher.utter_message(
            response="utter_outlook",
            growth=percent(o.growth_percent),
            period=o.growth_period,
            openings=count(o.openings_per_year),
            employment=count(o.employment),
            year=o.employment_year,
            note=o.note,
            disclaimer=data.disclaimers.employment,
            source=source_line(source(o.source)),
        )
