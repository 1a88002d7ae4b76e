"""Every internal of Rasa, the SDK or a connector that our code relies on is still there, unchanged.

runtime/patches.py lists them; an upgrade that renames a parameter, drops an attribute or
moves a method fails here, instead of silently switching off the outage guard, the durable
tracker store or a messenger connector.
"""

import importlib
import inspect
import re

import pytest

from runtime.patches import INTERNALS, install_all


def _resolve(module_name, path):
    target = importlib.import_module(module_name)
    for part in path.split("."):
        target = getattr(target, part)
    return target


@pytest.mark.parametrize(
    "module_name,path,expected", INTERNALS, ids=[f"{m}:{p}:{e if isinstance(e, str) else ''}" for m, p, e in INTERNALS]
)
def test_patched_internal_is_unchanged(module_name, path, expected):
    target = _resolve(module_name, path)
    if isinstance(expected, str):
        # an instance attribute: set in the class's own code
        assert re.search(rf"self\.{expected}\s*(:[^=]+)?=", inspect.getsource(target)), (path, expected)
    else:
        assert list(inspect.signature(target).parameters) == list(expected), path


def test_install_all_puts_every_patch_in_place_once():
    from rasa.core.actions.action import RemoteAction
    from rasa.core.policies.rule_policy import RulePolicy
    from rasa.core.processor import MessageProcessor
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import Event
    from rasa.shared.core.slots import Slot

    assert install_all() == [
        "action_outage",
        "action_result_check",
        "debug_copies",
        "event_types",
        "frozen_heap",
        "graph_runner",
        "incremental_states",
        "rule_lookup",
        "slot_copy",
    ]
    import rasa.core.agent

    guarded, resolve, load = MessageProcessor._run_action, Event.resolve_by_type, rasa.core.agent.load_agent
    run, check, states = DaskGraphRunner.run, RemoteAction._validate_action_result, Domain.states_for_tracker_history
    keys = RulePolicy._get_possible_keys
    for patched in (load, run, check, states, keys):
        assert hasattr(patched, "asa_original")
    slot_copy = vars(Slot)["__copy__"]
    assert getattr(guarded, "asa_outage_guard", False)
    assert hasattr(resolve, "asa_original")
    install_all()
    # idempotent: no guard around the guard, no cache around the cache
    assert MessageProcessor._run_action is guarded and Event.resolve_by_type is resolve
    assert rasa.core.agent.load_agent is load and DaskGraphRunner.run is run
    assert RemoteAction._validate_action_result is check and Domain.states_for_tracker_history is states
    assert vars(Slot)["__copy__"] is slot_copy and RulePolicy._get_possible_keys is keys


def test_every_rasa_process_we_start_goes_through_the_patching_entry_point():
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root / "scripts"))
    from run_all import rasa_command

    env = {"RASA_TOKEN": "t", "RASA_ENDPOINTS": "endpoints.yml", "ALLOWED_ORIGINS": "http://localhost:8000"}
    assert rasa_command("models/asa.tar.gz", 5005, env, root / "credentials.yml")[1:4] == ["-m", "runtime", "run"]
    for deploy_file in ("deploy/compose.yaml", "deploy/k8s/asa-assistent.yaml"):
        text = (root / deploy_file).read_text(encoding="utf-8")
        assert "exec python -m runtime run --model" in text and "exec rasa run --model" not in text, deploy_file


def test_a_token_beginning_with_a_dash_reaches_rasa_as_the_token():
    # secrets.token_urlsafe gives such a token about once in 64 starts; Rasa then refused to start
    import argparse
    import sys
    from pathlib import Path

    from rasa.cli import run as rasa_run

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root / "scripts"))
    from run_all import rasa_command

    env = {"RASA_TOKEN": "-Xy_z", "RASA_ENDPOINTS": "endpoints.yml", "ALLOWED_ORIGINS": "http://localhost:8000"}
    parser = argparse.ArgumentParser()
    rasa_run.add_subparser(parser.add_subparsers(), parents=[])
    args = parser.parse_args(rasa_command("models/asa.tar.gz", 5005, env, root / "credentials.yml")[3:])
    assert args.auth_token == "-Xy_z"
