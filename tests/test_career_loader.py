"""The loader refuses broken data files with an error naming the file and the field."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import yaml

from actions.career import DEFAULT_PATH, CareerDataError, load_file
from tests.conftest import ROOT


@pytest.fixture
def raw():
    return yaml.safe_load(DEFAULT_PATH.read_text())


def write(tmp_path, data) -> str:
    path = tmp_path / "career.yml"
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True))
    return path


def broken(tmp_path, raw, change) -> str:
    change(raw)
    with pytest.raises(CareerDataError) as err:
        load_file(write(tmp_path, raw))
    return str(err.value)


def test_the_real_file_loads():
    assert len(load_file(DEFAULT_PATH).pay.by_state.rows) == 51


def test_missing_field_is_named(tmp_path, raw):
    msg = broken(tmp_path, raw, lambda r: r["pay"]["national"].pop("median_annual"))
    assert str(tmp_path / "career.yml") in msg and "pay.national.median_annual" in msg and "field required" in msg


def test_wrong_type_is_named(tmp_path, raw):
    msg = broken(tmp_path, raw, lambda r: r["pay"]["by_state"]["rows"].__setitem__("Texas", ["lots", 77140]))
    assert "pay.by_state.rows.Texas" in msg


def test_missing_state_is_named(tmp_path, raw):
    msg = broken(tmp_path, raw, lambda r: r["pay"]["by_state"]["rows"].pop("Ohio"))
    assert "pay.by_state.rows" in msg and "Ohio" in msg


def test_unknown_state_is_named(tmp_path, raw):
    msg = broken(tmp_path, raw, lambda r: r["pay"]["by_state"]["rows"].__setitem__("Puerto Rico", [1, 2]))
    assert "Puerto Rico" in msg


def test_median_above_top_10_is_refused(tmp_path, raw):
    msg = broken(tmp_path, raw, lambda r: r["pay"]["by_state"]["rows"].__setitem__("Utah", [90000, 82740]))
    assert "Utah" in msg and "median" in msg


def test_cost_range_upside_down(tmp_path, raw):
    msg = broken(tmp_path, raw, lambda r: r["programs"]["types"][0]["cost_usd"].update(min=7000))
    assert "programs.types.0.cost_usd" in msg and "greater than max" in msg


def test_unknown_source(tmp_path, raw):
    msg = broken(tmp_path, raw, lambda r: r["outlook"].update(source="nowhere"))
    assert "outlook.source" in msg and "nowhere" in msg


def test_steps_out_of_order(tmp_path, raw):
    msg = broken(tmp_path, raw, lambda r: r["roadmap"].reverse())
    assert "roadmap" in msg and "numbered" in msg


def test_unexpected_field(tmp_path, raw):
    msg = broken(tmp_path, raw, lambda r: r["outlook"].update(growth_pct=7.1))
    assert "outlook.growth_pct" in msg and "extra fields not permitted" in msg


def test_highest_paying_state_must_exist(tmp_path, raw):
    msg = broken(tmp_path, raw, lambda r: r["pay"]["highest_paying_states"].append("Atlantis"))
    assert "pay.highest_paying_states" in msg and "Atlantis" in msg


@pytest.mark.parametrize("content,expected", [("pay: [unclosed", "not valid YAML"), ("- a list", "expected a mapping")])
def test_unreadable_files(tmp_path, content, expected):
    with pytest.raises(CareerDataError, match=expected):
        load_file(write(tmp_path, content))


def test_missing_file(tmp_path):
    with pytest.raises(CareerDataError, match="cannot read"):
        load_file(tmp_path / "nope.yml")


def test_action_server_refuses_to_start_on_bad_data(tmp_path, raw):
    raw["pay"]["national"]["median_annual"] = "fifty thousand"
    bad = write(tmp_path, raw)
    proc = subprocess.run(
        [sys.executable, "-c", "import actions"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "CAREER_DATA_FILE": str(bad)},
        timeout=60,
    )
    assert proc.returncode != 0
    assert str(bad) in proc.stderr and "pay.national.median_annual" in proc.stderr
