"""Slots copied directly (runtime/slot_copy.py) come out as copy.copy makes them without the patch."""

import copy

import pytest

pytest.importorskip("rasa")

from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.slots import Slot, TextSlot  # noqa: E402
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402

from runtime import slot_copy  # noqa: E402

DOMAIN = Domain.from_yaml(
    """
version: "3.1"
slots:
  text: {type: text, initial_value: "x", mappings: [{type: custom}]}
  flag: {type: bool, mappings: [{type: custom}]}
  amount: {type: float, min_value: 0, max_value: 5, mappings: [{type: custom}]}
  items: {type: list, mappings: [{type: custom}]}
  kind: {type: categorical, values: [a, b], mappings: [{type: custom}]}
  anything: {type: any, influence_conversation: false, mappings: [{type: custom}]}
"""
)


class Pickled(TextSlot):
    """A custom slot with its own pickling: copied by copy.copy's route, which calls __setstate__."""

    def __getstate__(self):
        return dict(self.__dict__, seen="getstate")

    def __setstate__(self, state):
        self.__dict__.update(state, restored=True)


class Slotted(TextSlot):
    __slots__ = ("extra",)


def _copy_without_patch(slot):
    patched = vars(Slot).get("__copy__")
    if patched is not None:
        del Slot.__copy__
    try:
        return copy.copy(slot)
    finally:
        if patched is not None:
            Slot.__copy__ = patched


def test_every_slot_type_is_copied_as_before():
    slot_copy.install()
    assert "__copy__" in vars(Slot)
    for slot in DOMAIN.slots:
        slot.value = slot.initial_value
        ours, before = copy.copy(slot), _copy_without_patch(slot)
        assert type(ours) is type(before) is type(slot)
        assert ours is not slot and vars(ours) == vars(before) == vars(slot)
        # a shallow copy: the copy gets its own attributes, the values are shared as copy.copy shares them
        ours.value = None if slot.type_name != "list" else []
        assert vars(slot) == vars(before)
        assert all(vars(ours)[key] is vars(before)[key] for key in ("mappings", "name"))


def test_rasas_slot_types_take_the_direct_route_and_custom_pickling_does_not():
    from rasa.shared.utils.common import all_subclasses

    rasas = [slot_class for slot_class in all_subclasses(Slot) if slot_class.__module__.startswith("rasa.")]
    assert {type(slot) for slot in DOMAIN.slots} <= set(rasas)
    assert all(slot_copy._plain(slot_class) for slot_class in rasas)
    assert not slot_copy._plain(Pickled) and not slot_copy._plain(Slotted)


def test_slots_with_their_own_pickling_or_slots_take_copy_copys_route():
    slot_copy.install()
    pickled = Pickled("p", mappings=[{"type": "custom"}])
    ours = copy.copy(pickled)
    assert vars(ours) == vars(_copy_without_patch(pickled)) and vars(ours)["restored"] and vars(ours)["seen"]
    slotted = Slotted("s", mappings=[{"type": "custom"}])
    slotted.extra = 3
    assert copy.copy(slotted).extra == 3


def test_a_tracker_gets_its_own_slots():
    slot_copy.install()
    tracker = DialogueStateTracker("s1", DOMAIN.slots)
    tracker.slots["flag"].value = True
    copied = tracker.init_copy()
    assert copied.slots["flag"].value is None and tracker.slots["flag"].value is True
    assert [type(s) for s in copied.slots.values()] == [type(s) for s in DOMAIN.slots]
