"""Debug-log copies are made only while debug lines are written (runtime/debug_copies.py)."""

import ast
import copy
import importlib
import inspect
import logging

import pytest

pytest.importorskip("rasa")

import structlog  # noqa: E402

from runtime import debug_copies  # noqa: E402


def _parents(tree):
    parents = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    return parents


def _inside_debug_call(node, parents):
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "debug":
            return isinstance(node.func.value, ast.Name) and node.func.value.id == "structlogger"
    return False


@pytest.mark.parametrize("module_name", debug_copies.MODULES)
def test_the_module_uses_copy_only_for_values_of_debug_lines(module_name):
    # if Rasa ever copies for real work with `copy` in these modules, the stand-in must go
    module = importlib.import_module(module_name)
    tree = ast.parse(inspect.getsource(module))
    parents = _parents(tree)
    uses = [node for node in ast.walk(tree) if isinstance(node, ast.Name) and node.id == "copy"]
    assert uses, module_name
    for node in uses:
        if isinstance(parents.get(node), (ast.alias, ast.Import)):
            continue
        attribute = parents[node]
        assert isinstance(attribute, ast.Attribute) and attribute.attr == "deepcopy", ast.dump(attribute)
        assert _inside_debug_call(attribute, parents), f"{module_name}: line {node.lineno}"
    import_lines = [node for node in ast.walk(tree) if isinstance(node, ast.Import)]
    assert any(alias.name == "copy" for node in import_lines for alias in node.names)


@pytest.fixture
def structlog_level():
    saved = structlog.get_config()

    def configure(level):
        structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(level))

    yield configure
    structlog.configure(**saved)


def test_values_are_copied_only_while_debug_lines_are_written(structlog_level):
    debug_copies.install()
    import rasa.core.processor

    stand_in = rasa.core.processor.copy
    value = {"events": [{"event": "slot", "value": [1, 2]}]}
    structlog_level(logging.INFO)
    assert not debug_copies.debug_lines_written()
    assert stand_in.deepcopy(value) is value
    structlog_level(logging.DEBUG)
    assert debug_copies.debug_lines_written()
    copied = stand_in.deepcopy(value)
    assert copied == value and copied is not value and copied["events"][0] is not value["events"][0]


def test_install_is_idempotent_and_covers_both_modules():
    debug_copies.install()
    stand_ins = [importlib.import_module(name).copy for name in debug_copies.MODULES]
    debug_copies.install()
    assert [importlib.import_module(name).copy for name in debug_copies.MODULES] == stand_ins
    assert all(isinstance(stand_in, debug_copies.DebugCopies) for stand_in in stand_ins)
    assert copy.deepcopy is not stand_ins[0].deepcopy  # the real module is untouched
