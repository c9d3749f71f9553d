"""Certifications: all of them, one by acronym or name, and whether one is required."""

from __future__ import annotations

import re

from rasa_sdk.events import SlotSet

from actions.base import TopicAction, entity_values
from actions.career import credential
from actions.formatting import bullets, buttons, guide_source


def _cert_buttons(data):
    return buttons(
        *((c.acronym, f'/ask_certification{{"certification":"{c.acronym}"}}') for c in data.certification.credentials)
    )


def _named_in_text(text, data):
    """The listed credentials named in free text (acronym as a word, or full name); else those
    whose awarding body is named ("what about AMBA")."""
    lowered = text.lower()
    creds = data.certification.credentials
    named = [c for c in creds if re.search(rf"\b{c.acronym.lower()}\b", lowered) or c.name.lower() in lowered]
    return named or [c for c in creds if re.search(rf"\b{c.body.lower()}\b", lowered)]


class ActionCertifications(TopicAction):
    action_name = "action_certifications"
    topic = "certification"

    def answer(self, dispatcher, tracker, data):
        asked = entity_values(tracker, "certification")
        text = tracker.latest_message.get("text") or ""
        tagged = [c for c in map(credential, asked) if c]
        named = list({c.acronym: c for c in tagged + _named_in_text(text, data)}.values())
        if len(named) > 1:  # "cpb vs cbcs": those two, side by side
            dispatcher.utter_message(
                response="utter_certifications",
                source=guide_source(),
                value_note=data.certification.value_note,
                listed=bullets(f"{c.name} ({c.acronym}) – {c.body}" for c in named),
                buttons=_cert_buttons(data),
            )
            return []
        found = named[0] if named else None
        if found:
            dispatcher.utter_message(
                response="utter_certification",
                source=guide_source(),
                acronym=found.acronym,
                name=found.name,
                body=found.body,
                value_note=data.certification.value_note,
            )
            return [SlotSet("certification", found.acronym)]
        if asked:
            dispatcher.utter_message(
                response="utter_certification_unknown",
                asked=asked[0],
                listed=", ".join(c.acronym for c in data.certification.credentials),
                buttons=_cert_buttons(data),
            )
        else:
            listed = bullets(f"{c.name} ({c.acronym}) – {c.body}" for c in data.certification.credentials)
            dispatcher.utter_message(
                response="utter_certifications",
                source=guide_source(),
                listed=listed,
                value_note=data.certification.value_note,
                buttons=_cert_buttons(data),
            )
        return []


class ActionCertificationBody(TopicAction):
    """ "Who offers it?" about the certifications named in this message ("cpb who offers"), else
    the one discussed last, else all of them."""

    action_name = "action_certification_body"
    topic = "certification"

    def answer(self, dispatcher, tracker, data):
        named = [credential(value) for value in entity_values(tracker, "certification")]
        named = [c for c in named if c] or _named_in_text(tracker.latest_message.get("text") or "", data)
        remembered = credential(tracker.get_slot("certification") or "")
        creds = named or ([remembered] if remembered else data.certification.credentials)
        dispatcher.utter_message(
            response="utter_certification_body",
            source=guide_source(),
            bodies="; ".join(f"{c.acronym} ({c.name}) is awarded by {c.body}" for c in creds),
        )
        return [SlotSet("certification", creds[0].acronym)] if len(creds) == 1 else []


class ActionCertificationRequired(TopicAction):
    action_name = "action_certification_required"

    def answer(self, dispatcher, tracker, data):
        dispatcher.utter_message(
            response="utter_certification_required",
            source=guide_source(),
            note=data.certification.required_note,
            acronyms=", ".join(c.acronym for c in data.certification.credentials),
            buttons=_cert_buttons(data),
        )
