"""The evaluation gates of `make eval`, through the real servers: out-of-domain messages are
declined with no figure, conversation turns are answered right, and never for the wrong place.
The sets in eval/ were written before tuning by people who did not see the training data."""

import re

import pytest
import yaml

from scripts.eval_replies import (
    CONVERSATION_DEV,
    CONVERSATION_SETS,
    OOD_DEV,
    OOD_TEST,
    TARGETS,
    evaluate,
    failed_gates,
    meets,
)
from tests.conftest import ROOT


@pytest.mark.servers
def test_replies_meet_the_gates(servers):
    result = evaluate(servers.texts)
    assert result["ood"]["messages"] >= 1000 and result["turns"] >= 200
    # totals only: printing the held-out sets' misses would make them development data
    totals = {
        "ood_declined": result["ood"]["ood_declined"],
        "ood_figure_replies": result["ood"]["ood_figure_replies"],
        "turn_accuracy": result["turn_accuracy"],
        "wrong_place": result["wrong_place"],
    }
    assert not failed_gates(result), totals


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w ]", "", text.lower()).split())


def _training_messages():
    texts = set()
    for path in (ROOT / "data" / "nlu").rglob("*.yml"):
        for block in (yaml.safe_load(path.read_text()) or {}).get("nlu", []):
            for line in (block.get("examples") or "").splitlines() if "intent" in block else []:
                texts.add(_plain(re.sub(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})", r"\1", line.strip().lstrip("- "))))
    return texts


def test_out_of_domain_evaluation_messages_are_not_in_the_training_data():
    training = _training_messages()
    for path in (OOD_TEST, OOD_TEST.with_name("validation.tsv"), *OOD_DEV):
        held_out = {_plain(line.split("\t", 1)[1]) for line in path.read_text().splitlines() if line.strip()}
        assert len(held_out) >= 700 and not held_out & training, (path.name, sorted(held_out & training)[:20])


def test_conversation_evaluation_messages_are_not_in_the_training_data():
    training = _training_messages()
    held_out = {
        _plain(t["user"])
        for path in (*CONVERSATION_SETS, *CONVERSATION_DEV)
        for c in yaml.safe_load(path.read_text())["conversations"]
        for t in c["turns"]
    }
    # one-word answers ("yes", "thanks", "texas") are everybody's; longer messages must be new
    assert not {t for t in held_out & training if len(t.split()) > 2}


def test_the_evaluation_sets_are_large_and_varied_enough():
    domains = {line.split("\t", 1)[0] for line in OOD_TEST.read_text().splitlines() if line.strip()}
    assert len(domains) >= 20
    turns = sum(
        len(c["turns"]) for path in CONVERSATION_SETS for c in yaml.safe_load(path.read_text())["conversations"]
    )
    assert turns >= 200 and TARGETS["ood_declined"] >= 0.97 and TARGETS["turn_accuracy"] >= 0.98


@pytest.mark.parametrize(
    "expect,replies,ok",
    [
        ({"says": ["$47,230"], "not_says": ["$51,420"]}, ["In Texas, the median is $47,230."], True),
        ({"says": ["$47,230"], "not_says": ["$51,420"]}, ["Texas $47,230, Ohio $51,420"], False),
        ({"says": ["6-12 months"]}, ["take 6–12 months"], True),
        ("not_covered", ["The guide doesn't give certification exam fees, so I can't tell you that."], True),
        ("not_covered", ["CPB stands for Certified Professional Biller"], False),
        ("decline", ["Sorry, I can't help with that."], False),
        (
            "decline",
            [
                "Sorry, I can't help with that. I only answer questions about becoming a medical billing "
                "specialist: the steps, training, certifications, costs, pay by state, job outlook, workplaces, "
                "skills and whether it suits you. Pick a topic or ask in your own words:"
            ],
            True,
        ),
    ],
)
def test_the_checker_itself(expect, replies, ok):
    assert meets(expect, replies) is ok
