"""Typed inputs and the verdict of the eligibility rules (no Rasa import)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, make_dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, List, Optional

from . import schema

AUDIENCES = schema.values("audience")
SITUATIONS = schema.values("situation")
TRAINING_KINDS = schema.values("training_kind")
RESIDENCE_STATUSES = schema.values("residence_status")
OUTCOMES = ("likely_eligible", "not_eligible", "case_by_case", "incomplete")
PHASES = ("vorphase", "begleitende_phase", "nachbetreuung")


class InvalidAnswer(ValueError):
    """An answer that cannot be true (negative months, entry in the future, unknown level)."""

    def __init__(self, field_name: str, message: str):
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


_PY_TYPES = {"bool": bool, "int": int, "date": date, "choice": str}


def _field_names(cls) -> List[str]:
    return [f.name for f in fields(cls)]


# Everything the rules may ask, one field per schema question; None means: not answered (yet).
# `employed` separates "not employed" (False) from "not answered" (None), because
# months_since_employment_start is None in both cases.
if TYPE_CHECKING:

    class Answers:
        """The schema decides the fields at run time; for the type checker every one is Any."""

        def __init__(self, **values: Any) -> None: ...

        def __getattr__(self, name: str) -> Any: ...

        @classmethod
        def field_names(cls) -> List[str]: ...

else:
    Answers = make_dataclass(
        "Answers",
        [(q.name, Optional[_PY_TYPES[q.kind]], field(default=None)) for q in schema.QUESTIONS],
        namespace={"field_names": classmethod(_field_names)},
    )
    Answers.__module__ = __name__


@dataclass
class Reason:
    rule: str
    text: str
    source: str
    effect: str = "note"  # "exclude", "weigh" (case by case) or "note"


@dataclass
class Verdict:
    outcome: str
    phase: Optional[str]
    reasons: List[Reason] = field(default_factory=list)
    missing: List[str] = field(default_factory=list)
    next_step: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    def rule_ids(self) -> List[str]:
        return [r.rule for r in self.reasons]


_BOOL_FIELDS = set(schema.names("bool"))
_INT_FIELDS = set(schema.names("int"))
_DATE_FIELDS = set(schema.names("date"))


def answers_from_values(values: dict) -> Answers:
    """Answers from canonical values (bool, int, date or ISO date string, enum string).

    Shared by the dialogue (slot values) and the API (parsed JSON). Anything of the
    wrong type raises InvalidAnswer naming the field; unknown keys are an error too.
    """
    known = set(Answers.field_names())
    kwargs = {}
    for name, value in values.items():
        name = schema.DEPRECATED_ALIASES.get(name, name)
        if name not in known:
            raise InvalidAnswer(name, "Unbekanntes Feld.")
        if value is None:
            continue
        if name in _BOOL_FIELDS and not isinstance(value, bool):
            raise InvalidAnswer(name, "Erwartet wird true oder false.")
        if name in _INT_FIELDS and (isinstance(value, bool) or not isinstance(value, int)):
            raise InvalidAnswer(name, "Erwartet wird eine ganze Zahl.")
        if name in _DATE_FIELDS:
            if isinstance(value, str):
                try:
                    value = date.fromisoformat(value)
                except ValueError as exc:
                    raise InvalidAnswer(name, "Erwartet wird ein Datum im Format JJJJ-MM-TT.") from exc
            elif not isinstance(value, date):
                raise InvalidAnswer(name, "Erwartet wird ein Datum im Format JJJJ-MM-TT.")
        if name not in _BOOL_FIELDS | _INT_FIELDS | _DATE_FIELDS and not isinstance(value, str):
            raise InvalidAnswer(name, "Erwartet wird ein Text.")
        kwargs[name] = value
    return Answers(**kwargs)


# The eligibility form stores the answers in slots named like the API fields; these are them.
ANSWER_SLOTS = schema.CHAT_SLOTS
NOT_EMPLOYED = "not_employed"


def answers_from_slots(slots: dict) -> Answers:
    """Answers from the dialogue's slots; audience "parent" asks about a young person."""
    values = {name: slots.get(name) for name in ANSWER_SLOTS}
    audience = slots.get("audience")
    values["audience"] = "company" if audience == "company" else ("youth" if audience else None)
    employment = values.pop("months_since_employment_start")
    if employment == NOT_EMPLOYED:
        values["employed"] = False
    elif employment is not None:
        values["employed"] = True
        values["months_since_employment_start"] = employment
    return answers_from_values(values)


def register_for(audience: str) -> str:
    """Presentation register: "du" for young people, "parent" / "company" for Sie."""
    return {"parent": "parent", "company": "company"}.get(audience, "du")
