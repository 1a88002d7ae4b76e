"""Property tests: every input gets a verdict; a missing answer yields `incomplete`, never a crash."""

from dataclasses import fields
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from actions.eligibility import Answers, InvalidAnswer, assess, schema
from actions.eligibility.model import OUTCOMES, PHASES

TODAY = date(2026, 11, 24)
maybe = lambda strategy: st.none() | strategy  # noqa: E731
dates = st.dates(min_value=date(1990, 1, 1), max_value=TODAY)
months = st.integers(min_value=0, max_value=60)
_BY_KIND = {"bool": st.booleans(), "date": dates, "int": months}


def _strategy(question):
    if question.name == "decision_date":
        return st.none()
    if question.name == "hours_per_week":
        return maybe(st.integers(0, 80))
    if question.kind == "choice":
        return maybe(st.sampled_from(question.values))
    return maybe(_BY_KIND[question.kind])


# every question of the schema, so a new question is covered without touching this file
answers = st.builds(Answers, **{q.name: _strategy(q) for q in schema.QUESTIONS})


@settings(max_examples=800, deadline=None, derandomize=True)
@given(answers)
def test_every_valid_input_gets_a_well_formed_verdict(a):
    verdict = assess(a, today=TODAY)
    assert verdict.outcome in OUTCOMES
    assert verdict.phase in PHASES + (None,)
    assert verdict.next_step or verdict.outcome == "incomplete"
    assert all(r.text and r.source for r in verdict.reasons)
    assert (verdict.outcome == "incomplete") == (
        bool(verdict.missing) and not any(r.effect == "exclude" for r in verdict.reasons)
    )
    assert set(verdict.missing) <= {f.name for f in fields(Answers)}


@settings(max_examples=300, deadline=None, derandomize=True)
@given(answers, st.data())
def test_removing_a_needed_answer_gives_incomplete(a, data):
    verdict = assess(a, today=TODAY)
    if verdict.outcome in ("likely_eligible", "case_by_case"):
        # every answer the verdict rests on is needed: drop one the engine asks for first
        asked = assess(Answers(audience=a.audience), today=TODAY).missing
        first = asked[0]
        stripped = Answers(**{**a.__dict__, first: None})
        assert assess(stripped, today=TODAY).outcome in ("incomplete", "not_eligible")
        assert first in assess(stripped, today=TODAY).missing


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.dictionaries(
        st.sampled_from([f.name for f in fields(Answers)]),
        st.none() | st.booleans() | st.integers(-5, 200) | st.text(max_size=5) | dates,
    )
)
def test_arbitrary_values_give_a_verdict_or_invalid_answer(values):
    from actions.eligibility.model import answers_from_values

    try:
        verdict = assess(answers_from_values(values), today=TODAY)
    except InvalidAnswer as error:
        assert error.field in values
    else:
        assert verdict.outcome in OUTCOMES


# An answer that can only hurt, beside one that can only help (the same question).
DISQUALIFYING = {
    "school_obligation": (True, False),
    "needs_support": (False, True),
    "residence_status": ("employment_ban", "citizen"),
    "lives_abroad": (True, False),
    "company_in_germany": (False, True),
    "training_kind": ("school_based", "dual"),
    "transition_expected": (False, True),
    "german_level": ("A1", "C2"),
    "vorphase_months": (8, 0),
    "hours_per_week": (10, 39),
    "berufseinstiegsbegleitung": (True, False),
    "asa_supported_training": (False, True),
    "months_since_training_end": (12, 0),
    "trainee_eligible": (False, True),
    "willing_to_train": (False, True),
}
_RANK = {"not_eligible": 0, "case_by_case": 1, "likely_eligible": 2}


@settings(max_examples=600, deadline=None, derandomize=True)
@given(answers, st.sampled_from(sorted(DISQUALIFYING)))
def test_a_disqualifying_answer_never_makes_the_outcome_more_favourable(a, name):
    bad, good = DISQUALIFYING[name]
    with_good = assess(Answers(**{**a.__dict__, name: good}), today=TODAY)
    with_bad = assess(Answers(**{**a.__dict__, name: bad}), today=TODAY)
    if with_good.outcome == "incomplete" or with_bad.outcome == "incomplete":
        return
    assert _RANK[with_bad.outcome] <= _RANK[with_good.outcome], (name, with_good.outcome, with_bad.outcome)
