"""The career data: typed model, loader with validation, and the queries actions ask.

The YAML file is read once (``load`` is cached) when the action server imports the action
modules, so malformed data stops the server at start-up with an error naming file and field.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import Dict, List, Optional, Tuple, Union

import yaml
from pydantic import BaseModel, Extra, ValidationError, confloat, conint, root_validator, validator

from actions.places import JURISDICTIONS

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "career" / "medical_billing_specialist.yml"


class CareerDataError(RuntimeError):
    """The data file is missing or malformed; the message names the file and the field."""


class Strict(BaseModel):
    class Config:
        extra = Extra.forbid
        allow_mutation = False


class Source(Strict):
    name: str
    short: str
    date: str


class Overview(Strict):
    title: str
    summary: str
    suits: str
    why_it_matters: str
    in_short: str


class Step(Strict):
    number: conint(ge=1)
    title: str
    details: str


class Range(Strict):
    min: conint(ge=0)
    max: conint(ge=0)
    unit: Optional[str] = None

    @root_validator(skip_on_failure=True)
    def _ordered(cls, values):
        if values["min"] > values["max"]:
            raise ValueError(f"min ({values['min']}) is greater than max ({values['max']})")
        return values


class Training(Strict):
    duration_months: Range
    duration_note: str
    formats: List[str]
    core_topics: List[str]
    note: str


class Credential(Strict):
    acronym: str
    name: str
    body: str


class Certification(Strict):
    required: bool
    required_note: str
    value_note: str
    credentials: List[Credential]


class ProgramType(Strict):
    key: str
    name: str
    cost_usd: Range
    duration: Range


class Programs(Strict):
    source: str
    types: List[ProgramType]


class NationalPay(Strict):
    source: str
    median_annual: conint(gt=0)
    median_hourly: float
    top_10_percent_annual: conint(gt=0)
    percentile_25_annual: conint(gt=0)
    percentile_75_annual: conint(gt=0)


class Column(Strict):
    key: str
    label: str  # as said in an answer: "median annual pay"
    unit: str = "usd"  # usd (whole dollars), count or percent

    @validator("unit")
    def _known_unit(cls, unit):
        if unit not in UNITS:
            raise ValueError(f"unit must be one of {sorted(UNITS)}, got {unit!r}")
        return unit


UNITS = {"usd", "count", "percent"}


class StateTable(Strict):
    """One figure or more for each of the 50 states and DC: named columns, one source."""

    source: str
    columns: List[Column]
    rows: Dict[str, Tuple[Union[conint(ge=0, strict=True), confloat(ge=0)], ...]]

    @validator("rows")
    def _all_jurisdictions(cls, rows, values):
        missing = sorted(set(JURISDICTIONS) - set(rows))
        unknown = sorted(set(rows) - set(JURISDICTIONS))
        if missing or unknown:
            raise ValueError(f"must list the 50 states and DC exactly; missing {missing}, unknown {unknown}")
        width = len(values.get("columns") or [])
        for name, row in rows.items():
            if len(row) != width:
                raise ValueError(f"{name}: {len(row)} values for {width} columns")
        return rows

    def value(self, state: str, column: str) -> float:
        return self.rows[state][[c.key for c in self.columns].index(column)]


class PayTable(StateTable):
    @validator("rows")
    def _median_below_top(cls, rows):
        for name, (median, top) in rows.items():
            if median > top:
                raise ValueError(f"{name}: median ({median:g}) is above the top 10% figure ({top:g})")
        return rows

    @validator("columns")
    def _pay_columns(cls, columns):
        if [c.key for c in columns] != list(PAY_COLUMNS):
            raise ValueError(f"the pay table's columns are {list(PAY_COLUMNS)}")
        return columns


PAY_COLUMNS = ("median_annual", "top_10_percent_annual")


class ExtraStateTable(StateTable):
    """A per-state table beyond pay (say, employment by state): ``subject`` names it in answers,
    ``patterns`` (regular expressions over the lower-cased message) are the questions it answers,
    whatever NLU made of them."""

    subject: str
    patterns: List[str]


class Pay(Strict):
    national: NationalPay
    highest_paying_states: List[str]
    top_earners_note: str
    by_state: PayTable

    @validator("highest_paying_states", each_item=True)
    def _known_state(cls, name):
        if name not in JURISDICTIONS:
            raise ValueError(f"{name!r} is not one of the 50 states or DC")
        return name


class Outlook(Strict):
    source: str
    growth_percent: float
    growth_period: str
    openings_per_year: conint(gt=0)
    employment: conint(gt=0)
    employment_year: int
    top_industries: str
    note: str


class Workplace(Strict):
    name: str
    role: str


class Remote(Strict):
    summary: str
    note: str


class Skills(Strict):
    items: List[str]
    tip: str


class Fit(Strict):
    great_fit_if: List[str]
    maybe_not_ideal_if: List[str]


class Disclaimers(Strict):
    timeline: str
    employment: str


# The answers a "the guide doesn't say" reply may point to (actions/not_in_guide.py).
CLOSEST_ANSWERS = (
    "certifications",
    "certification_required",
    "duties",
    "training",
    "costs",
    "outlook",
    "benefits",
    "remote",
    "pay",
    "experience",
    "skills",
    "education",
)


class Gap(Strict):
    """An in-topic question the guide does not answer, and the closest answer it does give."""

    key: str
    subject: str
    closest: str
    patterns: List[str]

    @validator("closest")
    def _known_answer(cls, closest):
        if closest not in CLOSEST_ANSWERS:
            raise ValueError(f"{closest!r} is not one of {list(CLOSEST_ANSWERS)}")
        return closest

    @validator("patterns", each_item=True)
    def _compiles(cls, pattern):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression ({exc}): {pattern!r}") from exc
        return pattern


class CareerData(Strict):
    sources: Dict[str, Source]
    overview: Overview
    duties: List[str]
    roadmap: List[Step]
    training: Training
    certification: Certification
    programs: Programs
    pay: Pay
    outlook: Outlook
    workplaces: List[Workplace]
    remote: Remote
    skills: Skills
    fit: Fit
    benefits: List[str]
    challenges: List[str]
    disclaimers: Disclaimers
    not_in_guide: List[Gap]
    state_tables: Dict[str, ExtraStateTable] = {}

    @validator("roadmap")
    def _steps_numbered(cls, steps):
        numbers = [s.number for s in steps]
        if numbers != list(range(1, len(steps) + 1)):
            raise ValueError(f"steps must be numbered 1..{len(steps)} in order, got {numbers}")
        return steps

    @root_validator(skip_on_failure=True)
    def _sources_exist(cls, values):
        for field, ref in (
            ("programs.source", values["programs"].source),
            ("pay.national.source", values["pay"].national.source),
            ("pay.by_state.source", values["pay"].by_state.source),
            ("outlook.source", values["outlook"].source),
            *((f"state_tables.{key}.source", table.source) for key, table in values["state_tables"].items()),
        ):
            if ref not in values["sources"]:
                raise ValueError(f"{field}: unknown source {ref!r}; known: {sorted(values['sources'])}")
        return values


def load_file(path: Path) -> CareerData:
    """Read and validate one data file; every failure names the file and the field."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise CareerDataError(f"{path}: cannot read career data file: {exc}") from exc
    except yaml.YAMLError as exc:
        raise CareerDataError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise CareerDataError(f"{path}: expected a mapping at the top level, got {type(raw).__name__}")
    try:
        return CareerData.parse_obj(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"field '{'.'.join(str(p) for p in err['loc'] if p != '__root__') or '(top level)'}': {err['msg']}"
            for err in exc.errors()
        )
        raise CareerDataError(f"{path}: invalid career data: {problems}") from exc


@functools.lru_cache(maxsize=1)
def load() -> CareerData:
    """The data file named by CAREER_DATA_FILE, or the repository's, loaded once."""
    return load_file(Path(os.environ.get("CAREER_DATA_FILE", DEFAULT_PATH)))


# --- queries -----------------------------------------------------------------------------------


class StatePay(BaseModel):
    state: str
    median_annual: int
    top_10_percent_annual: int
    source: Source


def gap_in(text: str) -> Optional[Gap]:
    """The first gap of the guide that ``text`` asks about, if any."""
    lowered = " ".join(text.lower().split())
    return next((gap for gap, patterns in _gap_patterns() if any(p.search(lowered) for p in patterns)), None)


def state_table_in(text: str) -> Optional[ExtraStateTable]:
    """The extra per-state table that ``text`` asks about, if any (see ``ExtraStateTable``)."""
    lowered = " ".join(text.lower().split())
    return next((t for t, patterns in _table_patterns() if any(p.search(lowered) for p in patterns)), None)


@functools.lru_cache(maxsize=1)
def _table_patterns():
    return [(table, [re.compile(p) for p in table.patterns]) for table in load().state_tables.values()]


@functools.lru_cache(maxsize=1)
def _gap_patterns():
    return [(gap, [re.compile(p) for p in gap.patterns]) for gap in load().not_in_guide]


def step(number: int) -> Optional[Step]:
    return next((s for s in load().roadmap if s.number == number), None)


def credential(text: str) -> Optional[Credential]:
    """A certification by acronym or full name, any case."""
    wanted = " ".join(text.lower().replace(".", "").split())
    for cred in load().certification.credentials:
        if wanted in (cred.acronym.lower(), cred.name.lower()):
            return cred
    return None


def program(key: str) -> Optional[ProgramType]:
    return next((p for p in load().programs.types if p.key == key), None)


def source(key: str) -> Source:
    return load().sources[key]


def state_pay(state: str) -> StatePay:
    """Pay in one of the 51 jurisdictions (canonical name, as ``places.resolve`` gives)."""
    data = load()
    median, top = data.pay.by_state.rows[state]
    return StatePay(
        state=state, median_annual=median, top_10_percent_annual=top, source=source(data.pay.by_state.source)
    )


# --- derived figures: computed here only, and always labelled as derived where shown ---------

MEASURES = {"median": "median annual pay", "top_10": "top 10% annual pay"}


def state_figure(pay: StatePay, measure: str) -> int:
    return pay.median_annual if measure == "median" else pay.top_10_percent_annual


def ranked(measure: str = "median") -> List[StatePay]:
    """All 51 jurisdictions, highest first by ``measure`` (ties keep the guide's order)."""
    rows = [state_pay(name) for name in load().pay.by_state.rows]
    return sorted(rows, key=lambda p: -state_figure(p, measure))


class Rank(BaseModel):
    position: int  # 1 = highest; tied jurisdictions share a position
    of: int
    tied_with: List[str]


def rank_of(state: str, measure: str = "median") -> Rank:
    rows = ranked(measure)
    mine = state_figure(state_pay(state), measure)
    higher = sum(1 for p in rows if state_figure(p, measure) > mine)
    tied = [p.state for p in rows if state_figure(p, measure) == mine and p.state != state]
    return Rank(position=higher + 1, of=len(rows), tied_with=tied)


def percent_difference(value: int, reference: int) -> float:
    return round((value - reference) / reference * 100, 1)


def payback_months(cost: int, annual_pay: int) -> float:
    """Months of gross median pay that add up to ``cost``: a rough payback yardstick."""
    return round(cost / (annual_pay / 12), 1)
