"""Redaction measured as production runs it (``gateway.guard.screen``, the screen every channel's
message goes through): recall on the sets of messages with personal data (every piece labelled)
and the negatives changed, which are every message the project holds (training data, held-out
sets, eval/privacy/hard_negatives.tsv). Gated in make test (tests/test_personal_data.py).

The positive sets, each written by a different writer who never saw the redactor:
positives.tsv (development), positives_test.tsv (held out until its recall was measured, 0.974;
its misses were then looked at and fixed, so it is development data now) and
positives_holdout.tsv (written after that; only its totals are read). The floor applies to all of
them together.

    .venv/bin/python scripts/eval_privacy.py [--json results/privacy_eval.json]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gateway import guard  # noqa: E402

POSITIVE_SETS = {
    name: ROOT / "eval" / "privacy" / f"{name}.tsv" for name in ("positives", "positives_test", "positives_holdout")
}
HARD_NEGATIVES = ROOT / "eval" / "privacy" / "hard_negatives.tsv"
FLOORS = {"recall": 0.99, "negatives_changed": 0}
# Held-out messages that do hold personal data, so they are not negatives (each checked by hand).
NOT_NEGATIVES = {"how old am i if i was born march 3 1988": "a date of birth (eval/ood/test.tsv)"}


def _tsv(path: Path) -> List[Dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def _nlu_examples(path: Path) -> Iterator[str]:
    for block in (yaml.safe_load(path.read_text()) or {}).get("nlu", []):
        for line in (block.get("examples") or "").splitlines():
            text = re.sub(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})", r"\1", line.strip()[2:].strip())
            if text:
                yield text


def project_messages() -> Iterator[Tuple[str, str]]:
    """(where, text) for every message the project holds: none of them has personal data."""
    for path in sorted((ROOT / "data" / "nlu").rglob("*.yml")) + [ROOT / "tests" / "nlu" / "test_set.yml"]:
        for text in _nlu_examples(path):
            yield path.relative_to(ROOT).as_posix(), text
    for path in sorted((ROOT / "eval").rglob("conversations*.yml")):
        for conversation in yaml.safe_load(path.read_text())["conversations"]:
            for turn in conversation["turns"]:
                yield path.relative_to(ROOT).as_posix(), turn["user"]
    for path in sorted((ROOT / "eval" / "ood").glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            yield path.relative_to(ROOT).as_posix(), line.split("\t", 1)[-1]
    for path in (HARD_NEGATIVES, ROOT / "eval" / "places" / "mentions.tsv"):
        if path.exists():
            for row in _tsv(path):
                yield path.relative_to(ROOT).as_posix(), row["text"]


def recall(path: Path) -> Dict:
    by_kind: Dict[str, Counter] = {}
    missed = []
    for row in _tsv(path):
        pieces = [p for p in row["pii"].split(" || ") if p]
        screened = guard.screen(row["text"]).text
        caught = all(piece not in screened for piece in pieces) and not any(
            re.sub(r"\D", "", piece) in re.sub(r"\D", "", screened)
            for piece in pieces
            if len(re.sub(r"\D", "", piece)) >= 4
        )
        by_kind.setdefault(row["kind"], Counter())["caught" if caught else "missed"] += 1
        if not caught:
            missed.append(row["text"])
    total = sum(sum(c.values()) for c in by_kind.values())
    return {
        "positives": total,
        "recall": round((total - len(missed)) / total, 4) if total else 0.0,
        "recall_by_kind": {kind: round(c["caught"] / sum(c.values()), 4) for kind, c in sorted(by_kind.items())},
        "missed": missed,
    }


def evaluate() -> Dict:
    sets = {name: recall(path) for name, path in POSITIVE_SETS.items() if path.exists()}
    negatives = [(where, text) for where, text in project_messages() if text not in NOT_NEGATIVES]
    screened = ((where, text, guard.screen(text)) for where, text in negatives)
    # redaction false alarms: not the length limit, nor "???" answered with the menu
    changed = [(w, t) for w, t, result in screened if result.text != t and not (result.too_long or result.empty)]
    total = sum(found["positives"] for found in sets.values())
    caught = total - sum(len(found["missed"]) for found in sets.values())
    return {
        "sets": sets,
        "positives": total,
        "recall": round(caught / total, 4),
        "negatives": len(negatives),
        "negatives_changed": len(changed),
        "changed": changed,
    }


def failed_floors(result: Dict) -> List[str]:
    failed = []
    if result["recall"] < FLOORS["recall"]:
        failed.append(f"recall {result['recall']} < {FLOORS['recall']} (all sets together)")
    if result["negatives_changed"] > FLOORS["negatives_changed"]:
        failed.append(f"{result['negatives_changed']} negatives changed")
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    result = evaluate()
    for name, found in result["sets"].items():
        print(
            f"Redaction ({name}): recall {found['recall']:.3f} on {found['positives']} messages with personal "
            f"data ({', '.join(f'{k} {v:.3f}' for k, v in found['recall_by_kind'].items())})"
        )
        if name != "positives_holdout":  # held out: only its totals are read
            for text in found["missed"][:20]:
                print("  missed:", text)
    print(
        f"Redaction: recall {result['recall']:.3f} on all {result['positives']} messages with personal data; "
        f"{result['negatives_changed']} of {result['negatives']} messages without personal data changed"
    )
    for where, text in result["changed"][:20]:
        print(f"  changed ({where}):", text, "->", guard.screen(text).text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2))
    failed = failed_floors(result)
    for reason in failed:
        print("FAILED:", reason)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
