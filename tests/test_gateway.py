"""The Rasa-server hooks with real Rasa objects: screening limits, and the apology when actions fail
(what counts as personal data: tests/test_personal_data.py; the connectors' screening and the
response generator: tests/test_screening.py)."""

import asyncio
import inspect
import logging

import pytest

from gateway import guard, hooks
from tests.conftest import ROOT
from tests.processes import free_port


def test_limits_and_payloads():
    assert guard.screen("x" * (guard.MAX_MESSAGE_CHARS + 1)).too_long
    assert guard.screen("x" * guard.MAX_MESSAGE_CHARS).text
    assert guard.screen(" \n\t ").empty and guard.screen(None).empty and guard.screen("???").empty
    assert guard.screen("... ?!").empty and not guard.screen("?? 👍").empty and not guard.screen("/greet").empty
    assert guard.screen("\x00\x1b[31mhi").text == "[31mhi"
    assert guard.payload_allowed('/ask_salary{"place":"Ohio"}', ["ask_salary"]) == '/ask_salary{"place":"Ohio"}'
    assert guard.payload_allowed("/restart", ["ask_salary"]) == "restart"


def test_an_unreachable_action_server_gives_the_apology(caplog):
    from rasa.core.actions.action import RemoteAction
    from rasa.core.channels.channel import CollectingOutputChannel
    from rasa.core.nlg import TemplatedNaturalLanguageGenerator
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.utils.endpoints import EndpointConfig

    hooks.install()
    domain = Domain.load(str(ROOT / "domain.yml"))
    action = RemoteAction("action_pay", EndpointConfig(f"http://127.0.0.1:{free_port()}/webhook"))
    tracker = DialogueStateTracker("conversation-42", domain.slots)
    with caplog.at_level(logging.ERROR, logger="gateway"):
        events = asyncio.run(
            action.run(CollectingOutputChannel(), TemplatedNaturalLanguageGenerator(domain.responses), tracker, domain)
        )
    assert [e.text for e in events] == [domain.responses["utter_action_error"][0]["text"]]
    assert "action_pay failed in conversation conversation-42" in caplog.text


def test_hooks_install_once():
    from rasa.core.actions.action import RemoteAction

    hooks.install()
    patched = RemoteAction.run
    hooks.install()
    assert RemoteAction.run is patched


@pytest.mark.parametrize(
    "response",
    [
        {"events": "not a list"},
        {"events": [{"event": "slot", "name": 5}], "responses": []},
        {"responses": "not a list"},
    ],
)
def test_malformed_action_server_responses_are_still_rejected(response):
    """The response schema is compiled once (the check was 38 % of the server's CPU), but a bad
    response still fails with Rasa's own error, which the apology hook turns into an apology."""
    from jsonschema import ValidationError
    from rasa.core.actions.action import RemoteAction

    hooks.install()
    action = RemoteAction("action_pay", None)
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result(response)
    assert (
        action._validate_action_result(
            {
                "events": [{"event": "slot", "name": "topic", "value": "pay"}],
                "responses": [{"response": "utter_pay_state", "state": "Ohio"}],
            }
        )
        is True
    )


def test_every_patch_of_rasa_is_listed_and_this_is_the_rasa_it_was_written_for():
    import rasa
    from rasa.core.actions.action import RemoteAction

    assert rasa.__version__ == hooks.WRITTEN_FOR, "review every hook of gateway/hooks.py for this Rasa, then update"
    hooks.install()
    classes = {"RemoteAction": RemoteAction}
    for name, parameters in hooks.PATCHES.items():
        cls, attribute = name.split(".")
        patched = getattr(classes[cls], attribute)
        assert patched._gateway and tuple(inspect.signature(patched.__wrapped__).parameters) == parameters, name


def test_a_changed_rasa_method_stops_the_install_loudly():
    class Changed:
        async def run(self, output_channel, nlg, tracker, domain, extra):
            return []

    Changed.__name__ = "RemoteAction"
    with pytest.raises(RuntimeError, match="written against Rasa 3.6.21: RemoteAction.run now takes"):
        hooks._patch(Changed, "run", lambda original: original)
