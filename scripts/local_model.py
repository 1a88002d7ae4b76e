"""The trained model loaded in this process, for reports and measurements (no server, Rasa's logs quiet)."""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path
from typing import Callable


def parser(model: Path) -> Callable[[str], dict]:
    """A function text -> Rasa parse result, backed by the model at `model`."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from rasa.core.agent import Agent
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)
    agent = Agent.load(str(model))
    loop = asyncio.new_event_loop()
    return lambda text: loop.run_until_complete(agent.parse_message(text))
