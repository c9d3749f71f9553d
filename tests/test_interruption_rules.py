"""scripts/interruption_rules.py: every question can interrupt every form (generated rules)."""

import yaml

from scripts.interruption_rules import NOT_QUESTIONS, OUTPUT, questions, render
from tests.conftest import ROOT


def test_the_rules_file_is_what_the_generator_writes():
    assert OUTPUT.read_text() == render(), "run: python scripts/interruption_rules.py (then make train)"


def test_every_question_of_the_domain_interrupts_every_form():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    asked = {
        (r["condition"][0]["active_loop"], r["steps"][0]["intent"]) for r in yaml.safe_load(OUTPUT.read_text())["rules"]
    }
    answered = questions()
    # every intent but the conversational ones and those with a rule of their own is a question
    assert {i for i in domain["intents"] if i.startswith("ask_")} - set(answered) == {"ask_salary_my_state"}
    assert not NOT_QUESTIONS & set(answered)
    assert asked == {(form, intent) for form in domain["forms"] for intent in answered}


def test_a_new_one_question_rule_gets_its_interruptions(tmp_path, monkeypatch):
    import scripts.interruption_rules as generator

    for path in generator.RULES.glob("*.yml"):
        (tmp_path / path.name).write_text(path.read_text())
    (tmp_path / "employment.yml").write_text(
        'version: "3.1"\nrules:\n  - rule: employment\n    steps:\n      - intent: ask_employment\n'
        "      - action: action_employment\n"
    )
    monkeypatch.setattr(generator, "RULES", tmp_path)
    monkeypatch.setattr(generator, "OUTPUT", tmp_path / "interruptions.yml")
    rules = [r for r in yaml.safe_load(generator.render())["rules"] if r["steps"][0] == {"intent": "ask_employment"}]
    assert {r["condition"][0]["active_loop"]: r["steps"][1:] for r in rules} == {
        form: [{"action": "action_employment"}, {"action": form}, {"active_loop": form}]
        for form in ("fit_quiz_form", "state_form")
    }
