"""Rasa's model graph run node after node in a fixed order, without asking dask for each message.

Rasa 3.6 runs its model graph (NLU at every message, the policies at every prediction) through
`dask.get`: each call prunes the graph schema again, orders it, and schedules every node through
futures, queues and thread locks, all on one thread. On this project's bench that bookkeeping
took 14 % of the Rasa process's CPU, more than the NLU components themselves.

`install()` replaces `DaskGraphRunner.run`. The first call for a set of targets and input names
still goes through dask, and records the order in which dask ran the nodes (it depends only on
the graph's shape). Later calls run the same nodes in that order and hand each node the
outputs of the nodes it needs, as dask does. Inputs that clash with a node name and errors
raised by a node behave as in Rasa's own method.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Text, Tuple

import dask
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner


@dataclass(frozen=True)
class _Plan:
    # (node name, the keys of what it needs, in the order of its schema's `needs`)
    steps: Tuple[Tuple[Text, Tuple[Text, ...]], ...]
    targets: Tuple[Text, ...]


class _Recorder:
    """Stands in for a node during the one dask run that records the order."""

    def __init__(self, name: Text, node: Callable[..., Any], ran: List[Text]) -> None:
        self.name, self.node, self.ran = name, node, ran

    def __call__(self, *args: Any) -> Any:
        self.ran.append(self.name)
        return self.node(*args)


def _record(runner: DaskGraphRunner, inputs: Optional[Dict[Text, Any]], targets: List[Text]) -> Tuple[_Plan, Dict]:
    schema = runner._graph_schema.minimal_graph_schema(targets)
    graph = runner._build_dask_graph(schema)
    ran: List[Text] = []
    for name, (node, *needs) in list(graph.items()):
        graph[name] = (_Recorder(name, node, ran), *needs)
    runner._add_inputs_to_graph(inputs, graph)
    try:
        results = dict(dask.get(graph, targets))
    except RuntimeError as e:
        raise GraphRunError("Error running runner.") from e
    steps = tuple((name, tuple(schema.nodes[name].needs.values())) for name in ran)
    return _Plan(steps, tuple(targets)), results


def _run(runner: DaskGraphRunner, plan: _Plan, inputs: Optional[Dict[Text, Any]]) -> Dict[Text, Any]:
    # the same clash check as Rasa's, against the names of the nodes that will run
    runner._add_inputs_to_graph(inputs, dict.fromkeys(name for name, _ in plan.steps))
    # dask hands a node the value stored under a key it needs; an input is stored as (name, value)
    values: Dict[Text, Any] = {name: (name, value) for name, value in (inputs or {}).items()}
    try:
        for name, needs in plan.steps:
            node = runner._instantiated_nodes[name]
            # a key that names nothing is passed on as the string itself, as dask does
            values[name] = node(*(values.get(key, key) for key in needs))
    except RuntimeError as e:
        raise GraphRunError("Error running runner.") from e
    return dict(values[target] for target in plan.targets)


def install() -> None:
    original = DaskGraphRunner.run
    if hasattr(original, "asa_original"):
        return

    def run(
        self: DaskGraphRunner, inputs: Optional[Dict[Text, Any]] = None, targets: Optional[List[Text]] = None
    ) -> Dict[Text, Any]:
        run_targets = targets if targets else self._graph_schema.target_names
        plans: Dict[Tuple, _Plan] = self.__dict__.setdefault("_asa_plans", {})
        key = (tuple(run_targets), tuple(sorted(inputs or {})))
        plan = plans.get(key)
        if plan is None:
            plan, results = _record(self, inputs, list(run_targets))
            plans[key] = plan
            return results
        return _run(self, plan, inputs)

    run.asa_original = original  # type: ignore[attr-defined]
    DaskGraphRunner.run = run
