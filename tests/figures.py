"""Every figure the bot may say: the data file's own, and the documented derivations of them."""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from typing import Set

from actions.career import DEFAULT_PATH, load, payback_months, percent_difference, state_pay

MONEY = re.compile(r"\$\s?(\d[\d,]*(?:\.\d+)?)")
PERCENT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s?%")
COUNT = re.compile(r"(?<![\d$.,])(\d{1,3}(?:,\d{3})+|\d{4,})(?![\d,])")


def _norm(number: str) -> str:
    value = float(number.replace(",", ""))
    return f"{value:g}" if not value.is_integer() else str(int(value))


@lru_cache(maxsize=1)
def allowed() -> Set[str]:
    data = load()
    numbers = {_norm(n) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", DEFAULT_PATH.read_text())}
    medians = {name: state_pay(name).median_annual for name in data.pay.by_state.rows}
    pays = list(medians.values()) + [data.pay.national.median_annual]
    for a, b in itertools.permutations(pays, 2):
        numbers.add(_norm(str(abs(a - b))))
        numbers.add(_norm(str(abs(percent_difference(a, b)))))
    for pay in pays:
        for p in data.programs.types:
            numbers.update(_norm(str(payback_months(c, pay))) for c in (p.cost_usd.min, p.cost_usd.max))
    return numbers


def invented(text: str) -> Set[str]:
    """Dollar figures, percentages and large counts in ``text`` that the data cannot account for."""
    found = {_norm(m) for pattern in (MONEY, PERCENT, COUNT) for m in pattern.findall(text)}
    return found - allowed()


@lru_cache(maxsize=1)
def _state_names() -> re.Pattern:
    names = sorted(load().pay.by_state.rows, key=len, reverse=True)  # "West Virginia" before "Virginia"
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b")


@lru_cache(maxsize=64)
def _own_figures(state: str) -> Set[str]:
    """What a sentence about one state may say: its figures, the national ones, their differences."""
    data = load()
    nat = data.pay.national
    national = [nat.median_annual, nat.top_10_percent_annual, nat.percentile_25_annual, nat.percentile_75_annual]
    pay = state_pay(state)
    own = {_norm(str(v)) for v in (pay.median_annual, pay.top_10_percent_annual, *national, nat.median_hourly)}
    own.add(_norm(str(abs(pay.median_annual - nat.median_annual))))
    return own


def misplaced(text: str) -> Set[str]:
    """Dollar figures in a sentence about exactly one state that are not that state's (nor the
    national ones): "In Ohio, the median is $47,230" (Texas's figure) is caught."""
    found: Set[str] = set()
    for sentence in re.split(r"\n|(?<=[.:;])\s+(?=[A-Z•])", text):
        states = set(_state_names().findall(sentence))
        if len(states) == 1:
            found |= {_norm(m) for m in MONEY.findall(sentence)} - _own_figures(states.pop())
    return found
