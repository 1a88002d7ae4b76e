"""Property tests: every input gets a verdict; a missing answer yields `incomplete`, never a crash."""
from dataclasses import fields
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from actions.eligibility import Answers, InvalidAnswer, assess
from actions.eligibility.catalog import GERMAN_LEVELS
from actions.eligibility.model import (AUDIENCES, OUTCOMES, PHASES, RESIDENCE_STATUSES, SITUATIONS,
                                       TRAINING_KINDS)

TODAY = date(2026, 11, 24)
maybe = lambda strategy: st.none() | strategy  # noqa: E731
dates = st.dates(min_value=date(1990, 1, 1), max_value=TODAY)
months = st.integers(min_value=0, max_value=60)

answers = st.builds(
    Answers,
    audience=maybe(st.sampled_from(AUDIENCES)), situation=maybe(st.sampled_from(SITUATIONS)),
    school_obligation=maybe(st.booleans()), needs_support=maybe(st.booleans()),
    training_kind=maybe(st.sampled_from(TRAINING_KINDS)), training_start=maybe(dates),
    part_time=maybe(st.booleans()), lives_abroad=maybe(st.booleans()), company_in_germany=maybe(st.booleans()),
    residence_status=maybe(st.sampled_from(RESIDENCE_STATUSES)), entry_date=maybe(dates),
    lawful_stay_months=maybe(months), decision_date=st.none(), german_level=maybe(st.sampled_from(GERMAN_LEVELS)),
    berufseinstiegsbegleitung=maybe(st.booleans()), disability=maybe(st.booleans()),
    vorphase_months=maybe(months), hours_per_week=maybe(st.integers(0, 80)),
    asa_supported_training=maybe(st.booleans()), months_since_training_end=maybe(months),
    employed=maybe(st.booleans()), months_since_employment_start=maybe(months), age=maybe(st.integers(14, 60)),
    has_trainee_or_eq=maybe(st.booleans()), willing_to_train=maybe(st.booleans()),
    first_time_training=maybe(st.booleans()),
)


@settings(max_examples=800, deadline=None, derandomize=True)
@given(answers)
def test_every_valid_input_gets_a_well_formed_verdict(a):
    verdict = assess(a, today=TODAY)
    assert verdict.outcome in OUTCOMES
    assert verdict.phase in PHASES + (None,)
    assert verdict.next_step or verdict.outcome == "incomplete"
    assert all(r.text and r.source for r in verdict.reasons)
    assert (verdict.outcome == "incomplete") == (bool(verdict.missing) and not any(
        r.effect == "exclude" for r in verdict.reasons))
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
@given(st.dictionaries(st.sampled_from([f.name for f in fields(Answers)]),
                       st.none() | st.booleans() | st.integers(-5, 200) | st.text(max_size=5) | dates))
def test_arbitrary_values_give_a_verdict_or_invalid_answer(values):
    from actions.eligibility.model import answers_from_values
    try:
        verdict = assess(answers_from_values(values), today=TODAY)
    except InvalidAnswer as error:
        assert error.field in values
    else:
        assert verdict.outcome in OUTCOMES
