"""The place resolver (``actions.places``, as every action reads a message) on labelled sentences
with and without places: eval/places/mentions.tsv (development: its failures were looked at while
building the resolver) and eval/places/mentions_test.tsv (written afterwards, only its totals
read). Precision and recall gated in make test (tests/test_places.py).

A sentence counts as right when the resolver reads the expected state; for an ambiguous name,
asks with at least the expected states among the options; for a territory or foreign place, names
it as a place without figures; for a sentence without a place, finds none.

    .venv/bin/python scripts/eval_places.py [--json results/places_eval.json]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from actions.places import Place, find_in_text  # noqa: E402

SETS = {
    "development": ROOT / "eval" / "places" / "mentions.tsv",
    "test": ROOT / "eval" / "places" / "mentions_test.tsv",
}
FLOORS = {"precision": 0.99, "recall": 0.97}


def right(expected: str, found: List[Place]) -> bool:
    if expected == "none":
        return not found
    if not found:
        return False
    place = found[0]
    if expected.startswith("ambiguous:"):
        return bool(place.options) and set(expected.split(":", 1)[1].split("|")) <= set(place.options)
    if expected.startswith(("territory:", "foreign:")):
        return not place.has_data and not place.options and not place.national
    return place.has_data and place.name == expected


def evaluate(path: Path) -> Dict:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    read = {r["text"]: find_in_text(r["text"]) for r in rows}
    mentions = [r for r in rows if r["expected"] != "none"]
    correct = [r for r in mentions if right(r["expected"], read[r["text"]])]
    wrong = [r for r in mentions if read[r["text"]] and r not in correct]  # another place read
    false_alarms = [r for r in rows if r["expected"] == "none" and read[r["text"]]]
    claimed = len(correct) + len(wrong) + len(false_alarms)
    return {
        "sentences": len(rows),
        "with_place": len(mentions),
        "without_place": len(rows) - len(mentions),
        "precision": round(len(correct) / claimed, 4) if claimed else 1.0,
        "recall": round(len(correct) / len(mentions), 4) if mentions else 1.0,
        "wrong_place": [r["text"] for r in wrong],
        "false_alarms": [r["text"] for r in false_alarms],
        "missed": [r["text"] for r in mentions if not read[r["text"]]],
    }


def failed_floors(result: Dict) -> List[str]:
    return [f"{name} {result[name]} < {floor}" for name, floor in FLOORS.items() if result[name] < floor]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results, failed = {}, []
    for name, path in SETS.items():
        result = results[name] = evaluate(path)
        print(
            f"Places ({name}, {result['sentences']} sentences, {result['with_place']} with a place): "
            f"precision {result['precision']:.3f}, recall {result['recall']:.3f}; "
            f"{len(result['wrong_place'])} wrong place, {len(result['false_alarms'])} false alarms"
        )
        failed += [f"{name}: {reason}" for reason in failed_floors(result)]
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))
    for reason in failed:
        print("FAILED:", reason)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
