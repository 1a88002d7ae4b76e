"""Slots copied by filling a new object's attributes, not through pickle's protocol.

Rasa 3.6 copies every slot of the domain (`copy.copy`) each time it builds a tracker: when it
loads a conversation, when it replays one, and for the copy it hands to each action. For a
plain object `copy.copy` goes through `__reduce_ex__` and copyreg to end up doing exactly this:
a new object of the same class whose `__dict__` is a shallow copy of the old one. On this
project's bench (28 slots) that detour was 4 % of the Rasa process's CPU.

`install()` gives `Slot` a `__copy__` that does the same thing directly for the slot classes
for which that is what `copy.copy` would do (no custom pickling, no `__slots__`); any other
subclass is copied by `copy.copy`'s own route.
"""

from __future__ import annotations

import copy
import copyreg
from typing import Any, Dict, Type

from rasa.shared.core.slots import Slot

_PICKLING_HOOKS = ("__getstate__", "__setstate__", "__getnewargs__", "__getnewargs_ex__")


def _plain(cls: Type) -> bool:
    """Whether copy.copy would create the object with object.__new__ and update its __dict__ with the old one's."""
    return (
        cls.__new__ is object.__new__
        and cls.__reduce_ex__ is object.__reduce_ex__
        and cls.__reduce__ is object.__reduce__
        and all(getattr(cls, hook, None) is getattr(object, hook, None) for hook in _PICKLING_HOOKS)
        and cls not in copyreg.dispatch_table
        # abc.ABC, Slot's base, declares empty __slots__; only named ones change what copy.copy does
        and not any(vars(klass).get("__slots__") for klass in cls.__mro__)
    )


def _copied_as_copy_copies(slot: Any) -> Any:
    # copy.copy's route for an object without __copy__ (Python 3.10's copy module)
    cls = type(slot)
    reductor = copyreg.dispatch_table.get(cls)
    reduced = reductor(slot) if reductor is not None else slot.__reduce_ex__(4)
    if isinstance(reduced, str):
        return slot
    return copy._reconstruct(slot, None, *reduced)  # type: ignore[attr-defined]


def install() -> None:
    if "__copy__" in vars(Slot):
        return
    plain: Dict[Type, bool] = {}

    def __copy__(self: Slot) -> Slot:
        cls = type(self)
        if cls not in plain:
            plain[cls] = _plain(cls)
        if not plain[cls]:
            return _copied_as_copy_copies(self)
        new = object.__new__(cls)
        new.__dict__.update(self.__dict__)
        return new

    Slot.__copy__ = __copy__
