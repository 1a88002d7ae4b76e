"""The eligibility check as one form for hotline staff.

Which fields appear is decided by the rules module itself: every answered field, every
field the engine still misses, and the optional refinements that matter for the answers
so far. So the form asks exactly what the chat dialogue would ask.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Dict, List, Optional, Tuple

from actions.eligibility import InvalidAnswer, assess
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


FIELDS: Dict[str, Field] = {f.name: f for f in (
    Field("audience", "Wer fragt?", "choice", (("youth", "Junger Mensch (oder Eltern für ihr Kind)"),
                                               ("company", "Betrieb"))),
    Field("situation", "Situation", "choice", (
        ("looking_for_training", "Sucht einen Ausbildungsplatz"), ("in_training", "In Ausbildung"),
        ("in_eq", "In Einstiegsqualifizierung (EQ)"), ("training_ended_early", "Ausbildung vorzeitig beendet"),
        ("training_completed", "Ausbildung abgeschlossen"))),
    Field("school_obligation", "Noch vollzeitschulpflichtig?", "bool", YES_NO),
    Field("needs_support", "Braucht Unterstützung für Ausbildung oder Abschluss?", "bool", YES_NO),
    Field("residence_status", "Staatsangehörigkeit / Aufenthalt", "choice", (
        ("citizen", "Deutsche Staatsangehörigkeit"), ("eu", "EU / EWR / Schweiz"),
        ("work_permitted", "Aufenthaltserlaubnis mit Arbeitsmarktzugang"),
        ("gestattung", "Aufenthaltsgestattung (Asylverfahren)"), ("duldung", "Duldung"),
        ("employment_ban", "Beschäftigungsverbot"))),
    Field("entry_date", "Einreise nach Deutschland", "date"),
    Field("lawful_stay_months", "Monate erlaubter, gestatteter oder geduldeter Aufenthalt", "int",
          hint="Nur wenn bekannt; sonst zählt das Einreisedatum."),
    Field("decision_date", "Tag der Förderentscheidung", "date", hint="Leer lassen: heute."),
    Field("german_level", "Deutschkenntnisse", "choice",
          tuple((level, level) for level in ("A1", "A2", "B1", "B2", "C1", "C2"))),
    Field("lives_abroad", "Wohnsitz im Ausland?", "bool", YES_NO),
    Field("company_in_germany", "Ausbildungsbetrieb in Deutschland?", "bool", YES_NO),
    Field("training_kind", "Art der Ausbildung", "choice", (
        ("dual", "Betriebliche (duale) Ausbildung"), ("pflege_pflbg", "Pflegeausbildung nach PflBG, Teil 2"),
        ("altenpflege", "Altenpflege nach Altenpflegegesetz"), ("pflege_other", "Andere Pflegeausbildung"),
        ("school_based", "Rein schulische Ausbildung"))),
    Field("training_start", "Beginn der Ausbildung", "date"),
    Field("part_time", "Ausbildung in Teilzeit?", "bool", YES_NO),
    Field("vorphase_months", "Monate, die schon in einer Vorphase waren", "int"),
    Field("hours_per_week", "Mögliche Stunden pro Woche in der Vorphase", "int"),
    Field("berufseinstiegsbegleitung", "Nimmt an der Berufseinstiegsbegleitung teil?", "bool", YES_NO),
    Field("asa_supported_training", "Wurde die Ausbildung mit AsA begleitet?", "bool", YES_NO),
    Field("months_since_training_end", "Monate seit Ende der Ausbildung", "int"),
    Field("months_since_employment_start", "Monate seit Beginn der Arbeitsstelle", "int",
          hint="Leer lassen, wenn es keine Arbeitsstelle gibt."),
    Field("employed", "Hat eine Arbeitsstelle?", "bool", YES_NO),
    Field("disability", "Behinderung?", "bool", YES_NO),
    Field("age", "Alter", "int"),
    Field("has_trainee_or_eq", "Hat der Betrieb eine/n Auszubildende/n oder eine EQ?", "bool", YES_NO),
    Field("willing_to_train", "Will der Betrieb ausbilden?", "bool", YES_NO),
    Field("first_time_training", "Bildet der Betrieb zum ersten Mal aus?", "bool", YES_NO),
)}

_ASYL = ("gestattung", "duldung")


def _optional(values: dict) -> List[str]:
    """Refinements the engine uses when given but never asks for."""
    audience = values.get("audience")
    if audience == "company":
        return ["first_time_training", "disability"]
    if audience != "youth":
        return []
    extra = ["disability", "age"]
    if values.get("situation") == "in_training":
        extra.append("part_time")
    if values.get("residence_status") in _ASYL and values.get("situation") == "looking_for_training":
        extra += ["entry_date", "lawful_stay_months", "decision_date"]
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
