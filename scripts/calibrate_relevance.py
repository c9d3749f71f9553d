"""Calibrate the domain-relevance threshold on the VALIDATION split only.

For each candidate threshold it prints the share of ``eval/ood/validation.tsv`` that would be
declined (model trained on all training data) and the share of in-domain training examples that
would be wrongly declined (5-fold out-of-fold predictions, so no example is scored by a model
that saw it), with the component's own rules (domain words kept, bare places never checked). The
suggested threshold is the one that declines the most out-of-domain validation messages while
rejecting at most ``--max-in-domain-loss`` of in-domain examples.
The test split (``eval/ood/test.tsv``) is never read here.

Usage: python scripts/calibrate_relevance.py [--max-in-domain-loss 0.01]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VALIDATION = ROOT / "eval" / "ood" / "validation.tsv"


def relevance_config() -> dict:
    from gateway.relevance import DomainRelevanceClassifier

    pipeline = yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"]
    own = next(c for c in pipeline if c["name"].endswith("DomainRelevanceClassifier"))
    return {**DomainRelevanceClassifier.get_default_config(), **own}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-in-domain-loss", type=float, default=0.02)
    args = parser.parse_args()
    from rasa.shared.nlu.training_data.loading import load_data
    from sklearn.model_selection import StratifiedKFold

    from gateway.place_answer import place_only
    from gateway.relevance import declines, new_model, split_examples

    config = relevance_config()
    texts, labels = split_examples(load_data(str(ROOT / "data" / "nlu")), config["out_of_scope_intent"])
    texts, labels = np.array(texts, dtype=object), np.array(labels)
    out_of_fold = np.zeros(len(texts))
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=config["random_seed"])
    for train, held in folds.split(texts, labels):
        model = new_model(config).fit(list(texts[train]), list(labels[train]))
        out_of_fold[held] = model.predict(list(texts[held]))
    in_domain = out_of_fold[labels == 1]
    validation = [line.split("\t", 1)[1] for line in VALIDATION.read_text(encoding="utf-8").splitlines() if line]
    p_validation = np.array(new_model(config).fit(list(texts), list(labels)).predict(validation))

    print(
        f"{len(in_domain)} in-domain training examples (out-of-fold), {len(validation)} validation "
        f"out-of-domain messages; configured threshold {config['threshold']}\n"
    )
    print("| threshold | validation OOD declined | in-domain wrongly declined |\n| --- | --- | --- |")
    best = None
    in_texts = [t for t, label in zip(texts, labels) if label == 1]
    kept = [bool(place_only(t, [])) for t in in_texts]  # bare places never reach the relevance check

    def declined(text, p, threshold):
        return declines(text, p, False, {**config, "threshold": threshold})

    for threshold in np.round(np.arange(0.20, 0.71, 0.025), 2):
        declined_share = float(np.mean([declined(t, p, threshold) for t, p in zip(validation, p_validation)]))
        lost = float(np.mean([not k and declined(t, p, threshold) for t, p, k in zip(in_texts, in_domain, kept)]))
        print(f"| {threshold:.2f} | {declined_share:.4f} | {lost:.4f} |")
        if lost <= args.max_in_domain_loss:
            best = threshold
    print(f"\nsuggested threshold (most declined with in-domain loss <= {args.max_in_domain_loss}): {best}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
