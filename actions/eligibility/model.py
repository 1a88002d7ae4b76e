"""Typed inputs and the verdict of the eligibility rules (no Rasa import)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import List, Optional

AUDIENCES = ("youth", "company")
SITUATIONS = ("looking_for_training", "in_training", "in_eq", "training_ended_early", "training_completed")
TRAINING_KINDS = ("dual", "pflege_pflbg", "altenpflege", "pflege_other", "school_based")
RESIDENCE_STATUSES = ("citizen", "eu", "work_permitted", "gestattung", "duldung", "employment_ban")
OUTCOMES = ("likely_eligible", "not_eligible", "case_by_case", "incomplete")
PHASES = ("vorphase", "begleitende_phase", "nachbetreuung")


class InvalidAnswer(ValueError):
    """An answer that cannot be true (negative months, entry in the future, unknown level)."""

    def __init__(self, field_name: str, message: str):
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


@dataclass
class Answers:
    """Everything the rules may ask. None means: not answered (yet).

    `employed` separates "not employed" (False) from "not answered" (None),
    because months_since_employment_start is None in both cases.
    """

    audience: Optional[str] = None
    # young people
    situation: Optional[str] = None
    school_obligation: Optional[bool] = None
    needs_support: Optional[bool] = None
    training_kind: Optional[str] = None
    training_start: Optional[date] = None
    part_time: Optional[bool] = None
    lives_abroad: Optional[bool] = None
    company_in_germany: Optional[bool] = None
    residence_status: Optional[str] = None
    entry_date: Optional[date] = None
    lawful_stay_months: Optional[int] = None
    decision_date: Optional[date] = None
    german_level: Optional[str] = None
    berufseinstiegsbegleitung: Optional[bool] = None
    disability: Optional[bool] = None
    vorphase_months: Optional[int] = None
    hours_per_week: Optional[int] = None
    asa_supported_training: Optional[bool] = None
    months_since_training_end: Optional[int] = None
    employed: Optional[bool] = None
    months_since_employment_start: Optional[int] = None
    age: Optional[int] = None
    # companies
    has_trainee_or_eq: Optional[bool] = None
    willing_to_train: Optional[bool] = None
    first_time_training: Optional[bool] = None

    @classmethod
    def field_names(cls) -> List[str]:
        return [f.name for f in fields(cls)]


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


_BOOL_FIELDS = {"school_obligation", "needs_support", "part_time", "lives_abroad", "company_in_germany",
                "berufseinstiegsbegleitung", "disability", "asa_supported_training", "employed",
                "has_trainee_or_eq", "willing_to_train", "first_time_training"}
_INT_FIELDS = {"lawful_stay_months", "vorphase_months", "hours_per_week", "months_since_training_end",
               "months_since_employment_start", "age"}
_DATE_FIELDS = {"training_start", "entry_date", "decision_date"}


def answers_from_values(values: dict) -> Answers:
    """Answers from canonical values (bool, int, date or ISO date string, enum string).

    Shared by the dialogue (slot values) and the API (parsed JSON). Anything of the
    wrong type raises InvalidAnswer naming the field; unknown keys are an error too.
    """
    known = set(Answers.field_names())
    kwargs = {}
    for name, value in values.items():
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
ANSWER_SLOTS = ("situation", "school_obligation", "needs_support", "residence_status", "entry_date", "german_level",
                "lives_abroad", "company_in_germany", "training_kind", "training_start", "vorphase_months",
                "hours_per_week", "berufseinstiegsbegleitung", "asa_supported_training",
                "months_since_training_end", "months_since_employment_start", "has_trainee_or_eq",
                "willing_to_train")
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
