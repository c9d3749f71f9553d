"""The website's guide (web/index.html) says what the career data file says, figure for figure.

The page is written by hand for its layout; its facts are the data file's. Every number on the
page must be one of the data file's (a typo such as $59,710 fails), the pay cards must show the
national figures under the right labels, and the state table must be the data file's, row for row.
"""

import re
from html.parser import HTMLParser

import pytest
import yaml

from actions.career import DEFAULT_PATH, load
from tests.conftest import ROOT

PAGE = ROOT / "web" / "index.html"
# Numbers that are names of things, not figures: the measures "Top 10%", "25th" and "75th" (percentile).
LABELS = {"10", "25", "75"}


class _Text(HTMLParser):
    """The page's visible text (no scripts, styles or attributes)."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


@pytest.fixture(scope="module")
def page_text():
    parser = _Text()
    parser.feed(PAGE.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.parts).split())


def _numbers(text: str):
    """Every number written in ``text``, without thousands separators ("$59,700" -> "59700")."""
    return {n.replace(",", "") for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}


def _data_numbers():
    """Every number of the data file: its values, and the numbers written inside its texts."""
    found = set()

    def walk(node):
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, bool):
            return
        elif isinstance(node, (int, float)):
            found.add(f"{node:.2f}" if isinstance(node, float) and node != round(node, 1) else str(node))
        elif isinstance(node, str):
            found.update(_numbers(node))

    walk(yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8")))
    return found


def test_every_number_on_the_page_is_one_of_the_data_file_s(page_text):
    unknown = _numbers(page_text) - _data_numbers() - LABELS
    assert not unknown, f"figures on web/index.html that the data file does not have: {sorted(unknown)}"


def test_the_national_cards_show_the_data_file_s_figures_under_their_labels(page_text):
    data = load()
    national, outlook = data.pay.national, data.outlook
    for expected in (
        f"Median Pay ${national.median_annual:,} ${national.median_hourly:.2f}/hr · Top 10%: "
        f"${national.top_10_percent_annual:,}",
        f"Job Outlook ({outlook.growth_period}) {outlook.growth_percent}% {outlook.openings_per_year:,} openings/yr",
        f"Employment ({outlook.employment_year}) {outlook.employment:,}",
        f"25th: ${national.percentile_25_annual:,} · 75th: ${national.percentile_75_annual:,}",
        "Highest Paying States " + ", ".join(data.pay.highest_paying_states),
        f"Your Career Roadmap: {len(data.roadmap)} Steps",
    ):
        assert expected in page_text, expected


def test_the_state_table_is_the_data_file_s_row_for_row():
    page = PAGE.read_text(encoding="utf-8")
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>\$([\d,]+)</td><td>\$([\d,]+)</td></tr>', page)
    expected = [(state, f"{median:,}", f"{top:,}") for state, (median, top) in load().pay.by_state.rows.items()]
    assert rows == expected


def test_the_program_table_is_the_data_file_s():
    page = PAGE.read_text(encoding="utf-8")
    for program in load().programs.types:
        cost, length = program.cost_usd, program.duration
        duration = (
            f"{length.min} – {length.max} {length.unit}" if length.min != length.max else f"{length.min} {length.unit}"
        )
        row = f'<th scope="row">{program.name}</th><td>${cost.min:,} – ${cost.max:,}</td><td>{duration}</td>'
        assert row in page, row
