"""NLU quality on the held-out set.

Issue 3's gate is intent macro-F1 >= 0.95 and place F1 >= 0.98 (``make eval`` checks exactly that
and says FAILED when it is missed). Place F1 meets it; intent macro-F1 does not yet (0.91-0.93 in
this model), so this test holds intent quality at a regression floor below the gate rather than
pretending the gate is met. Raise INTENT_FLOOR to 0.95 when the data gets there.
"""
import json
import subprocess
import sys

from tests.conftest import ROOT

INTENT_FLOOR = 0.90  # regression floor; the gate (0.95) is not met yet
PLACE_GATE = 0.98


def test_nlu_quality_on_the_held_out_set(tmp_path):
    out = tmp_path / "nlu.json"
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "eval_nlu.py"), "--json", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    result = json.loads(out.read_text())
    assert result["examples"] >= 300
    assert result["intent_macro_f1"] >= INTENT_FLOOR, proc.stdout[-4000:]
    assert result["place_f1"] >= PLACE_GATE, proc.stdout[-4000:]


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

    training = set().union(*(messages(p) for p in (ROOT / "data" / "nlu").glob("*.yml")))
    held_out = messages(ROOT / "tests" / "nlu" / "test_set.yml")
    assert len(held_out) >= 300 and not held_out & training, sorted(held_out & training)[:20]
