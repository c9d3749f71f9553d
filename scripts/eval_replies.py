"""Evaluate replies, not intents: the real servers answer held-out messages and conversations.

- Out-of-domain: every message of ``eval/ood/test.tsv`` as the first message of a new
  conversation; a reply is a decline when it is one of the domain's decline responses
  (out of scope, "didn't understand", rephrase) and carries no figure.
- Conversations: every turn of ``eval/conversations*.yml`` (see the file for the expectation
  kinds); a turn is right when the reply meets its expectation. A "wrong place" is a reply that
  names a state other than the one the user named in that turn, and not the named one.

Usage: python scripts/eval_replies.py [--json OUT] [--ood F] [--conversations F ...]
(starts the action and Rasa servers itself, as ``make run`` does, on free ports).
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
import tempfile
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Dict, List, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The held-out sets (only their totals are read; `make test` gates them) and the development sets
# (their failures were looked at while working; `make eval --all` reports them too). Each set was
# written by a helper who saw neither the training data nor the other sets (README, "Evaluation").
EVAL = ROOT / "eval"
OOD_TEST = EVAL / "ood" / "fresh2.tsv"
OOD_DEV = tuple(EVAL / "ood" / name for name in ("test.tsv", "fresh.tsv", "fresh3.tsv", "fresh4.tsv"))
CONVERSATION_SETS = tuple(EVAL / f"conversations_fresh{n}.yml" for n in (2, 6, 7))
CONVERSATION_DEV = (
    EVAL / "conversations.yml",
    EVAL / "conversations_test.yml",
    EVAL / "conversations_fresh.yml",
    EVAL / "conversations_fresh3.yml",
    EVAL / "conversations_fresh4.yml",
    EVAL / "conversations_fresh5.yml",
)
# Issue 11's targets, and the floors `make test` holds (today's measured figures, so nothing slips
# back while the targets are not all met; README, "Evaluation").
TARGETS = {"ood_declined": 0.97, "ood_figure_replies": 0, "turn_accuracy": 0.98, "wrong_place": 0}
# Floors with room for training noise: two trainings of the same data differed by 5 figure replies
# and 1 point of turn accuracy (README, "Tests").
GATES = {"ood_declined": 0.97, "ood_figure_replies": 12, "turn_accuracy": 0.78, "wrong_place": 1}

FIGURE = re.compile(r"\$\s?\d|\d\s?%|\b\d{1,3}(,\d{3})+\b|\b\d+(\.\d+)?\s?(k|an hour|/hr)\b", re.I)
NOT_COVERED = re.compile(
    r"\bguide (doesn't|does not|gives no|only gives|has no)\b|"
    r"I don't have a pay figure",
    re.I,
)
DECLINES = ("utter_out_of_scope", "utter_default", "utter_ask_rephrase")
SIMPLE = {
    "greet": "utter_greet",
    "goodbye": "utter_goodbye",
    "thanks": "utter_thanks",
    "help": "utter_help",
    "ask_state": "utter_ask_state",
}


def _norm(text: str) -> str:
    text = text.lower().replace("–", "-").replace("—", "-").replace("’", "'")
    text = re.sub(r"\s*-\s*", "-", text)
    return " ".join(text.split())


@functools.lru_cache(maxsize=None)
def _response_texts(name: str) -> Tuple[str, ...]:
    """The domain's texts of one response, normalised (read once per response)."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    return tuple(_norm(v["text"]) for v in domain["responses"][name])


def has_figure(replies: List[str]) -> bool:
    return any(FIGURE.search(r) for r in replies)


def is_decline(replies: List[str]) -> bool:
    texts = {t for name in DECLINES for t in _response_texts(name)}
    return bool(replies) and any(_norm(r) in texts for r in replies) and not has_figure(replies)


def meets(expect, replies: List[str]) -> bool:
    """Whether the replies of one turn meet its expectation."""
    joined = _norm(" ".join(replies))
    if isinstance(expect, dict):
        return all(_norm(s) in joined for s in expect.get("says") or []) and not any(
            _norm(s) in joined for s in expect.get("not_says") or []
        )
    if expect == "decline":
        return is_decline(replies)
    if expect == "not_covered":
        return bool(NOT_COVERED.search(" ".join(replies)))
    if expect in SIMPLE:
        return any(_norm(r) in _response_texts(SIMPLE[expect]) for r in replies)
    if expect == "quiz_question":
        return any(r.startswith("Question ") for r in replies)
    if expect == "quiz_result":
        return any(r.startswith("You matched") for r in replies)
    raise ValueError(f"unknown expectation {expect!r}")


def wrong_place(user: str, replies: List[str]) -> bool:
    """The user named exactly one state with data, and the reply names another but not it."""
    from actions.places import JURISDICTIONS, find_in_text

    named = {p.name for p in find_in_text(user) if p.has_data}
    if len(named) != 1:
        return False
    text = " ".join(replies)
    others = {
        s
        for s in JURISDICTIONS
        if s not in named and re.search(rf"\b{re.escape(s)}\b", text) and not any(s in n for n in named)
    }
    return bool(others) and not any(n in text for n in named)


Say = Callable[[str, str], List[str]]


# Conversations (and out-of-domain messages, each a conversation of its own) are independent, so a
# few go at once, as visitors do: the servers overlap NLU, actions and storage. Each conversation's
# turns stay in order.
CONCURRENT_CONVERSATIONS = 4


# An unrelated message in a conversation already on the career (development report only): the
# assistant's follow-up rescues must not turn it into an answer.
OPENER = "how much do medical billers make in texas"


def evaluate_ood(say: Say, path: Path = OOD_TEST, opener: str = "") -> Dict:
    """Each message as the first of a new conversation, or, given ``opener``, as the second."""
    rows = [line.split("\t", 1) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    def answer(text: str) -> List[str]:
        sender = f"ood-{uuid.uuid4().hex[:10]}"
        if opener:
            say(sender, opener)
        return say(sender, text)

    with ThreadPoolExecutor(CONCURRENT_CONVERSATIONS) as pool:
        answers = list(pool.map(lambda row: answer(row[1]), rows))
    failures, declined, with_figure = [], 0, 0
    for (domain, text), replies in zip(rows, answers):
        ok, figure = is_decline(replies), has_figure(replies)
        declined += ok
        with_figure += figure
        if not ok:
            failures.append({"domain": domain, "text": text, "reply": " | ".join(replies)[:200], "figure": figure})
    return {
        "set": path.name + (" after a pay answer" if opener else ""),
        "messages": len(rows),
        "ood_declined": round(declined / len(rows), 4),
        "ood_figure_replies": with_figure,
        "failures": failures,
    }


def evaluate_conversations(say: Say, path: Path) -> Dict:
    conversations = yaml.safe_load(path.read_text(encoding="utf-8"))["conversations"]

    def converse(conversation) -> List[List[str]]:
        sender = f"conv-{conversation['id']}-{uuid.uuid4().hex[:6]}"
        return [say(sender, turn["user"]) for turn in conversation["turns"]]

    with ThreadPoolExecutor(CONCURRENT_CONVERSATIONS) as pool:
        answered = list(pool.map(converse, conversations))
    turns = right = wrong_places = 0
    failures = []
    for conversation, replies_per_turn in zip(conversations, answered):
        for turn, replies in zip(conversation["turns"], replies_per_turn):
            ok = meets(turn["expect"], replies)
            misplaced = wrong_place(turn["user"], replies) and not is_decline(replies)  # a decline's example
            turns, right, wrong_places = turns + 1, right + (ok and not misplaced), wrong_places + misplaced
            if not ok or misplaced:
                failures.append(
                    {
                        "id": conversation["id"],
                        "user": turn["user"],
                        "expect": turn["expect"],
                        "reply": " | ".join(replies)[:300],
                        "wrong_place": misplaced,
                    }
                )
    return {
        "set": path.name,
        "conversations": len(conversations),
        "turns": turns,
        "turn_accuracy": round(right / turns, 4),
        "wrong_place": wrong_places,
        "failures": failures,
    }


def evaluate(say: Say, ood: Path = OOD_TEST, conversation_sets=CONVERSATION_SETS) -> Dict:
    sets = [evaluate_conversations(say, Path(p)) for p in conversation_sets]
    turns = sum(s["turns"] for s in sets)
    return {
        "ood": evaluate_ood(say, ood),
        "conversation_sets": sets,
        "turns": turns,
        "turn_accuracy": round(sum(s["turn_accuracy"] * s["turns"] for s in sets) / turns, 4) if turns else 0.0,
        "wrong_place": sum(s["wrong_place"] for s in sets),
    }


def failed_gates(result: Dict, limits: Dict = GATES) -> List[str]:
    ood = result["ood"]
    failed = []
    if ood["ood_declined"] < limits["ood_declined"]:
        failed.append("ood_declined")
    if ood["ood_figure_replies"] > limits["ood_figure_replies"]:
        failed.append("ood_figure_replies")
    if result["turn_accuracy"] < limits["turn_accuracy"]:
        failed.append("turn_accuracy")
    if result["wrong_place"] > limits["wrong_place"]:
        failed.append("wrong_place")
    return failed


def report(result: Dict) -> str:
    ood, t, g = result["ood"], TARGETS, GATES
    lines = [
        f"| out-of-domain messages declined ({ood['messages']}, {ood['set']}) | "
        f"{ood['ood_declined']:.4f} | ≥ {t['ood_declined']} | ≥ {g['ood_declined']} |",
        f"| out-of-domain replies with a figure | {ood['ood_figure_replies']} | {t['ood_figure_replies']} | "
        f"≤ {g['ood_figure_replies']} |",
    ]
    for s in result["conversation_sets"]:
        lines.append(
            f"| conversation turns right, {s['set']} ({s['conversations']} conversations, "
            f"{s['turns']} turns) | {s['turn_accuracy']:.4f} | | |"
        )
    lines += [
        f"| conversation turns right, all ({result['turns']} turns) | {result['turn_accuracy']:.4f} | "
        f"≥ {t['turn_accuracy']} | ≥ {g['turn_accuracy']} |",
        f"| answers about a place other than the one named | {result['wrong_place']} | {t['wrong_place']} | "
        f"≤ {g['wrong_place']} |",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", type=Path)
    parser.add_argument("--ood", type=Path, default=OOD_TEST)
    parser.add_argument("--conversations", type=Path, nargs="*", default=list(CONVERSATION_SETS))
    parser.add_argument("--dev", action="store_true", help="also report the development sets (not gated)")
    args = parser.parse_args()
    from tests.servers import running

    with tempfile.TemporaryDirectory() as workdir, running(Path(workdir)) as servers:
        result = evaluate(servers.texts, args.ood, args.conversations)
        if args.dev:
            dev = [evaluate(servers.texts, ood, CONVERSATION_DEV if i == 0 else ()) for i, ood in enumerate(OOD_DEV)]
            dev.append({"ood": evaluate_ood(servers.texts, OOD_DEV[0], OPENER), "conversation_sets": []})
    if args.dev:
        print("\nDevelopment sets (looked at while working; optimistic):\n| metric | value |\n| --- | --- |")
        for d in dev:
            ood = d["ood"]
            print(
                f"| out-of-domain declined ({ood['messages']}, {ood['set']}) | {ood['ood_declined']:.4f} |"
                f"\n| out-of-domain replies with a figure ({d['ood']['set']}) | {d['ood']['ood_figure_replies']} |"
            )
            for c in d["conversation_sets"]:
                print(f"| conversation turns right, {c['set']} ({c['turns']} turns) | {c['turn_accuracy']:.4f} |")
            if d["conversation_sets"]:
                print(f"| answers about a place other than the one named (dev) | {d['wrong_place']} |")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print("\n| metric | value | target | gate |\n| --- | --- | --- | --- |\n" + report(result))
    # the held-out sets' misses stay in the JSON file: reading them would make the sets development data
    if args.dev:
        for d in dev:
            for miss in d["ood"]["failures"][:60]:
                print("  dev ood miss:", json.dumps(miss, ensure_ascii=False))
            for c in d["conversation_sets"]:
                for miss in c["failures"]:
                    print("  dev turn miss:", json.dumps(miss, ensure_ascii=False))
    failed = failed_gates(result)
    missed = failed_gates(result, TARGETS)
    print(
        "\nGATE "
        + ("FAILED: " + ", ".join(failed) if failed else "PASSED")
        + (f"; targets not met yet: {', '.join(missed)}" if missed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
