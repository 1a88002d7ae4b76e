"""Every place where this project reaches into Rasa's, the SDK's or a connector's internals.

`install_all()` is the one explicit call that changes Rasa's behaviour; `python -m runtime`
(the Rasa CLI with the patches installed, used by make run, make run-scaled and deploy/)
calls it at the start of every Rasa process, whatever channels are configured.

INTERNALS lists what each of our modules relies on that Rasa does not promise to keep:
tests/test_patch_guards.py checks each entry against the installed packages, so an upgrade
that changes one of them fails a test instead of silently switching a guard off. The
"Upgrading Rasa" checklist in docs/operations.md starts from this list.
"""

from __future__ import annotations

import importlib
from typing import List, Sequence, Tuple, Union

# (module, attribute path, expectation): a list gives the parameter names our code passes or
# overrides, in order, as inspect.signature shows them (bound class methods without cls); a
# string names an instance attribute the class's own source must assign ("self.<name> =").
_RUN = ["self", "output_channel", "nlg", "tracker", "domain"]
INTERNALS: List[Tuple[str, str, Union[str, Sequence[str]]]] = [
    # runtime/action_outage.py replaces _run_action, calls the original with these arguments,
    # wraps `action.run` of remote actions and forms, and builds stand-in actions
    (
        "rasa.core.processor",
        "MessageProcessor._run_action",
        ["self", "action", "tracker", "output_channel", "nlg", "prediction"],
    ),
    ("rasa.core.processor", "MessageProcessor", "action_endpoint"),
    ("rasa.core.processor", "MessageProcessor", "domain"),
    ("rasa.core.actions.action", "RemoteAction.run", _RUN),
    ("rasa.core.actions.loops", "LoopAction.run", _RUN),
    ("rasa.core.actions.action", "action_for_name_or_text", ["action_name_or_text", "domain", "action_endpoint"]),
    (
        "rasa.core.policies.policy",
        "PolicyPrediction.for_action_name",
        ["domain", "action_name", "policy_name", "confidence", "action_metadata"],
    ),
    ("rasa.core.actions.action", "ActionExecutionRejection.__init__", ["self", "action_name", "message"]),
    # runtime/frozen_heap.py wraps load_agent, which Rasa's server calls through the module at start and on reload
    (
        "rasa.core.agent",
        "load_agent",
        ["model_path", "model_server", "remote_storage", "endpoints", "loop"],
    ),
    # runtime/action_result_check.py replaces the check of the action server's answer and calls the
    # original for an answer it refuses; it validates against the schema Rasa's method uses
    ("rasa.core.actions.action", "RemoteAction._validate_action_result", ["self", "result"]),
    ("rasa.core.actions.action", "RemoteAction.action_response_format_spec", []),
    # runtime/incremental_states.py replaces states_for_tracker_history and redoes what it does with
    # generate_all_prior_trackers (a state before each ActionExecuted of the applied events, and one at the end)
    (
        "rasa.shared.core.domain",
        "Domain.states_for_tracker_history",
        ["self", "tracker", "omit_unset_slots", "ignore_rule_only_turns", "rule_only_data"],
    ),
    ("rasa.shared.core.domain", "Domain.get_active_state", ["self", "tracker", "omit_unset_slots"]),
    ("rasa.shared.core.domain", "Domain._clean_state", ["state"]),
    ("rasa.shared.core.trackers", "DialogueStateTracker.generate_all_prior_trackers", ["self"]),
    ("rasa.shared.core.trackers", "DialogueStateTracker.applied_events", ["self"]),
    ("rasa.shared.core.trackers", "DialogueStateTracker.init_copy", ["self"]),
    ("rasa.shared.core.trackers", "DialogueStateTracker.update", ["self", "event", "domain"]),
    # runtime/rule_lookup.py replaces RulePolicy._get_possible_keys and relies on _is_rule_applicable
    # keeping every rule once the step back is at least the rule's length, and on _does_rule_match_state
    # refusing a state whose previous action name or intent differs from a value the rule asks for
    ("rasa.core.policies.rule_policy", "RulePolicy._get_possible_keys", ["self", "lookup", "states"]),
    (
        "rasa.core.policies.rule_policy",
        "RulePolicy._is_rule_applicable",
        ["self", "rule_key", "turn_index", "conversation_state"],
    ),
    ("rasa.core.policies.rule_policy", "RulePolicy._rule_key_to_state", ["rule_key"]),
    ("rasa.core.policies.rule_policy", "RulePolicy._does_rule_match_state", ["rule_state", "conversation_state"]),
    # runtime/slot_copy.py gives Slot a __copy__ (Rasa's slots have none) and uses copy.copy's own
    # reconstruction for slot classes with custom pickling
    ("copy", "_reconstruct", ["x", "memo", "func", "args", "state", "listiter", "dictiter", "deepcopy"]),
    # runtime/graph_runner.py replaces DaskGraphRunner.run, records the node order with dask once per
    # targets and inputs, and then calls the runner's nodes itself with what they need
    ("rasa.engine.runner.dask", "DaskGraphRunner.run", ["self", "inputs", "targets"]),
    ("rasa.engine.runner.dask", "DaskGraphRunner._build_dask_graph", ["self", "schema"]),
    ("rasa.engine.runner.dask", "DaskGraphRunner._add_inputs_to_graph", ["inputs", "graph"]),
    ("rasa.engine.runner.dask", "DaskGraphRunner", "_graph_schema"),
    ("rasa.engine.runner.dask", "DaskGraphRunner", "_instantiated_nodes"),
    ("rasa.engine.graph", "GraphSchema.minimal_graph_schema", ["self", "targets"]),
    ("rasa.engine.graph", "GraphNode.__call__", ["self", "inputs_from_previous_nodes"]),
    # runtime/debug_copies.py replaces the `copy` module these two import, and tells structlog's dropped
    # debug method by comparing with a filtering logger's (tests/test_debug_copies.py reads the modules' use of copy)
    ("structlog", "make_filtering_bound_logger", ["min_level"]),
    ("structlog", "get_config", []),
    # runtime/event_types.py replaces the static method and calls the original with both arguments
    ("rasa.shared.core.events", "Event.resolve_by_type", ["type_name", "default"]),
    # runtime/durable_tracker_store.py replaces the engine and session maker Rasa built, wraps the
    # methods that touch the database, and saves as Rasa's save does (events streamed, then rows added)
    (
        "rasa.core.tracker_store",
        "SQLTrackerStore.__init__",
        [
            "self",
            "domain",
            "dialect",
            "host",
            "port",
            "db",
            "username",
            "password",
            "event_broker",
            "login_db",
            "query",
            "kwargs",
        ],
    ),
    ("rasa.core.tracker_store", "SQLTrackerStore", "engine"),
    ("rasa.core.tracker_store", "SQLTrackerStore", "sessionmaker"),
    ("rasa.core.tracker_store", "SQLTrackerStore.save", ["self", "tracker"]),
    ("rasa.core.tracker_store", "TrackerStore.stream_events", ["self", "tracker"]),
    ("rasa.core.tracker_store", "SQLTrackerStore.session_scope", ["self"]),
    ("rasa.core.tracker_store", "SQLTrackerStore.retrieve", ["self", "sender_id"]),
    ("rasa.core.tracker_store", "SQLTrackerStore.retrieve_full_tracker", ["self", "conversation_id"]),
    ("rasa.core.tracker_store", "SQLTrackerStore.keys", ["self"]),
    ("rasa.core.tracker_store", "create_engine_kwargs", ["url"]),
    # ... and replaces the method that loads the events (same SQL, statements built once; runtime/kept_trackers.py
    # first); its save counts the stored events of the latest session as _additional_events does
    ("rasa.core.tracker_store", "SQLTrackerStore._retrieve", ["self", "sender_id", "fetch_events_from_all_sessions"]),
    ("rasa.core.tracker_store", "SQLTrackerStore._additional_events", ["self", "session", "tracker"]),
    # runtime/atomic_lock_store.py redoes RedisLockStore's lock changes as Redis transactions
    ("rasa.core.lock_store", "RedisLockStore", "red"),
    ("rasa.core.lock_store", "RedisLockStore", "key_prefix"),
    (
        "rasa.core.lock_store",
        "RedisLockStore.__init__",
        [
            "self",
            "host",
            "port",
            "db",
            "username",
            "password",
            "use_ssl",
            "ssl_certfile",
            "ssl_keyfile",
            "ssl_ca_certs",
            "key_prefix",
            "socket_timeout",
        ],
    ),
    ("rasa.core.lock_store", "LockStore.issue_ticket", ["self", "conversation_id", "lock_lifetime"]),
    ("rasa.core.lock_store", "LockStore.update_lock", ["self", "conversation_id"]),
    ("rasa.core.lock_store", "LockStore.finish_serving", ["self", "conversation_id", "ticket_number"]),
    ("rasa.core.lock_store", "LockStore.cleanup", ["self", "conversation_id", "ticket_number"]),
    ("rasa.core.lock_store", "LockStore.create_lock", ["conversation_id"]),
    ("rasa.core.lock", "TicketLock.from_dict", ["data"]),
    ("rasa.core.lock", "TicketLock.dumps", ["self"]),
    ("rasa.core.lock", "TicketLock.issue_ticket", ["self", "lifetime"]),
    ("rasa.core.lock", "TicketLock.remove_expired_tickets", ["self"]),
    ("rasa.core.lock", "TicketLock.remove_ticket_for", ["self", "ticket_number"]),
    ("rasa.core.lock", "TicketLock", "tickets"),
    # channels/telegram.py skips TelegramOutput.__init__ and calls aiogram's Bot.__init__ itself
    ("rasa.core.channels.telegram", "TelegramOutput.__init__", ["self", "access_token"]),
    (
        "aiogram",
        "Bot.__init__",
        [
            "self",
            "token",
            "loop",
            "connections_limit",
            "proxy",
            "proxy_auth",
            "validate_token",
            "parse_mode",
            "timeout",
            "server",
        ],
    ),
    ("aiogram.bot.api", "TelegramAPIServer.from_base", ["base"]),
    # channels/telegram.py retries Bot.request once when aiogram's NetworkError came from an OS error
    # (tests/test_telegram_retry.py shows that aiogram still raises it inside `except aiohttp.ClientError`)
    ("aiogram", "Bot.request", ["self", "method", "data", "files", "kwargs"]),
    # channels/whatsapp.py skips TwilioOutput.__init__, calls twilio's Client.__init__ itself and
    # sets the attributes TwilioOutput's __init__ would set
    ("rasa.core.channels.twilio", "TwilioOutput.__init__", ["self", "account_sid", "auth_token", "twilio_number"]),
    ("rasa.core.channels.twilio", "TwilioOutput", "send_retry"),
    ("rasa.core.channels.twilio", "TwilioOutput", "max_retry"),
    ("rasa.core.channels.twilio", "TwilioOutput._send_message", ["self", "message_data"]),
    (
        "twilio.rest",
        "Client.__init__",
        [
            "self",
            "username",
            "password",
            "account_sid",
            "region",
            "http_client",
            "environment",
            "edge",
            "user_agent_extensions",
        ],
    ),
    (
        "twilio.http.http_client",
        "TwilioHttpClient.request",
        ["self", "method", "url", "params", "data", "headers", "auth", "timeout", "allow_redirects"],
    ),
]


# the modules whose install() changes Rasa, in the order they are installed
PATCH_MODULES = (
    "action_outage",
    "action_result_check",
    "debug_copies",
    "event_types",
    "frozen_heap",
    "graph_runner",
    "incremental_states",
    "rule_lookup",
    "slot_copy",
)


def install_all() -> List[str]:
    """Install every patch (idempotent); returns the names of what is installed."""
    for name in PATCH_MODULES:
        importlib.import_module(f"runtime.{name}").install()
    return list(PATCH_MODULES)
