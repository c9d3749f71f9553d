"""A new per-state table is the data file and nothing else: loaded, validated and answered."""

import pytest
import yaml

from actions.career import DEFAULT_PATH, CareerDataError, load_file
from actions.places import JURISDICTIONS

EMPLOYMENT = {
    "source": "bls_oews_may_2024",
    "subject": "Employment of medical billing specialists",
    "columns": [{"key": "employed", "label": "people employed", "unit": "count"}],
    "rows": {name: [1000 + i] for i, name in enumerate(JURISDICTIONS)},
    "patterns": [r"\bhow many\b.{0,30}\b(employed|work|jobs)\b", r"\bemployment\b.{0,20}\b(in|by state)\b"],
}


@pytest.fixture
def with_employment(career_file):
    """The repository's data file plus an employment-by-state table, as the action server loads it."""
    career_file(lambda raw: raw.__setitem__("state_tables", {"employment": EMPLOYMENT}))


def test_the_repository_s_file_has_no_extra_table_and_the_pay_table_has_named_columns():
    data = load_file(DEFAULT_PATH)
    assert data.state_tables == {}
    assert [c.key for c in data.pay.by_state.columns] == ["median_annual", "top_10_percent_annual"]
    assert data.pay.by_state.value("Texas", "top_10_percent_annual") == 77140


@pytest.mark.parametrize(
    "action_path,intent",
    [
        ("actions.not_in_guide.ActionOutOfScope", "out_of_scope"),  # NLU never saw the question
        ("actions.pay.ActionPay", "ask_salary"),  # or took it for a neighbour
        ("actions.fallback.ActionAskAffirmation", "nlu_fallback"),
    ],
)
def test_a_new_table_answers_its_questions_whatever_nlu_made_of_them(with_employment, chat, action_path, intent):
    import importlib

    module, name = action_path.rsplit(".", 1)
    action = getattr(importlib.import_module(module), name)()
    ohio = 1000 + list(JURISDICTIONS).index("Ohio")
    texts, _, events = chat.run(action, "how many billers are employed in ohio", intent)
    assert texts == [
        f"Employment of medical billing specialists in Ohio: people employed {ohio:,}.\n"
        "Source: U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics (OEWS) (May 2024)."
    ]
    assert {"event": "slot", "name": "state", "value": "Ohio", "timestamp": None} in events


def test_the_state_discussed_is_used_and_a_place_without_data_is_named(with_employment, chat):
    from actions.not_in_guide import ActionOutOfScope

    texts, _, _ = chat.run(
        ActionOutOfScope(), "how many people work in billing there", "out_of_scope", slots={"state": "Texas"}
    )
    assert texts[0].startswith("Employment of medical billing specialists in Texas: people employed")
    texts, _, _ = chat.run(ActionOutOfScope(), "employment in puerto rico", "out_of_scope")
    assert texts[0] == (
        "The guide's table of Employment of medical billing specialists covers the US states and "
        "DC only, not Puerto Rico."
    )
    texts, messages, _ = chat.run(ActionOutOfScope(), "how many jobs are there", "out_of_scope")
    assert [m["response"] for m in messages] == ["utter_ask_state"]


def test_a_question_about_another_job_is_not_answered_from_the_table(with_employment, chat):
    from actions.not_in_guide import ActionOutOfScope

    _, messages, _ = chat.run(ActionOutOfScope(), "how many nurses are employed in ohio", "out_of_scope")
    assert [m["response"] for m in messages] == ["utter_out_of_scope"]


@pytest.mark.parametrize(
    "change,field",
    [
        (lambda t: t["rows"].__setitem__("Ohio", [1, 2]), "state_tables.employment.rows"),
        (lambda t: t["rows"].pop("Texas"), "state_tables.employment.rows"),
        (lambda t: t.__setitem__("source", "nowhere"), "state_tables.employment.source"),
        (lambda t: t["columns"][0].__setitem__("unit", "furlongs"), "state_tables.employment.columns.0.unit"),
    ],
)
def test_a_bad_table_stops_the_load_naming_the_field(career_file, change, field):
    table = yaml.safe_load(yaml.safe_dump(EMPLOYMENT))
    change(table)
    with pytest.raises(CareerDataError, match=field.replace(".", r"\.")):
        load_file(career_file(lambda raw: raw.__setitem__("state_tables", {"employment": table})))
