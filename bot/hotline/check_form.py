"""The eligibility check as one form for hotline staff.

Which fields appear is decided by the rules module itself: every answered field, every
field the engine still misses, and the optional refinements that matter for the answers
so far. So the form asks exactly what the chat dialogue would ask.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Dict, List, Optional, Tuple

from actions.eligibility import InvalidAnswer, assess, schema
from actions.eligibility.engine import ASYL
from actions.eligibility.model import Answers, Verdict, answers_from_values
from actions.eligibility.presentation import render

YES_NO = (("true", "Ja"), ("false", "Nein"))


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str  # "choice", "bool", "int" or "date"
    options: Tuple[Tuple[str, str], ...] = ()
    hint: str = ""


# One field per question of the answer schema, in its order (= the order of the chat's questions).
FIELDS: Dict[str, Field] = {
    q.name: Field(q.name, q.label, q.kind, YES_NO if q.kind == "bool" else q.options, q.hint) for q in schema.QUESTIONS
}


def _optional(values: dict) -> List[str]:
    """Refinements the engine uses when given but never asks for."""
    audience = values.get("audience")
    if audience == "company":
        return ["first_time_training", "disability"]
    if audience != "youth":
        return []
    extra = ["disability", "age"]
    if values.get("situation") == "in_training":
        extra += ["part_time", "second_training"]
    if values.get("training_kind") == "altenpflege":
        extra.append("decision_date")
    if values.get("residence_status") in ASYL and values.get("situation") == "looking_for_training":
        extra += ["entry_date", "permitted_stay_months", "decision_date"]
    if values.get("situation") == "training_completed":
        extra.append("employed")
    return extra


def parse_form(form: Dict[str, str]) -> Tuple[dict, Dict[str, str]]:
    """Form strings -> canonical values for the rules module, and German errors per field."""
    values: dict = {}
    errors: Dict[str, str] = {}
    for name, raw in form.items():
        field = FIELDS.get(name)
        text = (raw or "").strip()
        if field is None or not text:
            continue
        if field.kind == "bool":
            if text not in ("true", "false"):
                errors[name] = "Bitte Ja oder Nein wählen."
                continue
            values[name] = text == "true"
        elif field.kind == "int":
            if not text.lstrip("-").isdigit() or len(text) > 4:
                errors[name] = "Bitte eine ganze Zahl eingeben."
                continue
            values[name] = int(text)
        elif field.kind == "date":
            try:
                values[name] = date.fromisoformat(text)
            except ValueError:
                errors[name] = "Bitte ein Datum im Format TT.MM.JJJJ wählen."
        elif text in dict(field.options):
            values[name] = text
        else:
            errors[name] = "Bitte eine der Möglichkeiten wählen."
    if values.get("months_since_employment_start") is not None:
        values["employed"] = True
    return values, errors


@dataclass
class CheckResult:
    values: dict
    errors: Dict[str, str]
    fields: List[Field]
    verdict: Optional[Verdict]
    summary: str


def evaluate(form: Dict[str, str], register: str = "parent", today: Optional[date] = None) -> CheckResult:
    """`register` of the summary: "du" when the young person calls, "parent" when parents do."""
    values, errors = parse_form(form)
    verdict = None
    try:
        verdict = assess(answers_from_values(values), today=today, register="du" if register == "du" else "sie")
    except InvalidAnswer as exc:
        errors[exc.field] = exc.message
    missing = verdict.missing if verdict else []
    shown = {"audience"} | set(values) | set(errors) | set(missing) | set(_optional(values))
    # the order of the form follows the order of the questions in the chat
    fields = [f for name, f in FIELDS.items() if name in shown and name in Answers.field_names()]
    register = "company" if values.get("audience") == "company" else register
    summary = render(verdict, register) if verdict and not errors else ""
    return CheckResult(values, errors, fields, verdict, summary)
