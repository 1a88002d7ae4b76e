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
from . import schema
from .dates import add_months, format_date_de, months_between
from .model import Answers, InvalidAnswer, Reason, Verdict

# § 75a Abs. 1 Satz 3: Ausbildungs- and Beschäftigungsduldung are Duldungen too
DULDUNG = ("duldung", "ausbildungsduldung", "beschaeftigungsduldung")
ASYL = ("gestattung",) + DULDUNG
# statuses with labour-market access and no waiting period for the Vorphase
NO_WAITING = ("eu", "residence_permit", "recognised_refugee", "work_permitted")
# kinds that count as a betriebliche training (§ 57 Abs. 1 SGB III puts PflBG Part 2 beside them)
BETRIEBLICH = ("dual", "pflege_pflbg", "pflege_pflbg_altenpflege")
_PFLBG = ("pflege_pflbg", "pflege_pflbg_altenpflege")


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
    for name in schema.names("choice"):
        value, allowed = getattr(a, name), schema.values(name)
        if value is not None and value not in allowed:
            raise InvalidAnswer(name, f"„{value}“ ist kein gültiger Wert. Erlaubt: {', '.join(allowed)}.")
    for name in schema.names("int"):
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
    step = {"likely_eligible": "apply", "case_by_case": "apply", "not_eligible": "not", "incomplete": "incomplete"}[
        outcome
    ]
    if outcome == "not_eligible" and col.only_waiting():
        step = "wait"
    return Verdict(outcome, phase, col.reasons, col.missing, c.NEXT_STEPS[(f"{key}_{step}", register)])


def _company(a: Answers, col: _Collector) -> Optional[str]:
    """C-ELIG: tied to an AsA-eligible young person and to a company in Germany."""
    if a.has_trainee_or_eq is None:
        col.need("has_trainee_or_eq")
        return None
    if a.has_trainee_or_eq:
        phase = "begleitende_phase"
        if a.trainee_eligible is None:
            col.need("trainee_eligible")
        elif not a.trainee_eligible:
            col.exclude("C-ELIG-TRAINEE")
    else:
        phase = "vorphase"
        if a.willing_to_train is None:
            col.need("willing_to_train")
        elif not a.willing_to_train:
            col.exclude("C-ELIG-NO")
    if a.company_in_germany is None:
        col.need("company_in_germany")
    elif not a.company_in_germany:
        col.exclude("C-ABROAD")
    if col.excluded:
        return None
    if not col.missing:
        col.note("C-ELIG")
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
    phase = {
        "looking_for_training": "vorphase",
        "in_training": "begleitende_phase",
        "in_eq": "begleitende_phase",
        "training_ended_early": "begleitende_phase",
        "training_completed": "nachbetreuung",
    }[a.situation]

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
    elif a.residence_status != "citizen":
        col.note("L-FOREIGN")

    if phase == "vorphase":
        _vorphase(a, col, decision)
    elif phase == "begleitende_phase":
        _begleitend(a, col, decision)
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
    col.note("B-CONTRACT")
    if a.residence_status in ASYL:
        _asyl(a, col, decision)
    elif a.residence_status in NO_WAITING:
        col.note("V-ASYL-NONE")
    if a.residence_status not in (None, "citizen"):
        if a.german_level is None:
            col.need("german_level")
        elif c.GERMAN_LEVELS.index(a.german_level) < c.GERMAN_LEVELS.index("B1"):
            col.weigh("V-LANG", level=a.german_level)
        else:
            col.note("V-LANG-OK", level=a.german_level)
    if a.residence_status in ASYL:
        if a.transition_expected is None:
            col.need("transition_expected")
        elif a.transition_expected:
            col.note("V-ASYL-SKILLS-OK")
        else:
            col.weigh("V-ASYL-SKILLS")
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
        col.weigh("V-HOURS")
    else:
        col.note("V-HOURS-OK")
    # V-BAB: need-based, never promised; none with a Gestattung (§ 60 SGB III)
    col.note(
        {"gestattung": "V-BAB-GESTATTUNG"}.get(a.residence_status)
        or ("V-BAB-DULDUNG" if a.residence_status in DULDUNG else "V-BAB")
    )
    col.note("V-END")
    col.note("L-NOVORALONE")


def _asyl(a: Answers, col: _Collector, decision: date) -> None:
    """V-ASYL: 15 months erlaubt, gestattet oder geduldet at the decision, 3 if entered before 1 Aug 2019."""
    stay_months = a.permitted_stay_months
    if a.entry_date is None and (stay_months is None or stay_months < c.ASYL_MONTHS_DEFAULT):
        col.need("entry_date")
        return
    early = a.entry_date is not None and a.entry_date < c.ASYL_CUTOFF
    months = c.ASYL_MONTHS_EARLY_ENTRY if early else c.ASYL_MONTHS_DEFAULT
    if early:
        col.note("V-ASYL-EARLY")
    if stay_months is not None:
        stay = stay_months
        reached = add_months(decision, months - stay)
    else:
        stay = months_between(a.entry_date, decision)
        reached = add_months(a.entry_date, months)
    if stay >= months:
        col.note("V-ASYL", months=months, reached=format_date_de(min(reached, decision)))
    else:
        col.exclude("V-ASYL-WAIT", months=months, reached=format_date_de(reached))


def _abroad_only_in_training(a: Answers, col: _Collector) -> None:
    """B-ABROAD: outside a training with a contract, living abroad is not admitted."""
    if a.lives_abroad is None:
        col.need("lives_abroad")
    elif a.lives_abroad:
        col.exclude("B-ABROAD-ONLY")


def _begleitend(a: Answers, col: _Collector, decision: date) -> None:
    if a.situation == "training_ended_early":
        # B-AGAIN needs a betriebliche training; § 75 Abs. 5: no new contract needed
        if a.training_kind is None:
            col.need("training_kind")
        elif a.training_kind in BETRIEBLICH:
            col.note("B-AGAIN")
            col.note("B-CONTRACT-NONE")
        else:
            col.exclude("B-AGAIN-NO")
        _abroad_only_in_training(a, col)
    elif a.situation == "in_eq":
        col.note("B-EQ")
        _abroad_only_in_training(a, col)
    else:
        _training_kind(a, col, decision)
        if a.part_time:
            col.note("B-PART")
        if a.second_training:
            col.note("B-SECOND")
        if a.lives_abroad is None:
            col.need("lives_abroad")
        elif a.lives_abroad:
            if a.company_in_germany is None:
                col.need("company_in_germany")
            elif a.company_in_germany:
                col.note("B-ABROAD")
            else:
                col.exclude("B-ABROAD-NO")
        col.note("L-CONTENT")
    if a.residence_status in ASYL:
        col.note("Y-ACCESS")


def _training_kind(a: Answers, col: _Collector, decision: date) -> None:
    """B-KIND: a betriebliche training or Pflege under Part 2 PflBG begun from 2020."""
    kind = a.training_kind
    if kind is None:
        col.need("training_kind")
    elif kind == "school_based":
        col.exclude("B-KIND")
    elif kind == "ausserbetrieblich":
        col.exclude("B-KIND-AUSSER")
    elif kind == "pflege_other":
        col.exclude("B-PFLEGE-OTHER")
    elif kind == "dual":
        col.note("B-KIND-OK")
    elif kind == "altenpflege":
        # § 66 Abs. 2 PflBG: old-law trainings could only be completed until 31 Dec 2024
        if decision > c.ALTENPFLEGEGESETZ_LAST_DAY:
            col.exclude("B-PFLEGE-ALT-END")
        else:
            col.note("B-PFLEGE-ALT")
    elif a.training_start is None:
        col.need("training_start")
    elif a.training_start < c.PFLBG_START:
        col.exclude("B-PFLEGE")
    else:
        col.note("B-PFLEGE-OK")


def _nachbetreuung(a: Answers, col: _Collector) -> None:
    if a.asa_supported_training is None:
        col.need("asa_supported_training")
    elif not a.asa_supported_training:
        col.exclude("N-AFTER-NO")
    else:
        col.note("N-AFTER")
    _abroad_only_in_training(a, col)
    if a.months_since_training_end is None:
        col.need("months_since_training_end")
    if a.employed is None:
        col.need("months_since_employment_start")
    elif a.employed and a.months_since_employment_start is None:
        col.need("months_since_employment_start")
    if (
        a.months_since_training_end is None
        or (a.employed and a.months_since_employment_start is None)
        or a.employed is None
    ):
        return
    too_late_training = a.months_since_training_end >= c.NACHBETREUUNG_MONTHS_AFTER_TRAINING
    too_late_job = bool(a.employed) and a.months_since_employment_start >= c.NACHBETREUUNG_MONTHS_AFTER_EMPLOYMENT
    if too_late_training or too_late_job:
        col.exclude("N-END")
    else:
        col.note("N-END-OK")
