"""Text -> one of the 51 jurisdictions with pay data, or a clearly named place without data.

People type "TX", "cali", "Massachusets", "Washington DC" or "Washington state"; ``resolve``
turns one place mention (an NLU entity) into a ``Place``; ``find_in_text`` scans a whole message
for places when NLU tagged none. Nothing here ever guesses: a mention that matches no known name
closely enough comes back as a place without data, named as the user wrote it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Iterable, Iterator, List, Optional, Tuple

JURISDICTIONS: Dict[str, str] = {
    "Alabama": "AL", "Alaska": "AK", "Arizona": "AZ", "Arkansas": "AR", "California": "CA",
    "Colorado": "CO", "Connecticut": "CT", "Delaware": "DE", "District of Columbia": "DC",
    "Florida": "FL", "Georgia": "GA", "Hawaii": "HI", "Idaho": "ID", "Illinois": "IL",
    "Indiana": "IN", "Iowa": "IA", "Kansas": "KS", "Kentucky": "KY", "Louisiana": "LA",
    "Maine": "ME", "Maryland": "MD", "Massachusetts": "MA", "Michigan": "MI", "Minnesota": "MN",
    "Mississippi": "MS", "Missouri": "MO", "Montana": "MT", "Nebraska": "NE", "Nevada": "NV",
    "New Hampshire": "NH", "New Jersey": "NJ", "New Mexico": "NM", "New York": "NY",
    "North Carolina": "NC", "North Dakota": "ND", "Ohio": "OH", "Oklahoma": "OK", "Oregon": "OR",
    "Pennsylvania": "PA", "Rhode Island": "RI", "South Carolina": "SC", "South Dakota": "SD",
    "Tennessee": "TN", "Texas": "TX", "Utah": "UT", "Vermont": "VT", "Virginia": "VA",
    "Washington": "WA", "West Virginia": "WV", "Wisconsin": "WI", "Wyoming": "WY",
}

NATIONAL = "United States"

# Other ways people name a jurisdiction (already normalised: lower case, no dots).
ALIASES: Dict[str, str] = {
    "cali": "California", "calif": "California", "socal": "California", "norcal": "California",
    "mass": "Massachusetts", "jersey": "New Jersey", "penn": "Pennsylvania", "penna": "Pennsylvania",
    "conn": "Connecticut", "minn": "Minnesota", "mich": "Michigan", "wisc": "Wisconsin",
    "tenn": "Tennessee", "fla": "Florida", "ariz": "Arizona", "colo": "Colorado",
    "okla": "Oklahoma", "oreg": "Oregon", "wash": "Washington", "nev": "Nevada",
    "hawai'i": "Hawaii", "hawaiʻi": "Hawaii", "carolina del norte": "North Carolina",
    "washington state": "Washington", "state of washington": "Washington", "wa state": "Washington",
    "new york state": "New York", "ny state": "New York",
    "washington dc": "District of Columbia", "washington d c": "District of Columbia",
    "washington district of columbia": "District of Columbia", "dc": "District of Columbia",
    "d c": "District of Columbia", "the district": "District of Columbia",
    "district columbia": "District of Columbia",
    "united states": NATIONAL, "united states of america": NATIONAL, "usa": NATIONAL,
    "us": NATIONAL, "u s": NATIONAL, "u s a": NATIONAL, "america": NATIONAL,
    "nationwide": NATIONAL, "national": NATIONAL, "nationally": NATIONAL, "the us": NATIONAL,
}

# State nicknames ("the lone star state"), matched like any other name.
NICKNAMES: Dict[str, str] = {
    "yellowhammer state": "Alabama", "last frontier": "Alaska", "grand canyon state": "Arizona",
    "natural state": "Arkansas", "golden state": "California", "centennial state": "Colorado",
    "constitution state": "Connecticut", "first state": "Delaware", "sunshine state": "Florida",
    "peach state": "Georgia", "aloha state": "Hawaii", "gem state": "Idaho", "prairie state": "Illinois",
    "land of lincoln": "Illinois", "hoosier state": "Indiana", "hawkeye state": "Iowa",
    "sunflower state": "Kansas", "bluegrass state": "Kentucky", "pelican state": "Louisiana",
    "pine tree state": "Maine", "old line state": "Maryland", "bay state": "Massachusetts",
    "great lakes state": "Michigan", "wolverine state": "Michigan", "north star state": "Minnesota",
    "land of 10000 lakes": "Minnesota", "magnolia state": "Mississippi", "show me state": "Missouri",
    "treasure state": "Montana", "big sky country": "Montana", "cornhusker state": "Nebraska",
    "silver state": "Nevada", "granite state": "New Hampshire", "garden state": "New Jersey",
    "land of enchantment": "New Mexico", "empire state": "New York", "tar heel state": "North Carolina",
    "peace garden state": "North Dakota", "buckeye state": "Ohio", "sooner state": "Oklahoma",
    "beaver state": "Oregon", "keystone state": "Pennsylvania", "ocean state": "Rhode Island",
    "palmetto state": "South Carolina", "mount rushmore state": "South Dakota", "volunteer state": "Tennessee",
    "lone star state": "Texas", "beehive state": "Utah", "green mountain state": "Vermont",
    "old dominion": "Virginia", "evergreen state": "Washington", "mountain state": "West Virginia",
    "badger state": "Wisconsin", "cowboy state": "Wyoming", "equality state": "Wyoming",
}
ALIASES.update({**{name: state for name, state in NICKNAMES.items()},
                **{f"the {name}": state for name, state in NICKNAMES.items()}})

# Places people ask about that contain a state's name but have no figure of their own.
NO_DATA: Dict[str, str] = {
    "puerto rico": "Puerto Rico", "guam": "Guam", "us virgin islands": "the U.S. Virgin Islands",
    "virgin islands": "the U.S. Virgin Islands", "american samoa": "American Samoa",
    "northern mariana islands": "the Northern Mariana Islands",
    "new york city": "New York City", "nyc": "New York City", "kansas city": "Kansas City",
    "oklahoma city": "Oklahoma City", "iowa city": "Iowa City", "carson city": "Carson City",
    "jersey city": "Jersey City", "virginia beach": "Virginia Beach",
    "washington heights": "Washington Heights", "new mexico city": "New Mexico City",
}

# Two-letter codes that are also everyday words: only trusted when typed in capitals by the user
# inside a phrase NLU tagged as a place, never picked out of free text.
_WORDLIKE_CODES = {"IN", "ME", "OR", "OK", "HI", "OH", "AL", "LA", "PA", "DE", "CO", "MA", "ID",
                   "MD", "MS", "MT", "GA", "VA", "WA", "AR", "NE", "SC", "MO", "UT", "IA", "KS"}

_CODES = {code.lower(): name for name, code in JURISDICTIONS.items()}
_NAMES = {name.lower(): name for name in JURISDICTIONS}
_EXACT = {**_NAMES, **ALIASES}
# Everyday words that name a place only when NLU tagged them as one ("tell us", "national",
# "wash windshield", "body mass").
_NOT_IN_FREE_TEXT = {"us", "u s", "the us", "america", "national", "nationally", "wash", "mass", "penn",
                     "conn", "jersey"}
# A name NLU tagged that matches no known place is repeated back as "no figure for X" only when
# the sentence treats it as a place ("in X", "from X", or X alone); "is the earth flat" has none.
_PLACE_CONTEXT = r"\b(in|at|for|from|near|around|to|of|with|and|vs|versus|or|than|about|live|living|move|moving|based|state|city)\s+(the\s+)?"
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


def resolve(mention: str) -> Optional[Place]:
    """One place mention (as NLU tagged it) -> a Place; None for an empty mention."""
    raw = " ".join(mention.split()).strip(" ,.?!")
    key = normalise(raw)
    if not key:
        return None
    key = re.sub(r"^(the )?state of ", "", key) if key not in _EXACT else key
    for candidate in (key, re.sub(r" state$", "", key)):
        if candidate in _EXACT:
            return _place(_EXACT[candidate])
        if candidate in NO_DATA:
            return Place(NO_DATA[candidate], has_data=False)
        if candidate in _CODES:
            return _place(_CODES[candidate])
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


def find_matches(text: str) -> List[Tuple[Place, str]]:
    """Places named anywhere in a message with the words that named them, longest match first,
    in the order they appear.

    Stricter than ``resolve``: codes count only when unambiguous ("TX", "ny"), and typos only of
    full names in words of 7+ letters, so "the main duty" is never Maine, "taxes" never Texas and
    "my state" never "NY state".
    """
    original = re.sub(r"[^\w.' ]+", " ", text).split()
    words = [normalise(w) for w in original]
    taken = [False] * len(words)
    found: List[tuple] = []
    for start, end in _spans(words):
        if any(taken[start:end]):
            continue
        key = " ".join(w for w in words[start:end] if w)
        place = None
        if key in NO_DATA:
            place = Place(NO_DATA[key], has_data=False)
        elif key in _EXACT and key not in _NOT_IN_FREE_TEXT:
            place = _place(_EXACT[key])
        elif end - start == 1 and key in _CODES:
            typed = original[start].replace(".", "")
            if typed.upper() not in _WORDLIKE_CODES or (typed.isupper() and typed not in {"IN", "OR", "ME", "OK", "HI"}):
                place = _place(_CODES[key])
        elif " " not in key or end - start <= 2:
            typo = _typo_match(key, min_len=7, candidates=_TYPO_TEXT)
            place = _place(typo) if typo else None
        if place:
            taken[start:end] = [True] * (end - start)
            found.append((start, place, key))
    return [(p, key) for _, p, key in sorted(found, key=lambda item: item[0])]


def places_in(text: str, tagged: Iterable[str]) -> List[Place]:
    """The places a message names: those found in its text (exact, and they catch "Washington
    DC" where NLU may tag only "Washington"), then NLU's tags for what the text scan cannot see
    (lower-case codes like "ga", short typos, places without data such as cities and countries)."""
    matches = find_matches(text)
    found = [place for place, _ in matches]
    for value in tagged:
        place = resolve(value)
        words = normalise(value)
        if not place or place in found or any(words in matched for _, matched in matches):
            continue
        if _known(place) or _said_as_place(normalise(text), words):
            found.append(place)
    return found


def _known(place: Place) -> bool:
    return place.has_data or place.national or place.name in NO_DATA.values()


def _said_as_place(text: str, words: str) -> bool:
    return text == words or bool(re.search(_PLACE_CONTEXT + re.escape(words) + r"\b", text))
