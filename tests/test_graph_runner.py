"""The model graph run node after node (runtime/graph_runner.py) gives what Rasa's dask runner gives."""

from __future__ import annotations

from typing import Any, Dict, List, Text

import pytest

pytest.importorskip("rasa")

from rasa.engine.exceptions import GraphComponentException, GraphRunError  # noqa: E402
from rasa.engine.graph import ExecutionContext, GraphComponent, GraphSchema, SchemaNode  # noqa: E402
from rasa.engine.runner.dask import DaskGraphRunner  # noqa: E402
from rasa.engine.storage.local_model_storage import LocalModelStorage  # noqa: E402
from rasa.engine.storage.resource import Resource  # noqa: E402
from rasa.engine.storage.storage import ModelStorage  # noqa: E402

from runtime import graph_runner  # noqa: E402

RAN: List[Text] = []


class Step(GraphComponent):
    """Appends its tag to what it gets; logs that it ran; fails on a given input."""

    def __init__(self, tag: Text) -> None:
        self.tag = tag

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "Step":
        return cls(config["tag"])

    def start(self, value: Any) -> List:
        RAN.append(self.tag)
        if value == "boom":
            raise ValueError("boom")
        return [self.tag, value]

    def join(self, left: List, right: List) -> List:
        RAN.append(self.tag)
        return [self.tag, left, right]


def _node(tag: Text, fn: Text, needs: Dict[Text, Text], target: bool = False) -> SchemaNode:
    return SchemaNode(needs=needs, uses=Step, constructor_name="create", fn=fn, config={"tag": tag}, is_target=target)


# a diamond with two tails, so that pruning to a target and the order between siblings matter
SCHEMA = GraphSchema(
    {
        "a": _node("a", "start", {"value": "__input__"}),
        "b": _node("b", "join", {"left": "a", "right": "a"}),
        "c": _node("c", "start", {"value": "a"}),
        "d": _node("d", "join", {"left": "c", "right": "b"}, target=True),
        "e": _node("e", "join", {"left": "b", "right": "b"}, target=True),
    }
)


@pytest.fixture
def runner(tmp_path):
    graph_runner.install()
    return DaskGraphRunner(SCHEMA, LocalModelStorage(tmp_path), ExecutionContext(SCHEMA, "m"))


def _dask(runner, **kwargs):
    return DaskGraphRunner.run.asa_original(runner, **kwargs)


@pytest.mark.parametrize("targets", [None, ["d"], ["e"], ["b", "d"]])
def test_every_run_gives_what_dask_gives_and_runs_the_nodes_in_dask_order(runner, targets):
    RAN.clear()
    expected = _dask(runner, inputs={"__input__": 1}, targets=targets)
    dask_order = list(RAN)
    for value in (1, 1, 2):  # the first run records the order, the later ones follow it
        RAN.clear()
        result = runner.run(inputs={"__input__": value}, targets=targets)
        assert RAN == dask_order
        if value == 1:
            assert result == expected
    assert result == _dask(runner, inputs={"__input__": 2}, targets=targets)
    assert len(runner._asa_plans) == 1


def test_a_failing_node_and_a_clashing_input_fail_as_in_rasa(runner):
    for _ in range(2):  # recorded, then followed
        with pytest.raises(GraphComponentException) as failed:
            runner.run(inputs={"__input__": "boom"}, targets=["d"])
        assert isinstance(failed.value.__cause__, ValueError)
    runner.run(inputs={"__input__": 1}, targets=["d"])
    with pytest.raises(GraphRunError, match="clashes with a node name"):
        runner.run(inputs={"__input__": "a"}, targets=["d"])
    with pytest.raises(GraphRunError, match="clashes with a node name"):
        _dask(runner, inputs={"__input__": "a"}, targets=["d"])


def test_install_is_idempotent():
    graph_runner.install()
    run = DaskGraphRunner.run
    graph_runner.install()
    assert DaskGraphRunner.run is run and hasattr(run, "asa_original")
