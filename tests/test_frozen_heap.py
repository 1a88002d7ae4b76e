"""After a model load the loaded objects are frozen out of full collections (runtime/frozen_heap.py)."""

import asyncio
import gc

import pytest

pytest.importorskip("rasa")

import rasa.core.agent  # noqa: E402

from runtime import frozen_heap  # noqa: E402


def test_a_load_ends_frozen_and_the_next_load_runs_unfrozen(monkeypatch):
    frozen_during_load = []

    async def load(*args, **kwargs):
        frozen_during_load.append(gc.get_freeze_count())
        return "agent"

    monkeypatch.setattr(rasa.core.agent, "load_agent", load)
    frozen_heap.install()
    try:
        assert asyncio.run(rasa.core.agent.load_agent("models/x.tar.gz")) == "agent"
        assert gc.get_freeze_count() > 0
        # a replaced model must stay collectable: the second load starts with nothing frozen
        asyncio.run(rasa.core.agent.load_agent("models/y.tar.gz"))
        assert frozen_during_load == [0, 0]
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_a_failed_load_still_leaves_the_process_frozen_as_before(monkeypatch):
    async def load(*args, **kwargs):
        raise OSError("model file missing")

    monkeypatch.setattr(rasa.core.agent, "load_agent", load)
    frozen_heap.install()
    try:
        with pytest.raises(OSError):
            asyncio.run(rasa.core.agent.load_agent("models/missing.tar.gz"))
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
