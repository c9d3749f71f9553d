"""'Is this career right for me?': a short yes/no quiz (the ``fit_quiz_form``) built from the
guide's "great fit if / maybe not ideal if" table, ending in a verdict that cites the answers."""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import TopicAction
from actions.career import load
from actions.formatting import bullets, buttons

# One slot per row of the fit table, in the table's order (the form's slots are the domain's).
QUIZ_SLOTS = ["quiz_computer_work", "quiz_remote", "quiz_independent", "quiz_steady_income"]


def check_fit_table(rows: int) -> None:
    """The quiz asks one question per row of the data file's fit table: a table of another size
    stops the action server at start, saying what to change, instead of a quiz that skips rows."""
    if rows != len(QUIZ_SLOTS):
        raise RuntimeError(
            f"the data file's fit table has {rows} rows but the quiz has {len(QUIZ_SLOTS)} questions: add or "
            "remove quiz slots in domain.yml (fit_quiz_form), QUIZ_SLOTS and their ask actions in actions/quiz.py"
        )


check_fit_table(len(load().fit.great_fit_if))
YES_NO = buttons(("Yes", "/affirm"), ("No", "/deny"))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


class AskQuizQuestion(Action, metaclass=ABCMeta):
    """Asks row ``index`` of the fit table as the form's ``action_ask_<slot>``."""

    @property
    @abstractmethod
    def index(self) -> int:
        """Row of the fit table (and position in QUIZ_SLOTS)."""

    def name(self) -> Text:
        return f"action_ask_{QUIZ_SLOTS[self.index]}"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List:
        fit = load().fit
        dispatcher.utter_message(
            response="utter_quiz_question",
            number=self.index + 1,
            count=len(QUIZ_SLOTS),
            great=_lower_first(fit.great_fit_if[self.index]),
            other=_lower_first(fit.maybe_not_ideal_if[self.index]),
            buttons=YES_NO,
        )
        return []


class ActionQuizVerdict(TopicAction):
    action_name = "action_quiz_verdict"
    topic = "fit"

    def answer(self, dispatcher, tracker, data):
        fit = data.fit
        answers = [tracker.get_slot(slot) for slot in QUIZ_SLOTS]
        said = bullets(
            f"{_lower_first(fit.great_fit_if[i])}: {'yes' if yes else 'no'}" for i, yes in enumerate(answers)
        )
        score = sum(1 for yes in answers if yes)
        verdict = (
            "utter_quiz_verdict_strong"
            if score >= len(QUIZ_SLOTS) - 1
            else "utter_quiz_verdict_mixed"
            if score * 2 >= len(QUIZ_SLOTS)
            else "utter_quiz_verdict_weak"
        )
        dispatcher.utter_message(
            response=verdict,
            score=score,
            count=len(QUIZ_SLOTS),
            said=said,
            benefits=bullets(data.benefits),
            challenges=bullets(data.challenges),
        )
        return [SlotSet(slot, None) for slot in QUIZ_SLOTS]


class ActionAskQuizComputerWork(AskQuizQuestion):
    index = 0


class ActionAskQuizRemote(AskQuizQuestion):
    index = 1


class ActionAskQuizIndependent(AskQuizQuestion):
    index = 2


class ActionAskQuizSteadyIncome(AskQuizQuestion):
    index = 3
