"""The NLU quality gate on the held-out set (floors: ``scripts/eval_nlu.py``'s GATES)."""

import json
import subprocess
import sys

import pytest

from scripts.eval_nlu import GATES
from tests.conftest import ROOT


@pytest.mark.model
def test_nlu_quality_on_the_held_out_set(tmp_path):
    out = tmp_path / "nlu.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "eval_nlu.py"), "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    result = json.loads(out.read_text())
    assert result["examples"] >= 300
    assert result["intent_macro_f1"] >= GATES["intent_macro_f1"], proc.stdout[-4000:]
    assert result["place_f1"] >= GATES["place_f1"], proc.stdout[-4000:]
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_held_out_messages_are_not_in_the_training_data():
    import re

    import yaml

    def messages(path):
        texts = []
        for block in (yaml.safe_load(path.read_text()) or {}).get("nlu", []):
            if "intent" not in block:
                continue  # lookup tables and synonyms are vocabulary, not messages
            for line in (block.get("examples") or "").splitlines():
                plain = re.sub(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})", r"\1", line.strip().lstrip("- "))
                texts.append(" ".join(re.sub(r"[^\w ]", "", plain.lower()).split()))
        return {t for t in texts if t}

    training = set().union(*(messages(p) for p in (ROOT / "data" / "nlu").rglob("*.yml")))
    held_out = messages(ROOT / "tests" / "nlu" / "test_set.yml")
    assert len(held_out) >= 300 and not held_out & training, sorted(held_out & training)[:20]
