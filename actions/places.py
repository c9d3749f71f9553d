"""Text -> one of the 51 jurisdictions with pay data, or a clearly named place without data.

People type "TX", "cali", "Massachusets", "Washington DC" or "Washington state", and as often a
city or ZIP code ("pay in atlanta", "I'm in 30301", "Billings, Montana"), read through the
gazetteer (``actions.gazetteer``) as that state, with ``via`` saying how. A city shared by several
well-known cities ("Portland") is a place with ``options`` to ask about; a foreign one has no data.
``resolve`` turns one place mention (an NLU entity) into a ``Place``; ``find_in_text`` scans a
whole message. Nothing here ever guesses: a mention that matches no known name closely enough
comes back as a place without data, named as the user wrote it, and an ordinary word that is also
a city's name ("reading", "mobile", "flat") counts only when the sentence treats it as a place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Iterable, Iterator, List, Optional, Tuple

from actions import gazetteer

JURISDICTIONS: Dict[str, str] = {
    "Alabama": "AL",
    "Alaska": "AK",
    "Arizona": "AZ",
    "Arkansas": "AR",
    "California": "CA",
    "Colorado": "CO",
    "Connecticut": "CT",
    "Delaware": "DE",
    "District of Columbia": "DC",
    "Florida": "FL",
    "Georgia": "GA",
    "Hawaii": "HI",
    "Idaho": "ID",
    "Illinois": "IL",
    "Indiana": "IN",
    "Iowa": "IA",
    "Kansas": "KS",
    "Kentucky": "KY",
    "Louisiana": "LA",
    "Maine": "ME",
    "Maryland": "MD",
    "Massachusetts": "MA",
    "Michigan": "MI",
    "Minnesota": "MN",
    "Mississippi": "MS",
    "Missouri": "MO",
    "Montana": "MT",
    "Nebraska": "NE",
    "Nevada": "NV",
    "New Hampshire": "NH",
    "New Jersey": "NJ",
    "New Mexico": "NM",
    "New York": "NY",
    "North Carolina": "NC",
    "North Dakota": "ND",
    "Ohio": "OH",
    "Oklahoma": "OK",
    "Oregon": "OR",
    "Pennsylvania": "PA",
    "Rhode Island": "RI",
    "South Carolina": "SC",
    "South Dakota": "SD",
    "Tennessee": "TN",
    "Texas": "TX",
    "Utah": "UT",
    "Vermont": "VT",
    "Virginia": "VA",
    "Washington": "WA",
    "West Virginia": "WV",
    "Wisconsin": "WI",
    "Wyoming": "WY",
}

NATIONAL = "United States"

# Other ways people name a jurisdiction (already normalised: lower case, no dots).
ALIASES: Dict[str, str] = {
    "cali": "California",
    "bama": "Alabama",
    "calif": "California",
    "socal": "California",
    "norcal": "California",
    "mass": "Massachusetts",
    "jersey": "New Jersey",
    "penn": "Pennsylvania",
    "penna": "Pennsylvania",
    "conn": "Connecticut",
    "minn": "Minnesota",
    "mich": "Michigan",
    "wisc": "Wisconsin",
    "tenn": "Tennessee",
    "fla": "Florida",
    "ariz": "Arizona",
    "colo": "Colorado",
    "okla": "Oklahoma",
    "oreg": "Oregon",
    "wash": "Washington",
    "nev": "Nevada",
    "hawai'i": "Hawaii",
    "hawaiʻi": "Hawaii",
    "carolina del norte": "North Carolina",
    "washington state": "Washington",
    "state of washington": "Washington",
    "wa state": "Washington",
    "new york state": "New York",
    "ny state": "New York",
    "washington dc": "District of Columbia",
    "washington d c": "District of Columbia",
    "washington district of columbia": "District of Columbia",
    "dc": "District of Columbia",
    "d c": "District of Columbia",
    "the district": "District of Columbia",
    "district columbia": "District of Columbia",
    "united states": NATIONAL,
    "united states of america": NATIONAL,
    "usa": NATIONAL,
    "us": NATIONAL,
    "u s": NATIONAL,
    "u s a": NATIONAL,
    "america": NATIONAL,
    "nationwide": NATIONAL,
    "national": NATIONAL,
    "nationally": NATIONAL,
    "the us": NATIONAL,
}

# State nicknames ("the lone star state"), matched like any other name.
NICKNAMES: Dict[str, str] = {
    "yellowhammer state": "Alabama",
    "last frontier": "Alaska",
    "grand canyon state": "Arizona",
    "natural state": "Arkansas",
    "golden state": "California",
    "centennial state": "Colorado",
    "constitution state": "Connecticut",
    "first state": "Delaware",
    "sunshine state": "Florida",
    "peach state": "Georgia",
    "aloha state": "Hawaii",
    "gem state": "Idaho",
    "prairie state": "Illinois",
    "land of lincoln": "Illinois",
    "hoosier state": "Indiana",
    "hawkeye state": "Iowa",
    "sunflower state": "Kansas",
    "bluegrass state": "Kentucky",
    "pelican state": "Louisiana",
    "pine tree state": "Maine",
    "old line state": "Maryland",
    "bay state": "Massachusetts",
    "great lakes state": "Michigan",
    "wolverine state": "Michigan",
    "north star state": "Minnesota",
    "land of 10000 lakes": "Minnesota",
    "magnolia state": "Mississippi",
    "show me state": "Missouri",
    "treasure state": "Montana",
    "big sky country": "Montana",
    "cornhusker state": "Nebraska",
    "silver state": "Nevada",
    "granite state": "New Hampshire",
    "garden state": "New Jersey",
    "land of enchantment": "New Mexico",
    "empire state": "New York",
    "tar heel state": "North Carolina",
    "peace garden state": "North Dakota",
    "buckeye state": "Ohio",
    "sooner state": "Oklahoma",
    "beaver state": "Oregon",
    "keystone state": "Pennsylvania",
    "ocean state": "Rhode Island",
    "palmetto state": "South Carolina",
    "mount rushmore state": "South Dakota",
    "volunteer state": "Tennessee",
    "lone star state": "Texas",
    "beehive state": "Utah",
    "green mountain state": "Vermont",
    "old dominion": "Virginia",
    "evergreen state": "Washington",
    "mountain state": "West Virginia",
    "badger state": "Wisconsin",
    "cowboy state": "Wyoming",
    "equality state": "Wyoming",
}
ALIASES.update(
    {
        **{name: state for name, state in NICKNAMES.items()},
        **{f"the {name}": state for name, state in NICKNAMES.items()},
    }
)

# Places people ask about that contain a state's name but have no figure of their own.
NO_DATA: Dict[str, str] = {
    "puerto rico": "Puerto Rico",
    "guam": "Guam",
    "us virgin islands": "the U.S. Virgin Islands",
    "virgin islands": "the U.S. Virgin Islands",
    "american samoa": "American Samoa",
    "northern mariana islands": "the Northern Mariana Islands",
    "washington heights": "Washington Heights",
    "new mexico city": "New Mexico City",
}

# Two-letter codes that are also everyday words: only trusted when typed in capitals by the user
# inside a phrase NLU tagged as a place, never picked out of free text.
_WORDLIKE_CODES = {
    "IN",
    "ME",
    "OR",
    "OK",
    "HI",
    "OH",
    "AL",
    "LA",
    "PA",
    "DE",
    "CO",
    "MA",
    "ID",
    "MD",
    "MS",
    "MT",
    "GA",
    "VA",
    "WA",
    "AR",
    "NE",
    "SC",
    "MO",
    "UT",
    "IA",
    "KS",
}

_CODES = {code.lower(): name for name, code in JURISDICTIONS.items()}
_NAMES = {name.lower(): name for name in JURISDICTIONS}
_EXACT = {**_NAMES, **ALIASES}
# Everyday words that name a place only when NLU tagged them as one ("tell us", "national",
# "wash windshield", "body mass").
_NOT_IN_FREE_TEXT = {
    "us",
    "u s",
    "the us",
    "america",
    "national",
    "nationally",
    "wash",
    "mass",
    "penn",
    "conn",
    "jersey",
}
# A name NLU tagged that matches no known place is repeated back as "no figure for X" only when
# the sentence treats it as a place ("in X", "from X", or X alone); "is the earth flat" has none.
_PLACE_CONTEXT = (
    r"\b(in|at|for|from|near|around|to|of|with|and|vs|versus|or|than|about|live|living|move|moving|"
    r"based|state|city)\s+(the\s+)?"
)
_LONG_ALIASES = {k: v for k, v in ALIASES.items() if len(k) >= 6}
# What a typo may be a typo of: full names only in free text, long aliases too in a tagged mention.
_TYPO_TEXT = tuple(_NAMES.items())
_TYPO_MENTION = tuple({**_NAMES, **_LONG_ALIASES}.items())
_MAX_WORDS = 4


@dataclass(frozen=True)
class Place:
    """``name`` is canonical when ``has_data``; otherwise it is the place as the user typed it."""

    name: str
    has_data: bool
    national: bool = False
    via: str = ""  # how a city or ZIP code was read: "Atlanta", "ZIP 30301"
    options: Tuple[str, ...] = ()  # the states a city name shared by several could be ("Portland")


def normalise(text: str) -> str:
    text = text.lower().replace(".", " ").replace("’", "'")
    text = re.sub(r"[^\w' ]+", " ", text)
    return " ".join(text.split())


def _distance(a: str, b: str) -> int:
    """Optimal-string-alignment edit distance (a swap of two letters counts as one typo)."""
    prev2: List[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


@lru_cache(maxsize=8192)
def _typo_match(key: str, min_len: int, candidates: Tuple[Tuple[str, str], ...]) -> Optional[str]:
    """The one name within 1 typo (2 for names of 8+ letters), if exactly one is that close.

    Every word of every message is tried, so this is the action server's hot path: names whose
    length alone rules them out are skipped, and answers are cached (people repeat words)."""
    if len(key) < min_len:
        return None
    best: Dict[str, int] = {}
    for known, canonical in candidates:
        allowed = 2 if len(known) >= 8 else 1
        if abs(len(key) - len(known)) > allowed:
            continue  # the edit distance is at least the difference in length
        d = _distance(key, known)
        if d <= allowed and (canonical not in best or d < best[canonical]):
            best[canonical] = d
    if not best:
        return None
    top = min(best.values())
    winners = [c for c, d in best.items() if d == top]
    return winners[0] if len(winners) == 1 else None


def within_one_typo(word: str, known: str) -> bool:
    return abs(len(word) - len(known)) <= 1 and _distance(word, known) <= 1


def _place(canonical: str) -> Place:
    return Place(canonical, has_data=canonical != NATIONAL, national=canonical == NATIONAL)


def names_a_state(word: str) -> bool:
    """Whether one word is a state's (or DC's) name, short name or code: "ohio", "mass", "tx"."""
    key = normalise(word)
    return key in _EXACT or key in _CODES


def starts_a_state_name(word: str) -> bool:
    """ "ark", "tenn", "penn": the first letters of a state's name, as people shorten it."""
    key = normalise(word)
    return len(key) >= 3 and any(name.startswith(key) for name in _NAMES)


def resolve(mention: str) -> Optional[Place]:
    """One place mention (as NLU tagged it) -> a Place; None for an empty mention."""
    raw = " ".join(mention.split()).strip(" ,.?!")
    key = normalise(raw)
    if not key:
        return None
    if "," in raw:  # "Portland, Maine" (the choice of a which-place button)
        merged = find_in_text(raw)
        if len(merged) == 1:
            return merged[0]
    key = re.sub(r"^(the )?state of ", "", key) if key not in _EXACT else key
    for candidate in (key, re.sub(r" state$", "", key)):
        if candidate in _EXACT:
            return _place(_EXACT[candidate])
        if candidate in NO_DATA:
            return Place(NO_DATA[candidate], has_data=False)
        if candidate in _CODES:
            return _place(_CODES[candidate])
    name = gazetteer.key(raw)
    if gazetteer.cities(name) or gazetteer.foreign_population(name):  # "nyc", "detroit", "toronto"
        return _city_named(gazetteer.cities(name), gazetteer.foreign_population(name), raw)
    typo = _typo_match(key, min_len=4, candidates=_TYPO_MENTION)
    if typo:
        return _place(typo)
    return Place(_echoable(raw), has_data=False)


def _echoable(raw: str) -> str:
    """A user's place name safe to repeat back: letters, spaces and .'- only (no markup, no
    numbers that could pass for a figure), 40 characters at most."""
    cleaned = " ".join(re.sub(r"[^\w .'-]|[\d_]", " ", raw).split())[:40].strip(" .'-")
    return cleaned or "that place"


def _spans(words: List[str]) -> Iterator[tuple]:
    for size in range(min(_MAX_WORDS, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            yield start, start + size


def find_in_text(text: str) -> List[Place]:
    """Places named anywhere in a message, in the order they appear."""
    return [place for place, _ in find_matches(text)]


@lru_cache(maxsize=4096)
def find_matches(text: str) -> Tuple[Tuple[Place, str], ...]:
    """Places named anywhere in a message with the words that named them, longest match first,
    in the order they appear. Cached: one turn reads its message several times (the figure
    guard, the topic action, the place-answer and relevance components), and the answer depends
    on the text alone.

    Stricter than ``resolve``: codes count only when unambiguous ("TX", "ny"), and typos only of
    full names in words of 7+ letters, so "the main duty" is never Maine, "taxes" never Texas and
    "my state" never "NY state". Cities and ZIP codes count as the sentence allows (``_city``).
    """
    tokens = list(re.finditer(r"[\w.']+", text))
    original = [t.group() for t in tokens]
    words = [normalise(w) for w in original]
    clause_end = [bool(re.match(r"\s*[,;:?!)]", text[t.end() :])) for t in tokens]  # "portland or, what..."
    taken = [False] * len(words)
    found: List[tuple] = []

    def take(start: int, end: int, place: Place) -> None:
        taken[start:end] = [True] * (end - start)
        found.append((start, place, " ".join(w for w in words[start:end] if w)))

    for start, end in _spans(words[:-1] if len(words) > 1 else []):  # "Portland, Maine": the state's city
        if not any(taken[start : end + 1]):
            merged = _city_in_state(words, original, start, end, clause_end)
            if merged:
                take(start, merged[1], merged[0])
    for start, end in _spans(words):
        if any(taken[start:end]):
            continue
        place = _state_or_city(" ".join(w for w in words[start:end] if w), words, original, start, end, clause_end)
        if place:
            take(start, end, place)
    named_states = {p.name for _, p, _ in found if p.has_data and not p.via}
    # "my cousin in jacksonville ... what does that pay in florida": the state named says which one
    found = [item for item in found if not (item[1].options and named_states & set(item[1].options))]
    return tuple((p, key) for _, p, key in sorted(found, key=lambda item: item[0]))


def _state_or_city(
    key: str, words: List[str], original: List[str], start: int, end: int, clause_end: List[bool]
) -> Optional[Place]:
    """The place the words ``start:end`` name, or None."""
    if key in NO_DATA:
        return Place(NO_DATA[key], has_data=False)
    if key in _EXACT and key not in _NOT_IN_FREE_TEXT:
        person = start > 0 and words[start - 1] in _PERSON_BEFORE and key in _NAMES
        brand = (
            end < len(words)
            and words[end] in _BRAND_AFTER
            or key == "new jersey"
            and start > 0
            and words[start - 1] in {"a", "my", "his", "her", "their"}
        )  # a shirt
        return None if person or brand else _place(_EXACT[key])
    if end - start == 1 and key in _CODES:
        typed = original[start].replace(".", "")
        if (
            typed.upper() not in _WORDLIKE_CODES
            or (typed.isupper() and typed not in {"IN", "OR", "ME", "OK", "HI"})
            or (key not in _WORD_CODES and _only_place_words(words, start, end))
        ):
            return _place(_CODES[key])
    city = _city(words, original, start, end, clause_end)
    if city:
        return city
    if end - start == 1 and key.isdigit() and len(key) == 5:
        return _zip(words, start, clause_end[start])
    if end - start == 1 and original[start].isupper() and key in _TERRITORY_NAMES:
        return Place(_TERRITORY_NAMES[key], has_data=False)  # "PR", "GU"
    if gazetteer.cities(gazetteer.key(key)):
        return None  # "garland" is a city (when the sentence says so), never a typo of Maryland
    if " " not in key or end - start <= 2:
        typo = _typo_match(key, min_len=7, candidates=_TYPO_TEXT)
        return _place(typo) if typo else None
    return None


# When a city name is a place: after these words ("near houston", "moving to austin", "the houston
# area"; "in" too, but for an everyday word like "reading" only in a question about pay) ...
_LOCATIVE = {"near", "around", "outside", "from", "live", "living", "based", "located", "reside", "residing"}
_BEFORE_CITY = _LOCATIVE | {"in", "at", "vs", "versus", "compare", "than", "between"}
_MOVE_WORDS = {
    "move",
    "moving",
    "moved",
    "relocate",
    "relocating",
    "relocated",
    "commute",
    "commuting",
    "close",
    "next",
    "transfer",
    "transferring",
    "transferred",
    "closer",
    "retiring",
    "retire",
}
# In a short message these introduce a place too: "same for boise", "ok now do reno", "try provo".
_SHORT_BEFORE = {"for", "do", "try", "with", "about", "than"}
_SHORT_MESSAGE = 7  # words
# "is hoboken a good place for billing jobs"
_PLACE_NOUNS = {"place", "market", "city", "town", "area", "spot"}
# "jonesboro, any openings?", "pueblo, what's the pay like" (not "austin, my son, says...")
_QUESTION_START = {
    "what",
    "whats",
    "what's",
    "any",
    "do",
    "does",
    "how",
    "is",
    "are",
    "entry",
    "pay",
    "salary",
    "salaries",
    "jobs",
    "hiring",
    "wages",
}
# A state's name that is a person's or a brand's: "my aunt georgia", "hannah montana", "kentucky
# fried chicken", "texas roadhouse", "indiana jones", "a new jersey".
_PERSON_BEFORE = {
    "aunt",
    "auntie",
    "uncle",
    "grandma",
    "grandpa",
    "granny",
    "nana",
    "cousin",
    "sister",
    "brother",
    "mom",
    "dad",
    "niece",
    "nephew",
    "daughter",
    "son",
    "hannah",
    "miss",
    "mrs",
    "ms",
    "mr",
    "named",
    "called",
}
_BRAND_AFTER = {"fried", "roadhouse", "jones", "smith", "avenue", "ave", "street", "jersey", "pride"}
_LOCATIVE_AFTER = {"area", "metro", "region", "suburbs", "downtown"}
_AFTER_CITY = _LOCATIVE_AFTER | {"vs", "versus", "or"}
# ... or next to a word of the job or its pay ("salary atlanta", "shreveport medical billing").
_PAY_WORDS = {
    "top",  # "detroit top earners", "atlanta top 10%"
    "earners",
    "salary",
    "salaries",
    "pay",
    "pays",
    "wage",
    "wages",
    "jobs",
    "job",
    "billers",
    "biller",
    "billing",
    "coders",
    "coder",
    "coding",
    "specialist",
    "specialists",
    "medical",
    "rate",
    "rates",
    "income",
    "market",
    "make",
    "earn",
    "earnings",
    "hospital",
    "hospitals",
    "clinic",
    "clinics",
}
# Codes that are everyday words count after a town only in capitals or at the end ("florence in my
# office" is not Florence, Indiana; "reading pa" is Reading, Pennsylvania).
_WORD_CODES = {"in", "or", "me", "ok", "hi", "oh", "id"}
_TERRITORY_NAMES = {
    "pr": "Puerto Rico",
    "puerto rico": "Puerto Rico",
    "gu": "Guam",
    "guam": "Guam",
    "vi": "the U.S. Virgin Islands",
    "usvi": "the U.S. Virgin Islands",
}
# The words a message may have besides a place for the place to be the whole point of it
# ("atlanta", "and in denver?", "what about 30301"); gateway/place_answer.py reads the same list.
PLACE_FILLER = set(
    """
vs versus or compare compared comparing and what whats about how in the ok okay k then so uh um umm hmm i
guess live im i'm from based we we're were state of for to with me my is its it's currently now rn there maybe
probably prob lol pls please yeah yes well actually oh hey moving move planning plan out here located work
working reside originally but also too again instead like how's hows abt bout wbu tho though at near around
top 10 ten median hourly zip code zipcode postal area if moved relocate relocated relocating go went
""".split()
)  # the measure words too: "what about cali top 10%" is pay in California


def _other_words(words: List[str], start: int, end: int) -> List[str]:
    return [w for i, w in enumerate(words) if not start <= i < end and w]


def _only_place_words(words: List[str], start: int, end: int) -> bool:
    """Whether every other word of the message is a place follow-up's ("top 10 la", "and ms?"):
    then a code that is also a word ("la", "ms", "co") names the state."""
    rest = _other_words(words, start, end)
    return bool(rest) and all(w in PLACE_FILLER for w in rest)


def _context(words: List[str], start: int, end: int, everyday: bool = False, clause_end: bool = False) -> bool:
    """Whether the sentence treats the words ``start:end`` as a place (see _BEFORE_CITY)."""
    before = words[start - 1] if start > 0 else ""
    before2 = words[start - 2] if start > 1 else ""
    after = words[end] if end < len(words) else ""
    rest = _other_words(words, start, end)
    if all(w in PLACE_FILLER for w in rest):
        return bool(rest) or not everyday  # "what about billings", "atlanta"; not "reading" alone
    moving_to = before == "to" and before2 in _MOVE_WORDS
    if everyday:
        return (
            before in _LOCATIVE
            or after in _LOCATIVE_AFTER
            or moving_to
            or (before == "in" and any(w in _PAY_WORDS for w in rest))
        )
    return (
        before in _BEFORE_CITY
        or moving_to
        or after in _AFTER_CITY
        or before in _PAY_WORDS
        or after in _PAY_WORDS
        or (start == 0 and clause_end and after in _QUESTION_START)
        or (before in _SHORT_BEFORE and len(words) <= _SHORT_MESSAGE)
        or any(w in _PLACE_NOUNS for w in words[end : end + 3])
        and before in ("is", "in")
    )


def _city_in_state(
    words: List[str], original: List[str], start: int, end: int, clause_end: List[bool]
) -> Optional[Tuple[Place, int]]:
    """A city or town followed by its state ("billings montana", "reading pa", "London, KY"):
    (that state, read via the town, and where the state's name ends); a state's full name counts
    after any known place name, a two-letter code only after a town of that state."""
    name = gazetteer.key(" ".join(original[start:end]))
    if (
        not name
        or name.isdigit()
        or name in _EXACT
        or name in _CODES
        or all(w in PLACE_FILLER for w in words[start:end])
    ):
        return None
    known = bool(gazetteer.cities(name) or gazetteer.foreign_population(name))
    for size in (3, 2, 1):
        after = " ".join(words[end : end + size])
        state = _NAMES.get(after) or (ALIASES.get(after) if after not in _NOT_IN_FREE_TEXT else None)
        if end + size <= len(words) and state and state != NATIONAL:
            town = gazetteer.town_in_state(name, JURISDICTIONS[state])
            if town or known:
                return Place(state, has_data=True, via=town or ""), end + size
    for size in (2, 1):
        after = " ".join(words[end : end + size])
        if end + size <= len(words) and after in _TERRITORY_NAMES and known:
            return Place(_TERRITORY_NAMES[after], has_data=False, via=name.title()), end + size
    code = words[end] if end < len(words) else ""
    if code in _CODES:
        town = gazetteer.town_in_state(name, code.upper())
        city_there = bool(town) and any(c.state == code.upper() for c in gazetteer.cities(gazetteer.key(town)))
        if town and (
            code not in _WORD_CODES or original[end].isupper() or end + 1 == len(words) or clause_end[end] or city_there
        ):  # "clevland oh pls"; not "florence in my office"
            return Place(_CODES[code], has_data=True, via=town), end + 1
    return None


def _city(words: List[str], original: List[str], start: int, end: int, clause_end: List[bool]) -> Optional[Place]:
    """A city in the words ``start:end``, when the sentence treats it as a place (``_context``;
    an everyday word like "reading" also needs a capital letter, as in "jobs in Reading"): its
    state, the question which state (a name several well-known cities share), or no data (a
    foreign city)."""
    name = gazetteer.key(" ".join(original[start:end]))
    if not name or name.isdigit():
        return None
    if name in gazetteer.CAPITALS_ONLY and not original[start].isupper():
        return None
    candidates = gazetteer.cities(name)
    foreign = gazetteer.foreign_population(name)
    everyday = end - start == 1 and gazetteer.everyday(name)  # "reading"; "grand rapids" is a name
    if everyday and not candidates:
        return None  # "chad", "much": a foreign place's name that is an everyday word
    if not candidates and not foreign and end - start == 1 and not everyday and name not in PLACE_FILLER:
        typo = _typo_match(name, min_len=5, candidates=gazetteer.TYPO_CANDIDATES)  # "pheonix", "atlana"
        candidates = gazetteer.cities(typo) if typo else []
    elif not candidates and not foreign and end - start == 2:
        candidates = gazetteer.cities(_two_word_typo(name))  # "san deigo", "los angles"
    if not candidates and not foreign:
        return None
    capitalised = start > 0 and original[start][:1].isupper() and words[start - 1] in _BEFORE_CITY
    if not (capitalised or _context(words, start, end, everyday, clause_end[end - 1])):
        return None
    return _city_named(candidates, foreign, " ".join(original[start:end]))


def _city_named(candidates: List["gazetteer.City"], foreign: int, typed: str) -> Place:
    """A known city name as a place: a foreign one (no data), several well-known cities (which
    one?), or the city's state."""
    if not candidates or foreign >= gazetteer.FOREIGN_FACTOR * candidates[0].population:
        return Place(_echoable(typed), has_data=False)
    known = gazetteer.well_known(
        [c for c in candidates if c.population >= gazetteer.AMBIGUOUS_POPULATION and gazetteer.municipality(c)]
    )
    if len({c.state for c in known}) > 1:
        states = sorted({_STATE_OF_CODE[c.state] for c in known if c.state in _STATE_OF_CODE})
        return Place(candidates[0].name, has_data=False, options=tuple(states))
    return _city_place(candidates[0])


_STATE_OF_CODE = {code: name for name, code in JURISDICTIONS.items()}


def _two_word_typo(name: str) -> str:
    """A big city's two-word name with the first word right and the second within one typo (two
    for an unusual word): "san deigo", "new orleens", "los angles"; not "the front" (the Bronx)."""
    if len(name.split()) != 2:
        return ""
    first, second = name.split()
    allowed = 1 if gazetteer.everyday(second) else 2
    close = [
        known
        for known, _ in gazetteer.TYPO_CANDIDATES
        if known.startswith(first + " ")
        and " " not in known[len(first) + 1 :]
        and 0 < _distance(second, known[len(first) + 1 :]) <= allowed
    ]
    return close[0] if len(close) == 1 else ""


def _city_place(city: "gazetteer.City") -> Place:
    if city.state in _STATE_OF_CODE:
        return Place(_STATE_OF_CODE[city.state], has_data=True, via=city.name)
    return Place(gazetteer.TERRITORIES.get(city.state, city.name), has_data=False, via=city.name)


def _zip(words: List[str], start: int, clause_end: bool = False) -> Optional[Place]:
    """A five-digit ZIP code, when the sentence says it is one ("zip 98101", "my zip is 46204",
    "I'm in 30301", "30301" alone, "58102 medical billing salary"); "99213" in a question about
    codes, "$47,230" or "47230 a year" are numbers."""
    before = words[max(0, start - 3) : start]
    after = words[start + 1] if start + 1 < len(words) else ""
    named = any(w in ("zip", "zipcode", "postal") for w in before)
    rest = [w for i, w in enumerate(words) if i != start and w]
    if not named and (any(w in _CODE_WORDS for w in words) or after in ("a", "per", "k", "claims", "year")):
        return None
    if not (
        named
        or (before and before[-1] in _LOCATIVE | {"in", "at"})
        or after in _PAY_WORDS
        or all(w in PLACE_FILLER for w in rest)
        or (start == 0 and clause_end)
    ):
        return None
    found = gazetteer.zip_code(words[start])
    if not found:
        return None
    code, _ = found
    via = f"ZIP {words[start]}"
    if code in _STATE_OF_CODE:
        return Place(_STATE_OF_CODE[code], has_data=True, via=via)
    return Place(gazetteer.TERRITORIES.get(code, "that ZIP code"), has_data=False, via=via)


_CODE_WORDS = {"cpt", "hcpcs", "icd", "code", "codes", "coding", "modifier", "claim", "claims", "invoice"}


def places_in(text: str, tagged: Iterable[str]) -> List[Place]:
    """The places a message names: those found in its text (exact, and they catch "Washington
    DC" where NLU may tag only "Washington"), then NLU's tags for what the text scan cannot see
    (lower-case codes like "ga", short typos, places without data such as "Atlantis")."""
    matches = find_matches(text)
    found = [place for place, _ in matches]
    for value in tagged:
        words = normalise(value)
        if words not in _EXACT and words not in _CODES and _city_or_word(value):
            continue  # the text scan has decided about cities and everyday words
        place = resolve(value)
        if not place or place in found or any(words in matched for _, matched in matches):
            continue
        if _known(place) or _said_as_place(normalise(text), words):
            found.append(place)  # "Atlantis": named back as having no figure
    return found


def _city_or_word(value: str) -> bool:
    """A tag that is a US city's name or an everyday word: the text scan has decided about it
    ("in reading", "is the earth flat", "my friend austin")."""
    name = gazetteer.key(value)
    return bool(gazetteer.cities(name) or gazetteer.everyday(name))


def _known(place: Place) -> bool:
    return place.has_data or place.national or place.name in NO_DATA.values()


def _said_as_place(text: str, words: str) -> bool:
    return text == words or bool(re.search(_PLACE_CONTEXT + re.escape(words) + r"\b", text))
