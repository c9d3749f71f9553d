"""The data file against the guide: every figure and named item in the guide is present and equal."""

from __future__ import annotations

import re

import pytest
import yaml

from actions.career import DEFAULT_PATH, load
from actions.places import JURISDICTIONS


def section(guide: str, start: str, end: str) -> str:
    return guide.split(start, 1)[1].split(end, 1)[0]


def bullets(text: str):
    return [line.strip()[2:].strip() for line in text.splitlines() if line.strip().startswith("•")]


def dollars(text: str) -> int:
    return int(text.replace("$", "").replace(",", ""))


def test_state_table_matches_the_guide_row_for_row(guide_text):
    rows = re.findall(r"^([A-Z][A-Za-z ]+?) \$([\d,]+) \$([\d,]+)$", guide_text, re.M)
    assert len(rows) == 51
    data = load().pay.by_state.rows
    assert list(data) == [name for name, _, _ in rows]  # same order as the guide
    for name, median, top in rows:
        assert data[name] == (dollars(median), dollars(top)), name
    assert set(data) == set(JURISDICTIONS)


def test_state_table_source_is_bls_oews_may_2024(guide_text):
    src = load().sources[load().pay.by_state.source]
    assert "BLS OEWS, May 2024" in guide_text
    assert (src.short, src.date) == ("BLS OEWS", "May 2024")
    assert src.name in guide_text


def test_national_pay_and_outlook(guide_text):
    nat, out = load().pay.national, load().outlook
    m = re.search(r"Median Pay \$([\d,]+) \$([\d.]+)/hr Top 10%: \$([\d,]+)", guide_text)
    assert (nat.median_annual, nat.median_hourly, nat.top_10_percent_annual) == (
        dollars(m[1]),
        float(m[2]),
        dollars(m[3]),
    )
    m = re.search(r"25th \$([\d,]+) 75th \$([\d,]+)", guide_text)
    assert (nat.percentile_25_annual, nat.percentile_75_annual) == (dollars(m[1]), dollars(m[2]))
    m = re.search(r"Job Outlook \((\d{4}–\d{4})\) ([\d.]+)% ([\d,]+) openings/yr", guide_text)
    assert (out.growth_period, out.growth_percent, out.openings_per_year) == (m[1], float(m[2]), dollars(m[3]))
    m = re.search(r"Employment \((\d{4})\) ([\d,]+)", guide_text)
    assert (out.employment_year, out.employment) == (int(m[1]), dollars(m[2]))
    assert f"Top Industries\n{out.top_industries}" in guide_text
    assert out.note.replace(" ", "") in guide_text.replace("\n", "").replace(" ", "")


def test_highest_paying_states_and_top_earners(guide_text):
    pay = load().pay
    assert " ".join(pay.highest_paying_states) in guide_text.split("Highest Paying States")[1].splitlines()[1]
    assert pay.top_earners_note in guide_text


def test_program_costs_and_durations(guide_text):
    types = {p.name: p for p in load().programs.types}
    rows = re.findall(r"^(.+?) \$([\d,]+) – \$([\d,]+) (\d+)(?: – (\d+))? (months|years)$", guide_text, re.M)
    assert len(rows) == len(types) == 2
    for name, low, high, dmin, dmax, unit in rows:
        p = types[name]
        assert (p.cost_usd.min, p.cost_usd.max) == (dollars(low), dollars(high))
        assert (p.duration.min, p.duration.max, p.duration.unit) == (int(dmin), int(dmax or dmin), unit)


def test_roadmap_steps(guide_text):
    titles = re.findall(r"^(\d)\. (.+)$", guide_text, re.M)
    steps = load().roadmap
    assert [(str(s.number), s.title) for s in steps] == titles
    flat = " ".join(guide_text.split())
    for s in steps:
        for sentence in re.split(r"(?<=\.) ", s.details):
            assert sentence.replace("isn't", "isn’t") in flat, sentence


@pytest.mark.parametrize(
    "start,end,field",
    [
        ("What Medical Billing Specialists Do", "Your Career Roadmap", lambda d: d.duties),
        ("Core topics include:", "3. Gain Practical Experience", lambda d: d.training.core_topics),
        ("Skills for Success", "Tip:", lambda d: d.skills.items),
        ("✅ Benefits", "⚠️ Challenges", lambda d: d.benefits),
        ("⚠️ Challenges", "Medical Billing Specialist Salary by State", lambda d: d.challenges),
    ],
)
def test_bulleted_lists(guide_text, start, end, field):
    assert field(load()) == bullets(section(guide_text, start, end))


def test_certifications(guide_text):
    listed = bullets(section(guide_text, "Common options include:", "These credentials"))
    creds = load().certification.credentials
    assert [f"{c.name} ({c.acronym}) – {c.body}" for c in creds] == listed
    assert load().certification.required is False
    assert load().certification.required_note.replace("'", "’") in guide_text


def test_workplaces(guide_text):
    listed = bullets(section(guide_text, "Where Medical Billing Specialists Work", "What It Costs"))
    assert [f"{w.name} – {w.role}" for w in load().workplaces] == listed


def test_fit_table(guide_text):
    rows = section(guide_text, "Maybe Not Ideal If You…\n", "\n\n").splitlines()
    fit = load().fit
    assert [f"{a} {b}" for a, b in zip(fit.great_fit_if, fit.maybe_not_ideal_if)] == rows


def test_training_skills_tip_and_disclaimers(guide_text):
    d = load()
    assert (d.training.duration_months.min, d.training.duration_months.max) == (6, 12)
    assert "completed in 6 to 12 months" in guide_text
    for text in (
        d.training.duration_note,
        d.training.note,
        d.skills.tip.replace("Tip: ", ""),
        d.disclaimers.timeline,
        d.disclaimers.employment,
        d.overview.why_it_matters,
        d.overview.in_short,
        d.overview.summary,
        d.overview.suits,
        d.remote.summary,
        d.remote.note,
        d.certification.value_note,
    ):
        assert text.replace("'", "’") in " ".join(guide_text.split()), text


def test_every_figure_in_the_guide_is_in_the_data_file(guide_text):
    """No number of the guide may be missing from the data file (apart from step numbers)."""
    data_numbers = set()
    for token in re.findall(r"\d[\d,]*(?:\.\d+)?", DEFAULT_PATH.read_text()):
        data_numbers.add(token.replace(",", ""))
    guide_numbers = {t.replace(",", "") for t in re.findall(r"\d[\d,]*(?:\.\d+)?", guide_text)}
    missing = {n for n in guide_numbers if n not in data_numbers and n.rstrip(".") not in data_numbers}
    assert not missing, f"figures in the guide but not in the data file: {sorted(missing)}"


def test_every_figure_has_a_source_and_date():
    raw = yaml.safe_load(DEFAULT_PATH.read_text())
    for path in ("programs", "pay.national", "pay.by_state", "outlook"):
        node = raw
        for key in path.split("."):
            node = node[key]
        src = raw["sources"][node["source"]]
        assert src["name"] and src["date"], path
