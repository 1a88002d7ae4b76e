"""Rasa's copies of values for debug log lines, made only when debug lines are written.

Rasa 3.6's message processor and RulePolicy copy values (events, slot values, dialogue states)
with `copy.deepcopy` for their debug log lines, also when the log level drops those lines: 2 to
3 % of the Rasa process's CPU on this project's bench. In those two modules `copy` serves only
that purpose (tests/test_debug_copies.py reads their source to make sure). `install()` gives
them a stand-in for the `copy` module whose `deepcopy` copies as before while structlog writes
debug lines (`rasa run --debug`, or structlog not configured at all), and otherwise hands the
value itself to the log call, which drops it unread.
"""

from __future__ import annotations

import copy
import importlib
import logging
from types import ModuleType
from typing import Any, Dict, Optional

import structlog

# the modules whose `copy` is replaced
MODULES = ("rasa.core.processor", "rasa.core.policies.rule_policy")
# what a structlog logger filtering at a level above DEBUG has as its `debug` method
_DROPPED = structlog.make_filtering_bound_logger(logging.CRITICAL).debug


def debug_lines_written() -> bool:
    return getattr(structlog.get_config()["wrapper_class"], "debug", None) is not _DROPPED


class DebugCopies(ModuleType):
    """Stands in for `copy` in a module that copies values only for its debug log lines."""

    def __init__(self) -> None:
        super().__init__("copy")

    @staticmethod
    def deepcopy(value: Any, memo: Optional[Dict[int, Any]] = None) -> Any:
        if debug_lines_written():
            return copy.deepcopy(value, memo)
        return value


def install() -> None:
    for name in MODULES:
        module = importlib.import_module(name)
        namespace = vars(module)
        if not isinstance(namespace["copy"], DebugCopies):
            namespace["copy"] = DebugCopies()
