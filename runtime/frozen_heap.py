"""Keep the loaded model out of Python's full garbage collections.

A Rasa process holds about 600,000 objects once TensorFlow, spaCy and the model are loaded, and
none of them ever becomes garbage. Python's cyclic collector still walks all of them at every
full collection: on the bench host that was a pause of about 0.55 s every few hundred messages,
during which every conversation waits. `install()` wraps Rasa's `load_agent` (used at start
and when a model is replaced through the HTTP API): after each load the collector sweeps once
and then freezes what is there (gc.freeze), so full collections only walk what came later.
Before a load everything is unfrozen again, so a replaced model can still be collected.
"""

from __future__ import annotations

import gc
from typing import Any

import rasa.core.agent


def install() -> None:
    original = rasa.core.agent.load_agent
    if hasattr(original, "asa_original"):
        return

    async def load_agent(*args: Any, **kwargs: Any) -> Any:
        gc.unfreeze()
        try:
            return await original(*args, **kwargs)
        finally:
            gc.collect()
            gc.freeze()

    load_agent.asa_original = original  # type: ignore[attr-defined]
    rasa.core.agent.load_agent = load_agent
