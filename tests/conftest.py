"""Shared fixtures: the real domain, real Trackers and a CollectingDispatcher for actions."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT.parent / "shared" / "source" / "medical-billing-specialist-guide.txt"
# the source line of answers from the guide's text (the steps, training, certifications…)
GUIDE_SOURCE = '\nSource: the career guide "How to Become a Medical Billing Specialist" (undated).'


@pytest.fixture(scope="session")
def domain() -> Dict[str, Any]:
    return yaml.safe_load((ROOT / "domain.yml").read_text())


@pytest.fixture(scope="session")
def guide_text() -> str:
    return GUIDE.read_text(encoding="utf-8")


def make_tracker(
    text: str = "",
    intent: str = "",
    entities: Optional[List[Dict[str, Any]]] = None,
    slots: Optional[Dict[str, Any]] = None,
    sender: str = "test-user",
) -> Tracker:
    """A real Tracker whose latest message is ``text`` with the given NLU result."""
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "entities": [{"entity": e, "value": v} for e, v in (entities or [])] if entities else [],
    }
    return Tracker(sender, dict(slots or {}), latest, [], False, None, {}, "action_listen")


class Chat:
    """Runs an action like the action server does and renders its replies with the real domain."""

    def __init__(self, domain: Dict[str, Any]):
        self.domain = domain

    def render(self, message: Dict[str, Any]) -> str:
        if message.get("response"):
            template = self.domain["responses"][message["response"]][0]["text"]
            variables = {k: v for k, v in message.items() if k not in ("response", "buttons")}
            variables.update(message.get("kwargs") or {})
            return _fill(template, variables)
        return message.get("text") or ""

    def run(self, action, text: str = "", intent: str = "", entities=None, slots=None):
        dispatcher = CollectingDispatcher()
        tracker = make_tracker(text, intent, entities, slots)
        events = action.run(dispatcher, tracker, self.domain)
        return [self.render(m) for m in dispatcher.messages], dispatcher.messages, events


def _fill(template: str, variables: Dict[str, Any]) -> str:
    """Fill {name} placeholders; a placeholder the action did not supply fails the test."""

    def value(match):
        name = match.group(1)
        assert name in variables, f"response needs {{{name}}} but the action did not pass it"
        return str(variables[name])

    return re.sub(r"\{(\w+)\}", value, template)


@pytest.fixture
def chat(domain) -> Chat:
    return Chat(domain)


@pytest.fixture(scope="session")
def servers(tmp_path_factory):
    """The real action and Rasa servers, started once for all conversation tests."""
    from tests.servers import running

    with running(tmp_path_factory.mktemp("servers")) as started:
        yield started


@pytest.fixture
def career_file(tmp_path, monkeypatch):
    """``change(raw)`` applied to a copy of the repository's data file, which the actions then load
    (CAREER_DATA_FILE), as a new engineer's edit would be."""
    from actions import career

    def caches():
        for cached in (career.load, career._table_patterns, career._gap_patterns):
            cached.cache_clear()

    def use(change):
        raw = yaml.safe_load(career.DEFAULT_PATH.read_text(encoding="utf-8"))
        change(raw)
        path = tmp_path / "career.yml"
        path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
        monkeypatch.setenv("CAREER_DATA_FILE", str(path))
        caches()
        return path

    yield use
    caches()
