"""POST /api/v1/eligibility: the rules module as a JSON API (same verdict as the chat)."""
from __future__ import annotations

from datetime import date
from typing import List, Literal, Optional

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, StrictBool, StrictInt

from actions.eligibility import InvalidAnswer, assess
from actions.eligibility.model import answers_from_values

router = APIRouter(prefix="/api/v1", tags=["Eligibility"])

Level = Literal["A1", "A2", "B1", "B2", "C1", "C2"]


class EligibilityRequest(BaseModel):
    """Answers of the eligibility check. Missing answers give outcome `incomplete` with `missing`.

    Types are checked here; value rules (no negative months, no entry date in the future)
    live in the rules module, which every channel shares."""

    audience: Literal["youth", "company"] = Field(..., description="youth: junger Mensch; company: Betrieb")
    situation: Optional[Literal["looking_for_training", "in_training", "in_eq", "training_ended_early",
                                "training_completed"]] = None
    school_obligation: Optional[StrictBool] = Field(None, description="noch vollzeitschulpflichtig")
    needs_support: Optional[StrictBool] = None
    training_kind: Optional[Literal["dual", "pflege_pflbg", "altenpflege", "pflege_other", "school_based"]] = None
    training_start: Optional[date] = None
    part_time: Optional[StrictBool] = None
    lives_abroad: Optional[StrictBool] = None
    company_in_germany: Optional[StrictBool] = None
    residence_status: Optional[Literal["citizen", "eu", "work_permitted", "gestattung", "duldung",
                                       "employment_ban"]] = None
    entry_date: Optional[date] = None
    lawful_stay_months: Optional[StrictInt] = None
    decision_date: Optional[date] = Field(None, description="Tag der Förderentscheidung, Standard: heute")
    german_level: Optional[Level] = None
    berufseinstiegsbegleitung: Optional[StrictBool] = None
    disability: Optional[StrictBool] = None
    vorphase_months: Optional[StrictInt] = Field(None, description="Monate, die schon in einer Vorphase waren")
    hours_per_week: Optional[StrictInt] = None
    asa_supported_training: Optional[StrictBool] = None
    months_since_training_end: Optional[StrictInt] = None
    months_since_employment_start: Optional[StrictInt] = Field(
        None, description="Monate seit Beginn der Arbeitsstelle; null = keine Arbeitsstelle")
    age: Optional[StrictInt] = None
    has_trainee_or_eq: Optional[StrictBool] = None
    willing_to_train: Optional[StrictBool] = None
    first_time_training: Optional[StrictBool] = None

    class Config:
        extra = "forbid"


class ReasonOut(BaseModel):
    rule: str
    text: str
    source: str
    effect: str


class VerdictOut(BaseModel):
    outcome: Literal["likely_eligible", "not_eligible", "case_by_case", "incomplete"]
    phase: Optional[Literal["vorphase", "begleitende_phase", "nachbetreuung"]]
    reasons: List[ReasonOut]
    missing: List[str]
    next_step: str


class ErrorItem(BaseModel):
    field: str
    message: str


class ErrorOut(BaseModel):
    message: str
    errors: List[ErrorItem]


def invalid(field: str, message: str) -> JSONResponse:
    return JSONResponse(status_code=422, content={
        "message": f"Ungültige Angabe im Feld „{field}“: {message}",
        "errors": [{"field": field, "message": message}]})


@router.post("/eligibility", response_model=VerdictOut, responses={422: {"model": ErrorOut}},
             summary="Orientierung zur Teilnahme an der AsA")
def eligibility(request: EligibilityRequest):
    """Gives an orientation, never a decision: the Agentur für Arbeit or the Jobcenter decides."""
    values = request.dict(exclude_unset=True)
    if "months_since_employment_start" in values:
        values["employed"] = values["months_since_employment_start"] is not None
    try:
        verdict = assess(answers_from_values(values))
    except InvalidAnswer as exc:
        return invalid(exc.field, exc.message)
    return verdict.to_dict()
