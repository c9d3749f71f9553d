"""What every action shares: the answer-from-data pattern, error handling, entity helpers."""

from __future__ import annotations

import functools
import json
import logging
import re
from abc import ABCMeta, abstractmethod
from typing import Any, Dict, FrozenSet, List, Optional, Set, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import places
from actions.career import CareerData, ExtraStateTable, gap_in, load, state_table_in
from actions.formatting import buttons

logger = logging.getLogger(__name__)

_NUMBER_WORDS = {
    w: n for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())
}


MIN_ENTITY_CONFIDENCE = 0.6  # below this a tag is a guess ("gonna" as a place), not a mention


def entity_values(tracker: Tracker, entity: str) -> List[str]:
    """Values NLU found for ``entity`` in the latest message, in order, without repeats."""
    values: List[str] = []
    for ent in tracker.latest_message.get("entities") or []:
        value = ent.get("value")
        confident = (ent.get("confidence_entity") or 1.0) >= MIN_ENTITY_CONFIDENCE
        if ent.get("entity") == entity and isinstance(value, str) and confident and value not in values:
            values.append(value)
    return values


def number_in(text: str) -> Optional[int]:
    """The first number in ``text``, as digits or a word ("top five" -> 5)."""
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        if word.isdigit():
            return int(word)
        if word in _NUMBER_WORDS:
            return _NUMBER_WORDS[word]
    return None


def mentioned_places(tracker: Tracker, unique: bool = True) -> List[places.Place]:
    """Places in the latest message (see ``places.places_in``), in order; each once if ``unique``."""
    found = places.places_in(tracker.latest_message.get("text") or "", entity_values(tracker, "place"))
    return list(dict.fromkeys(found)) if unique else found


def ask_which_place(dispatcher: CollectingDispatcher, place: places.Place) -> List[Dict[Text, Any]]:
    """One short question with a button per state ("Portland, Maine" / "Portland, Oregon"); the
    choice comes back as a place answer, which continues the conversation's topic."""
    dispatcher.utter_message(
        response="utter_which_place",
        place=place.name,
        buttons=buttons(
            *(
                (f"{place.name}, {state}", "/inform_state" + json.dumps({"place": f"{place.name}, {state}"}))
                for state in place.options
            )
        ),
    )
    return []


# Words that show a message is about pay, cost or the outlook (typos within one letter count for
# words of five or more letters). See ``asks_for_figures``.
STRONG_FIGURE_WORDS = frozenset(
    """
pay pays paid paying payed salary salaries wage wages earn earns earned earning earnings earners make makes
making income money compensation comp cost costs price prices pricing tuition fee fees expensive cheap
afford affordable cheaper cheapest payback roi invest investment outlook growth demand openings employment
employed hourly hr hrly annual annually yearly median average avg mean percentile percentiles percent dollars bucks
""".split()
)
# Words that are about figures only in this assistant's plain questions ("which state is best", "how
# long is the certificate program"), not in anybody's ("is a history degree useless", "michigan vs
# ohio state rivalry history").
WEAK_FIGURE_WORDS = frozenset(
    """
worth grow growing jobs job future hour top highest lowest best worst rank ranking ranks ranked compare
comparison compared vs versus higher lower better chart graph plot much program programs degree
certificate diploma associate associates training course months long duration
""".split()
)
FIGURE_WORDS = STRONG_FIGURE_WORDS | WEAK_FIGURE_WORDS
# The words of a plain question, besides the data file's own words, places and figure words.
QUESTION_WORDS = frozenset(
    """
what whats which how is are was were does do did the a an of for to in on at it its it's this that these those
i im i'm i'd me my we you your u ur there here get gets take takes can could would will should be been much many
more less than if or and but so any some all about like with without by from as into after before out up ok okay
hey pls please tell know need want good bad really actually typically usually one two ones whole full part time
field career careers work working people ppl folks someone person earner earners now today currently each every
per year years yr month week day open opening opens next last new start starting begin entry level s
""".split()
)
# English that says nothing of a subject (function words, fillers, reactions, comparisons), as
# any question may be worded: with the data file's own words, what a plain question is made of.
EVERYDAY_FUNCTION_WORDS = frozenset(
    """
above below over under against between among across along around through during since until till
than then else also too very quite rather pretty just only even still yet already almost again ever never
always often sometimes maybe perhaps probably definitely really basically literally honestly seriously
specifically exactly roughly approximately nationally overall total same different other another
such own both either neither each few most least lot lots bit kind sort kinda sorta gonna wanna gotta
way ways option options thing things stuff first second third fourth fifth last next
has have had having am being got getting give giving go going goes went come coming look looks looking
see say said tell told think thought mean meant guess suppose wonder wondering wait sorry oops oh ah wow
dang damn yeah yep yes no nope nah sure cool nice great thanks thank thx lol haha hmm hm um uh well so
they them their theirs he she him her his hers we us our ours who whom whose where when why while because
cause though although unless whether into onto upon off back down let lets thats theres heres isnt arent
doesnt dont didnt cant wont wouldnt couldnt shouldnt ive instead abt bout tho rn plz idk btw cuz bc
""".split()
)
# "pay" as paying for something ("can i pay with apple pay", "pay my water bill") is not pay.
PAYING_FOR = (
    r"\b(pay|paying|paid)\s+(with|for(?!\s+(medical\s+)?(bill(ing|ers?)|cod(ing|ers?)|specialists?)\b)|"
    r"using|via|my|our|his|her|off|online|cash|in cash|rent|taxes|tolls?|parking|bills?)\b|"
    r"\b(apple|google|samsung|amazon|shop) pay\b|\b(i|we) (pay|paid)\b|"
    r"\b(pay|paying|paid)\b[^.?!]{0,25}\b(bills?|tax(es)?)\b|\bbills?\b[^.?!]{0,12}\bpay(ing|ment)?\b"
)
# "make" as making something ("make me laugh", "make a playlist", "how do i make tamales"), not as
# earning ("make a year", "how do i make more money").
NOT_EARNING = (
    r"\bmak(e|es|ing)\s+(me|my|it|sure|sense|up|out|friends|time|plans?|"
    r"an? (?!(lot|living|year|month|week|decent|good|great|ton|killing)\b)\w+)\b|"
    r"\bhow (do|does|can|should|would|to) ((i|you|u|we|one|they|people) )?make (?!(more|money|good|a living|\$|\d))"
)

# Pay in so many words (after ``without_other_money``): "vegas billing jobs pay?", "salary in ohio".
PAY_WORD_SET = frozenset("pay pays paid salary salaries wage wages earn earns make makes income hourly".split())
PAY_WORDS = rf"\b({'|'.join(sorted(PAY_WORD_SET))})\b"
OUR_WORDS = r"\bbill?(ing|ers?)\b|\bcod(ing|ers?)\b"  # the job's own words, "biling" too


def without_other_money(text: str) -> str:
    """The message, lower-cased, without paying for things and making things ("pay my gas bill",
    "make me a playlist"): what is left of its pay words is about earning."""
    return re.sub(NOT_EARNING, " ", re.sub(PAYING_FOR, " ", text.lower()))


# The career's own words: a message using them is about this career (also the relevance
# component's "never decline" list, gateway/relevance.py).
ANCHORS = r"\bmedical bill(ing|ers?)\b|\bbill(ers?|ing specialists?)\b|\b(cpb|cmrs|cbcs|aapc|amba)\b"
# The visitor's (remembered) state: "my state", "where i live", "that state".
MY_STATE = r"\b(my|our|this|that|same|my home) state\b|\bwhere i (live|am|work)\b"
FIGURE_TOPICS = frozenset({"pay", "rank", "compare", "ranking", "payback", "costs", "programs", "outlook"})
# Topics answered with a state's own figures: a city or ZIP is read as its state, and a city name
# several states share is asked about first.
STATE_TOPICS = frozenset({"pay", "rank", "compare", "payback"})
# "oh wait i meant kentucky", "no wait, kentucky", "im in minnesota", "how about mississippi, im near
# the line", "what about jersey, i could commute": another place for the same question
CHANGE_OF_PLACE = (
    r"\b(i meant|i mean|meant|wait|sorry|actually|instead|i'?m in|i live in|i'?m from|back to|(what|how) about|"
    r"near|close to|commute|next door|across the|same (for|in|with))\b"
)
MAX_CHANGE_OF_PLACE_WORDS = 14  # "thats lower than i thought. what about jersey, i could commute"
MAX_FOLLOWUP_WORDS = 6
# A message that carries on the question before it: "ok what about ...", "and in ...".
CONTINUES = r"^\W*((ok(ay)?|so|and|but|hmm+|well|cool)\W+)*((what|how) about|and (in|for))\b"


# Questions about someone else's pay or field: "how much do nurses make", "if i make 22 an hour
# how much is that a year", "certificate or associate degree for cybersecurity". A job named as
# the visitor's own ("i'm a cashier in georgia, what would i make") does not count.
OCCUPATIONS = (
    r"nurses?|rns?|lpns?|cnas?|teachers?|plumbers?|electricians?|pharmacists?|pharmacy techs?|doctors?|"
    r"physicians?|dentists?|hygienists?|lawyers?|attorneys?|paralegals?|engineers?|developers?|programmers?|"
    r"accountants?|truckers?|truck drivers?|mechanics?|chefs?|cashiers?|receptionists?|phlebotomists?|"
    r"medical assistants?|radiolog\w*|sonographers?|therapists?|paramedics?|emts?|firefighters?|police|cops?|"
    r"pilots?|flight attendants?|barbers?|hairstylists?|cosmetologists?|welders?|carpenters?|contractors?|"
    r"realtors?|real estate agents?|bankers?|tellers?|waiters?|waitress\w*|bartenders?|nannies|nanny|"
    r"caregivers?|home health aides?|dental assistants?|vet techs?|veterinarians?|athletes?|actors?|ceos?|"
    r"project managers?|influencers?|youtubers?|cyber\w*|nursing|software|computer science|accounting|"
    r"law school|med school|teaching|trade jobs?|tech jobs?|officers?|guards?|social work\w*|clerks?|janitors?|"
    r"custodians?|drivers?|cooks?|servers?|analysts?|scientists?|architects?|designers?|writers?|editors?|"
    r"librarians?|surgeons?|dietitians?|nutritionists?|counselors?|psychologists?|optometrists?|chiropractors?|"
    r"midwives|doulas?|mail carriers?|hvac|linemen|lineman|plumbing|welding|trucking"
)
ABOUT_OTHERS = re.compile(
    rf"\b({OCCUPATIONS})\b"
    r"|\bcertificates? of\b|\bif i (make|made|earn|get paid)\b|\b(on|at|making) \d+k\b|"
    r"\bmy (salary|paycheck|pay ?check|income|wages?|raise|bonus|401 ?k|taxes)\b|\bminimum wage\b|"
    r"\b(salary|income|much) (do|would|will) i need\b|\bliving wage\b|\bcost of living\b|"
    r"\b(expensive|cheap|cheaper|affordable|pricey) (to live|place to live)\b|\bto live (in|there)\b|"
    r"\b(the|my|a|our|your|this|that|her|his|hospital|medical|doctor'?s?|er|phone|gas|water|electric|cable|"
    r"internet|utility|dental|credit card) bills?\b|"
    r"\b(i|we|i'?m|we'?re)\b[^.?!]{0,15}\b(make|makes|made|earn|earns|earned|making|earning)\s+"
    r"(about |around |like |only |just )?\$?\d|\b(wage|income|payroll|sales|property|state) tax(es)?\b",
    re.I,
)
# "what skills do i need to be a plumber", "how long is training to become a nurse": any topic
# asked of another occupation (``TopicAction.run`` declines it).
OTHER_OCCUPATION = re.compile(
    rf"\b(to be|to become|becoming|jobs? as|career as|"
    rf"careers? in|training for|school for) (an? )?({OCCUPATIONS})\b",
    re.I,
)
SELF_DESCRIPTION = (
    r"\b(i'?m|i am|im|work(ing)? as|currently|was|used to be|former|formerly|as)( an?)? $|"
    r"\b(work|working|job|desk) (at|in|for) (an?|the|my)( \w+)? $"
)


def about_others(text: str) -> bool:
    """Whether the message asks about another occupation or the visitor's own money, not this
    career (a message that says "billing" or "biller" is always about this career; "gas bill" is not)."""
    if re.search(r"\bbill(ing|ers?)\b", text, re.I):
        return False
    return any(
        not re.search(SELF_DESCRIPTION, text[: m.start()].lower()) for m in ABOUT_OTHERS.finditer(text)
    ) or pay_of_an_unknown_job(text)


# The words that may stand right before "salary" or "pay" ("average entry level biller salary",
# "does it pay") or be who "makes" in "how much do X make"; any other word there names another job
# ("actuary salary", "patient care technician pay", "how much do actuaries make"). Places, numbers
# and typos of these words count as these words.
PAY_SUBJECT_WORDS = frozenset(
    """
a an the this that it its my our your their his her what whats is are be does do did will would can could much
i me we you u they them someone people person ppl one ones average avg median typical mean usual normal expected
estimated realistic realistically starting start entry level beginner beginners new junior senior experienced top
highest lowest base gross net take takehome annual annually yearly hourly monthly weekly national nationwide us
state states local current real actual good decent great better best higher lower low high more less same fair
remote home based full part time job jobs career careers role roles position positions field profession work
medical billing biller billers specialist specialists coder coders coding and insurance claims health healthcare
hospital clinic office revenue cycle rcm certified cert certs certification cpb cbcs cmrs aapc amba
""".split()
)
PAY_HEAD = r"\b(salary|salaries|pay|income|wages?|earnings|compensation)\b"
HOW_MUCH_DO = (
    r"\bhow much (do|does|can|would|will|could) (an? |the )?(?P<subject>[a-z' ]{1,40}?) "
    r"(make|earn|get paid)\b"
)


def pay_of_an_unknown_job(text: str) -> bool:
    """ "lienman salary", "how much do actuaries make": pay, of a subject that is neither this
    career, nor the visitor, nor a place, nor a pay measure ("25th percentile pay")."""
    lowered = text.lower()
    subjects = [
        m.group("subject").split() for m in re.finditer(HOW_MUCH_DO, lowered) if len(m.group("subject").split()) <= 3
    ]
    subjects += [re.findall(r"[a-z']+|\d\S*", lowered[: m.start()])[-1:] for m in re.finditer(PAY_HEAD, lowered)]
    if not any(subjects):
        return False  # no pay asked of anybody: the place reader is not needed
    said = {w for _, matched in places.find_matches(text) for w in matched.split()}
    return any(_unknown(word, said) for words in subjects for word in words)


def _unknown(word: str, said: Set[str]) -> bool:
    if (
        word in PAY_SUBJECT_WORDS
        or word in said
        or word in places.PLACE_FILLER
        or len(word) <= 2
        or word in FIGURE_WORDS
        or not word.isalpha()
    ):
        return False
    return not (len(word) >= 4 and any(places.within_one_typo(word, known) for known in PAY_SUBJECT_WORDS))


@functools.lru_cache(maxsize=4096)
def _near(word: str, known: FrozenSet[str]) -> bool:
    """A typo (one letter) of a known word of five or more letters; cached like place typos, as
    every word of every figure question is tried."""
    return len(word) >= 5 and any(places.within_one_typo(word, k) for k in known if len(k) >= 5)


@functools.lru_cache(maxsize=1)
def _plain_vocabulary() -> FrozenSet[str]:
    from actions.career import DEFAULT_PATH

    words = re.findall(r"[a-z]+", DEFAULT_PATH.read_text().lower())
    return frozenset(words) | QUESTION_WORDS | FIGURE_WORDS | EVERYDAY_FUNCTION_WORDS


def foreign_words(tracker: Tracker, words: List[str]) -> List[str]:
    """The words that are none of: the data file's, a question or everyday function word, a
    place, a number or ordinal ("75th", "50k"), a figure word's typo. "top 10 dividend stocks"
    has two; "ok whats the top 10 there" none."""
    vocabulary, said = _plain_vocabulary(), places_said(tracker)
    return [
        w
        for w in words
        if not (
            w in vocabulary
            or w in said
            or re.fullmatch(r"\d+(st|nd|rd|th|k|s)?", w)
            or len(w) <= 2
            or _near(w, FIGURE_WORDS)
            or places.names_a_state(w)
        )
    ]


def plain_question(tracker: Tracker, words: List[str]) -> bool:
    """Whether no word is of another subject (``foreign_words``)."""
    return not foreign_words(tracker, words)


def asked_state_table(text: str) -> Optional[ExtraStateTable]:
    """The per-state table of the data file that ``text`` asks about, unless it asks about
    another job ("how many nurses are employed in ohio")."""
    table = state_table_in(text)
    return table if table and not about_others(text) else None


def changes_place(tracker: Tracker) -> bool:
    """Another place for the state topic under way: "oh wait i meant kentucky", "how about
    mississippi, im near the line", "what about new jersey, i could commute"."""
    text = (tracker.latest_message.get("text") or "").lower()
    return (
        tracker.get_slot("topic") in STATE_TOPICS
        and len(re.findall(r"[a-z0-9]+", text)) <= MAX_CHANGE_OF_PLACE_WORDS
        and bool(re.search(CHANGE_OF_PLACE, text))
    )


# A list of the best of something else ("top 10 sunniest states", "play the top 10 songs"), not the
# top 10 percent of earners ("top 10%", "top 10 in cali", "top 5 states", "top 10 earners there").
LISTICLE = re.compile(
    r"\btop (\d+|ten|five|three) (?!(percent|pct|earners?|earning|paid|pay|salar\w*|income|wages?|bracket|tier|"
    r"end|there|here|nationally|in|for|of|at|then|too|pls|please|and|or|vs|median|hourly|states?|highest|lowest|"
    r"best|worst|paying|places|by|both|each|them|those|ones?)\b)(?P<subject>[a-z]{3,})",
    re.I,
)
# Figures of other things: "the 75th percentile height for a 10 yr old boy" is no pay question.
OTHER_MEASURES = re.compile(
    r"\b(heights?|tall|weights?|weigh|bmi|iq|blood pressure|temperatures?|mph|calories|gpa|test scores?)\b", re.I
)


# What a word means or where it comes from ("what does the word salary come from", "what does at
# will employment mean"): no figure answers that, unless it is one of the guide's own measures.
DEFINITION = re.compile(
    r"\bwhat does (the (word|term|phrase) )?[\w\s'-]{1,30} (mean|come from)\b|\b(meaning|definition|etymology)"
    r" of\b|\bdefine\b|\bsynonyms?\b|\bhow do you spell\b",
    re.I,
)
# Words of another subject (``foreign_words``) that make a message without pay words no question
# for this assistant's figures, whatever its figure words ("top 10", "hours", "cost").
FOREIGN_SUBJECT_WORDS = 2
OUR_MEASURES = re.compile(rf"{ANCHORS}|\b(median|percentiles?|top 10|hourly)\b", re.I)


def asks_for_figures(tracker: Tracker) -> bool:
    """The second line of defence against answering the wrong question with a number: a figure is
    given only when the message is about pay, cost or the outlook (by its words), is a button, a
    bare place, or a short follow-up while the conversation is on such a topic; never when it
    asks about another occupation."""
    text = tracker.latest_message.get("text") or ""
    if text.startswith("/"):
        return True
    if about_others(text) or OTHER_MEASURES.search(text) or (DEFINITION.search(text) and not OUR_MEASURES.search(text)):
        return False
    if "$" in text or re.search(ANCHORS, text, re.I):
        return True  # "how many people work as medical billers"
    words = re.findall(r"[a-z0-9]+", without_other_money(text))
    listicle = LISTICLE.search(text)  # "top 10 songs", unless the word after it is ours ("top 10 mass", "top 10 ark")
    subject = listicle["subject"].lower() if listicle else ""
    if (
        subject
        and foreign_words(tracker, [subject])
        and not places.starts_a_state_name(subject)
        and not re.search(PAY_WORDS, " ".join(words))
    ):
        return False
    foreign = foreign_words(tracker, words)
    if (
        len(foreign) >= FOREIGN_SUBJECT_WORDS
        and not re.search(rf"{PAY_WORDS}|{OUR_WORDS}", " ".join(words))
        and not any(_near(w, PAY_WORD_SET) for w in words)  # typos: "medcal biler salry"
        and not (mentioned_places(tracker) and changes_place(tracker))  # "how about nevada, vegas is 5 hrs away"
    ):
        return False  # "top 10 dividend stocks", "mcdonalds breakfast hours": figures of another subject
    if any(
        w in STRONG_FIGURE_WORDS or re.fullmatch(r"\d+(k|th|st|nd|rd|%)?", w) or _near(w, STRONG_FIGURE_WORDS)
        for w in words
    ):
        return True
    if any(w in WEAK_FIGURE_WORDS or _near(w, WEAK_FIGURE_WORDS) for w in words) and plain_question(tracker, words):
        return True
    if re.search(MY_STATE + r"|\b(which|what|the) state\b", text.lower()):
        return True  # "what about my state": pay where the visitor is
    filler = places.PLACE_FILLER if tracker.get_slot("topic") else FIRST_MESSAGE_FILLER
    if mentioned_places(tracker) and len(words) <= MAX_FOLLOWUP_WORDS and only_places(tracker, words, filler):
        return True  # "texas?", "and nevada", "what about DC"; not "whats there to do in omaha"
    if mentioned_places(tracker) and changes_place(tracker):
        return True
    # a short follow-up on a figure topic, in plain words ("and for the top?"; not "how do you make tamales")
    short = len(words) <= MAX_FOLLOWUP_WORDS
    return tracker.get_slot("topic") in FIGURE_TOPICS and short and not foreign


# A conversation's first message that only names places is a pay question ("texas?", "ohio vs
# michigan"), but not when it says more than that ("moving to montana from california").
FIRST_MESSAGE_FILLER = frozenset(
    "vs versus or and what whats about how in the compare compared top 10 ten median".split()
)


def only_places(tracker: Tracker, words: List[str], filler=places.PLACE_FILLER) -> bool:
    """Whether a message says nothing but places and filler ("and what about cali?")."""
    said = places_said(tracker)
    return all(w in said or w in filler for w in words)


def places_said(tracker: Tracker) -> Set[str]:
    """The words of the places in the latest message, as read from the text or tagged by NLU."""
    text = tracker.latest_message.get("text") or ""
    said = {w for _, matched in places.find_matches(text) for w in matched.split()}
    said.update(w for value in entity_values(tracker, "place") for w in places.normalise(value).split())
    return said


class TopicAction(Action, metaclass=ABCMeta):
    """Answers one topic: reads the tracker, asks the data, utters a domain response.

    Subclasses set ``action_name`` and implement ``answer``; a failure inside is logged with the
    conversation id and the user gets an apology instead of silence. ``topic`` is remembered in the
    ``topic`` slot so that a bare follow-up ("and Ohio?") knows what it refers to.
    """

    action_name: str = ""
    topic: str = ""
    gives_figures: bool = False  # answers with figures only when ``asks_for_figures``
    needs: str = ""  # and, if set, only when the message (or a button) matches this regex

    def name(self) -> Text:
        return self.action_name

    @abstractmethod
    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, data: CareerData) -> List[Dict[Text, Any]]:
        """Utter the answer; return events (the topic slot is added by ``run``)."""

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        text = tracker.latest_message.get("text") or ""
        table = asked_state_table(text)
        if table:  # a per-state table of the data file, whatever the intent
            from actions.state_tables import answer_state_table  # imported here: it imports this module

            return self._answer(lambda data: answer_state_table(dispatcher, tracker, table), dispatcher, tracker)
        gap = gap_in(text)
        if gap and not about_others(text):  # asked something the guide does not cover: say so first
            from actions.not_in_guide import answer_gap  # imported here: it imports the topic actions

            return self._answer(lambda data: answer_gap(dispatcher, tracker, data, gap), dispatcher, tracker)
        if (
            gap
            or (self.gives_figures and not self._figures_asked(tracker, text))
            or (OTHER_OCCUPATION.search(text) and "bill" not in text.lower())
        ):
            # a gap asked about someone else's money ("i make 52k, should i take a loan") is not ours
            logger.info("declined %s: no sign of a pay, cost or outlook question in %r", self.name(), text)
            dispatcher.utter_message(response="utter_out_of_scope")
            return []
        if (
            self.topic not in STATE_TOPICS
            and tracker.get_slot("topic") in STATE_TOPICS
            and re.match(CONTINUES, text.lower())
            and any(p.has_data for p in mentioned_places(tracker))
        ):
            # "ok what about medical billing in alaska" while on pay: the same question for Alaska
            from actions.followup import ActionPlaceFollowup  # imported here: it imports the topic actions

            return ActionPlaceFollowup().run(dispatcher, tracker, domain)
        named = mentioned_places(tracker) if self.topic in STATE_TOPICS else []
        unclear = next((place for place in named if place.options), None)
        if unclear:  # "Portland": which one? The answer comes when the visitor picks.
            return self._answer(lambda data: ask_which_place(dispatcher, unclear), dispatcher, tracker)
        for place in named:
            if place.via and place.has_data:
                dispatcher.utter_message(response="utter_place_read_as", place=place.via, state=place.name)
        return self.answer_known_question(dispatcher, tracker)

    def answer_known_question(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
        """The answer, without ``run``'s checks, for a caller that has already decided the message
        asks exactly this topic's question."""
        return self._answer(lambda data: self.answer(dispatcher, tracker, data), dispatcher, tracker)

    def _figures_asked(self, tracker: Tracker, text: str) -> bool:
        """Figures only for a figure question that is also this topic's (``needs``), or a short
        follow-up while the conversation is on this topic ("and the associate?")."""
        follow_up = (
            tracker.get_slot("topic") == self.topic
            and len(re.findall(r"[a-z0-9]+", text.lower())) <= MAX_FOLLOWUP_WORDS
        )
        return asks_for_figures(tracker) and (
            not self.needs or text.startswith("/") or follow_up or bool(re.search(self.needs, text, re.I | re.S))
        )

    def _answer(self, answer, dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
        try:
            events = answer(load()) or []
        except Exception:  # noqa: BLE001 - the user must never be left without a reply
            logger.exception("action %s failed in conversation %s", self.name(), tracker.sender_id)
            dispatcher.utter_message(response="utter_action_error")
            return []
        events = events + remembered_places(tracker, events)
        if (tracker.active_loop or {}).get("name") == "state_form":
            # while asking the visitor's state, only a state the visitor named answers it (a
            # ranking's first state is not where they work)
            named = {p.name for p in mentioned_places(tracker) if p.has_data}
            events = [e for e in events if not (e.get("name") == "state" and e.get("value") not in named)]
        return events + [SlotSet("topic", self.topic)] if self.topic else events


def remembered_places(tracker: Tracker, events: List[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    """A state named in any question is the conversation's state from then on ("i'm in michigan,
    how long is training?" then "what would i make there?"), and a change of state keeps the
    last two for "which one pays more?" (the ``compared`` slot). What the action itself set wins."""
    set_here = {e.get("name"): e.get("value") for e in events if e.get("event") == "slot"}
    state = set_here.get("state")
    if "state" not in set_here:
        named = [p for p in mentioned_places(tracker) if p.has_data and not p.options]
        state = named[-1].name if named else None
    before = tracker.get_slot("state")
    remembered = [] if "state" in set_here or not state else [SlotSet("state", state)]
    if state and before and state != before and "compared" not in set_here:
        remembered.append(SlotSet("compared", [before, state]))
    return remembered
