"""Rasa's own checks: data validation and test stories (with prediction errors failing)."""

import subprocess

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.model

RASA = str(ROOT / ".venv" / "bin" / "rasa")


def run(*args, timeout=900):
    return subprocess.run([RASA, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def test_data_validates_without_warnings():
    proc = run("data", "validate", "--fail-on-warnings")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]


def test_stories(tmp_path):
    proc = run(
        "test",
        "core",
        "--model",
        str(ROOT / "models" / "current.tar.gz"),
        "--stories",
        str(ROOT / "tests" / "test_stories.yml"),
        "--fail-on-prediction-errors",
        "--out",
        str(tmp_path),
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
