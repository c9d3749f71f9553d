"""NLU quality on the held-out test set (tests/nlu/test_set.yml, never used for training).

Prints intent accuracy, intent macro-F1 and place-entity F1 after normalisation (the value
``actions.places`` resolves it to). Two entity figures: the NLU model's own tags, and the places
the bot actually uses (names found in the text first, NLU tags for the rest). Exits 1 when a
gate is missed. Usage: python scripts/eval_nlu.py [--model M] [--test-set F] [--json OUT]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# intent macro-F1 measured 0.946-0.9585 over four trainings of the same data (TensorFlow's CPU
# training is not repeatable; README, "Tests"): the floor leaves that room and still catches a
# real regression. Issue 11's target (0.954) is reported beside it, not gated.
GATES = {"intent_macro_f1": 0.94, "place_f1": 0.98}


def f1(tp: int, fp: int, fn: int) -> float:
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def place_names(values) -> set:
    from actions.places import resolve

    return {p.name for p in (resolve(v) for v in values) if p}


async def evaluate(model: Path, test_set: Path) -> dict:
    from rasa.core.agent import Agent
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.utils.log_utils import configure_structlog
    from sklearn.metrics import f1_score

    from actions.base import MIN_ENTITY_CONFIDENCE
    from actions.places import places_in

    configure_structlog(logging.WARNING)  # no per-message debug lines
    agent = Agent.load(str(model))
    examples = [m for m in load_data(str(test_set)).intent_examples]
    gold, predicted, errors = [], [], []
    nlu_counts, bot_counts = Counter(), Counter()
    for ex in examples:
        text = ex.get("text")
        parsed = await agent.parse_message(text)
        gold.append(ex.get("intent"))
        predicted.append(parsed["intent"]["name"])
        if gold[-1] != predicted[-1]:
            errors.append(
                {
                    "text": text,
                    "gold": gold[-1],
                    "predicted": predicted[-1],
                    "confidence": round(parsed["intent"]["confidence"], 3),
                }
            )
        want = place_names(e["value"] for e in ex.get("entities") or [] if e["entity"] == "place")
        values = [
            e["value"]
            for e in parsed["entities"]
            if e["entity"] == "place" and (e.get("confidence_entity") or 1.0) >= MIN_ENTITY_CONFIDENCE
        ]
        tagged = place_names(values)
        used = {p.name for p in places_in(text, values)}
        for counts, got in ((nlu_counts, tagged), (bot_counts, used)):
            counts["tp"] += len(want & got)
            counts["fp"] += len(got - want)
            counts["fn"] += len(want - got)
            if want != got and counts is bot_counts:
                errors.append({"text": text, "places_gold": sorted(want), "places_used": sorted(got)})
    labels = sorted(set(gold))
    return {
        "examples": len(examples),
        "intents": len(labels),
        "intent_accuracy": round(sum(g == p for g, p in zip(gold, predicted)) / len(gold), 4),
        "intent_macro_f1": round(f1_score(gold, predicted, labels=labels, average="macro", zero_division=0), 4),
        "place_f1_nlu_tags": round(f1(nlu_counts["tp"], nlu_counts["fp"], nlu_counts["fn"]), 4),
        "place_f1": round(f1(bot_counts["tp"], bot_counts["fp"], bot_counts["fn"]), 4),
        "errors": errors,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=ROOT / "models" / "current.tar.gz", type=Path)
    parser.add_argument("--test-set", default=ROOT / "tests" / "nlu" / "test_set.yml", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    result = asyncio.run(evaluate(args.model, args.test_set))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2))
    print(f"\nNLU evaluation on {result['examples']} held-out messages ({result['intents']} intents)\n")
    print("| metric | value | gate |\n| --- | --- | --- |")
    print(f"| intent accuracy | {result['intent_accuracy']:.4f} | |")
    print(f"| intent macro-F1 | {result['intent_macro_f1']:.4f} | ≥ {GATES['intent_macro_f1']} |")
    print(f"| place F1, normalised (places the bot uses) | {result['place_f1']:.4f} | ≥ {GATES['place_f1']} |")
    print(f"| place F1, normalised (NLU tags only) | {result['place_f1_nlu_tags']:.4f} | |")
    for err in result["errors"]:
        print("  miss:", json.dumps(err, ensure_ascii=False))
    failed = [k for k, gate in GATES.items() if result[k] < gate]
    print("\nGATE " + ("FAILED: " + ", ".join(failed) if failed else "PASSED"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
