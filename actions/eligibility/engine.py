"""The eligibility rules of ../shared/domain/eligibility-rules.md as one function.

`assess(answers)` never raises for missing answers: it returns an `incomplete`
verdict naming them, in the order a dialogue should ask. Impossible answers
(negative months, entry in the future, unknown level) raise InvalidAnswer.
The order of checks below *is* the order of questions in the chat.
"""
from __future__ import annotations

from datetime import date
from typing import List, Optional

from . import catalog as c
from .dates import add_months, format_date_de, months_between
from .model import (
    AUDIENCES,
    RESIDENCE_STATUSES,
    SITUATIONS,
    TRAINING_KINDS,
    Answers,
    InvalidAnswer,
    Reason,
    Verdict,
)

_ASYL = ("gestattung", "duldung")
_MONTH_FIELDS = ("lawful_stay_months", "vorphase_months", "months_since_training_end",
                 "months_since_employment_start", "age")


class _Collector:
    def __init__(self) -> None:
        self.reasons: List[Reason] = []
        self.missing: List[str] = []
        self.excluded = False
        self.to_weigh = False

    def note(self, rule_id: str, effect: str = "note", **values) -> None:
        rule = c.RULES[rule_id]
        self.reasons.append(Reason(rule.id, rule.text.format(**values), rule.source, effect))

    def exclude(self, rule_id: str, **values) -> None:
        self.note(rule_id, "exclude", **values)
        self.excluded = True

    def weigh(self, rule_id: str, **values) -> None:
        self.note(rule_id, "weigh", **values)
        self.to_weigh = True

    def only_waiting(self) -> bool:
        return [r.rule for r in self.reasons if r.effect == "exclude"] == ["V-ASYL-WAIT"]

    def need(self, field_name: str) -> None:
        if field_name not in self.missing:
            self.missing.append(field_name)

    def outcome(self) -> str:
        if self.excluded:
            return "not_eligible"
        if self.missing:
            return "incomplete"
        if self.to_weigh:
            return "case_by_case"
        return "likely_eligible"


def validate(a: Answers, today: date) -> None:
    """Raise InvalidAnswer for values that cannot be true."""
    enums = {"audience": AUDIENCES, "situation": SITUATIONS, "training_kind": TRAINING_KINDS,
             "residence_status": RESIDENCE_STATUSES, "german_level": c.GERMAN_LEVELS}
    for name, allowed in enums.items():
        value = getattr(a, name)
        if value is not None and value not in allowed:
            raise InvalidAnswer(name, f"„{value}“ ist kein gültiger Wert. Erlaubt: {', '.join(allowed)}.")
    for name in _MONTH_FIELDS:
        value = getattr(a, name)
        if value is not None and value < 0:
            raise InvalidAnswer(name, "Der Wert darf nicht negativ sein.")
    if a.hours_per_week is not None and not 0 <= a.hours_per_week <= 80:
        raise InvalidAnswer("hours_per_week", "Die Stundenzahl muss zwischen 0 und 80 liegen.")
    decision = a.decision_date or today
    if a.entry_date is not None and a.entry_date > decision:
        raise InvalidAnswer("entry_date", "Das Einreisedatum darf nicht in der Zukunft liegen.")
    if a.entry_date is not None and a.entry_date.year < 1950:
        raise InvalidAnswer("entry_date", "Das Einreisedatum ist nicht plausibel.")
    if a.training_start is not None and a.training_start.year < 1990:
        raise InvalidAnswer("training_start", "Der Ausbildungsbeginn ist nicht plausibel.")


def assess(a: Answers, today: Optional[date] = None, register: Optional[str] = None) -> Verdict:
    """Orientation for one person or company. `register` is "du" or "sie" for the next step."""
    today = today or date.today()
    validate(a, today)
    col = _Collector()
    if a.audience is None:
        col.need("audience")
        return Verdict("incomplete", None, col.reasons, col.missing, "")
    if a.audience == "company":
        phase = _company(a, col)
        key = "company"
        register = "sie"
    else:
        phase = _youth(a, col, a.decision_date or today)
        key = "youth"
        register = register or "du"
    outcome = col.outcome()
    col.note("DECIDE")
    step = {"likely_eligible": "apply", "case_by_case": "apply", "not_eligible": "not",
            "incomplete": "incomplete"}[outcome]
    if outcome == "not_eligible" and col.only_waiting():
        step = "wait"
    return Verdict(outcome, phase, col.reasons, col.missing, c.NEXT_STEPS[(f"{key}_{step}", register)])


def _company(a: Answers, col: _Collector) -> Optional[str]:
    if a.has_trainee_or_eq is None:
        col.need("has_trainee_or_eq")
        return None
    if a.has_trainee_or_eq:
        col.note("C-ELIG")
        phase = "begleitende_phase"
    else:
        if a.willing_to_train is None:
            col.need("willing_to_train")
            return None
        if not a.willing_to_train:
            col.exclude("C-ELIG-NO")
            return None
        col.note("C-ELIG")
        phase = "vorphase"
    col.note("C-CHOICE")
    if a.first_time_training:
        col.note("C-FIRST")
    if a.disability:
        col.note("C-DISAB")
    return phase


def _youth(a: Answers, col: _Collector, decision: date) -> Optional[str]:
    if a.situation is None:
        col.need("situation")
        return None
    phase = {"looking_for_training": "vorphase", "in_training": "begleitende_phase",
             "in_eq": "begleitende_phase", "training_ended_early": "begleitende_phase",
             "training_completed": "nachbetreuung"}[a.situation]

    if a.situation in ("looking_for_training", "in_eq", "training_ended_early"):
        if a.school_obligation is None:
            col.need("school_obligation")
        elif a.school_obligation:
            col.exclude("Y-SCHOOL")
    if a.needs_support is None:
        col.need("needs_support")
    elif not a.needs_support:
        col.exclude("Y-NEED")
    else:
        col.note("Y-NEED-OK")

    if a.residence_status is None:
        col.need("residence_status")
    elif a.residence_status == "employment_ban":
        col.exclude("Y-BAN")
    elif a.residence_status in ("eu", "work_permitted"):
        col.note("L-FOREIGN")

    if phase == "vorphase":
        _vorphase(a, col, decision)
    elif phase == "begleitende_phase":
        _begleitend(a, col)
    else:
        _nachbetreuung(a, col)

    if a.berufseinstiegsbegleitung is None:
        if a.situation != "training_completed":
            col.need("berufseinstiegsbegleitung")
    elif a.berufseinstiegsbegleitung:
        col.weigh("Y-BERB")
    if a.disability:
        col.note("Y-DISAB")
    if a.age is not None:
        col.note("L-AGE")
    col.note("Y-READY")
    return phase


def _vorphase(a: Answers, col: _Collector, decision: date) -> None:
    col.note("V-PHASE")
    if a.residence_status in _ASYL:
        _asyl(a, col, decision)
    if a.residence_status not in (None, "citizen"):
        if a.german_level is None:
            col.need("german_level")
        elif c.GERMAN_LEVELS.index(a.german_level) < c.GERMAN_LEVELS.index("B1"):
            col.weigh("V-LANG", level=a.german_level)
        else:
            col.note("V-LANG-OK", level=a.german_level)
    if a.lives_abroad is None:
        col.need("lives_abroad")
    elif a.lives_abroad:
        col.exclude("V-ABROAD")
    if a.vorphase_months is None:
        col.need("vorphase_months")
    elif a.vorphase_months < c.VORPHASE_MAX_MONTHS:
        col.note("V-DUR-OK")
    elif a.vorphase_months < c.VORPHASE_MAX_MONTHS + c.VORPHASE_EXTENSION_MONTHS:
        col.weigh("V-DUR-EXT")
    else:
        col.exclude("V-DUR")
    if a.hours_per_week is None:
        col.need("hours_per_week")
    elif a.hours_per_week < c.VORPHASE_MIN_HOURS:
        col.exclude("V-HOURS")
    else:
        col.note("V-HOURS-OK")
    col.note("V-BAB")
    col.note("V-END")
    col.note("L-NOVORALONE")


def _asyl(a: Answers, col: _Collector, decision: date) -> None:
    """V-ASYL: 15 months lawful stay at the decision, 3 if entered before 1 Aug 2019."""
    if a.entry_date is None and (a.lawful_stay_months is None or a.lawful_stay_months < c.ASYL_MONTHS_DEFAULT):
        col.need("entry_date")
        return
    early = a.entry_date is not None and a.entry_date < c.ASYL_CUTOFF
    months = c.ASYL_MONTHS_EARLY_ENTRY if early else c.ASYL_MONTHS_DEFAULT
    if early:
        col.note("V-ASYL-EARLY")
    if a.lawful_stay_months is not None:
        stay = a.lawful_stay_months
        reached = add_months(decision, months - stay)
    else:
        stay = months_between(a.entry_date, decision)
        reached = add_months(a.entry_date, months)
    if stay >= months:
        col.note("V-ASYL", months=months, reached=format_date_de(min(reached, decision)))
    else:
        col.exclude("V-ASYL-WAIT", months=months, reached=format_date_de(reached))


def _begleitend(a: Answers, col: _Collector) -> None:
    if a.situation == "training_ended_early":
        col.note("B-AGAIN")
        col.note("B-CONTRACT")
    elif a.situation == "in_eq":
        col.note("B-EQ")
    else:
        _training_kind(a, col)
        if a.part_time:
            col.note("B-PART")
    if a.lives_abroad is None:
        col.need("lives_abroad")
    elif a.lives_abroad:
        if a.company_in_germany is None:
            col.need("company_in_germany")
        elif a.company_in_germany:
            col.note("B-ABROAD")
        else:
            col.exclude("B-ABROAD-NO")
    if a.residence_status in _ASYL:
        col.note("Y-ACCESS")


def _training_kind(a: Answers, col: _Collector) -> None:
    kind = a.training_kind
    if kind is None:
        col.need("training_kind")
    elif kind == "school_based":
        col.exclude("B-KIND")
    elif kind == "dual":
        col.note("B-KIND-OK")
    elif kind == "altenpflege":
        col.note("B-PFLEGE-ALT")
    elif a.training_start is None:
        col.need("training_start")
    elif a.training_start < c.PFLBG_START:
        col.exclude("B-PFLEGE")
    elif kind == "pflege_pflbg":
        col.note("B-PFLEGE-OK")
    else:
        col.weigh("B-PFLEGE-CHECK")


def _nachbetreuung(a: Answers, col: _Collector) -> None:
    if a.asa_supported_training is None:
        col.need("asa_supported_training")
    elif not a.asa_supported_training:
        col.exclude("N-AFTER-NO")
    else:
        col.note("N-AFTER")
    if a.months_since_training_end is None:
        col.need("months_since_training_end")
    if a.employed is None:
        col.need("months_since_employment_start")
    elif a.employed and a.months_since_employment_start is None:
        col.need("months_since_employment_start")
    if "months_since_training_end" in col.missing or "months_since_employment_start" in col.missing:
        return
    too_late_training = a.months_since_training_end >= c.NACHBETREUUNG_MONTHS_AFTER_TRAINING
    too_late_job = bool(a.employed) and a.months_since_employment_start >= c.NACHBETREUUNG_MONTHS_AFTER_EMPLOYMENT
    if too_late_training or too_late_job:
        col.exclude("N-END")
    else:
        col.note("N-END-OK")
