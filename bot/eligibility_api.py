"""POST /api/v1/eligibility: the rules module as a JSON API (same verdict as the chat)."""

from __future__ import annotations

from datetime import date
from typing import Any, Dict, List, Literal, Optional, Tuple

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, create_model

from actions.eligibility import InvalidAnswer, assess, schema
from actions.eligibility.model import answers_from_values

router = APIRouter(prefix="/api/v1", tags=["Eligibility"])

_TYPES = {"bool": StrictBool, "int": StrictInt, "date": date}
_DESCRIPTIONS = {
    "audience": "youth: junger Mensch; company: Betrieb",
    "months_since_employment_start": "Monate seit Beginn der Arbeitsstelle; null = keine Arbeitsstelle",
    "decision_date": "Tag der Förderentscheidung, Standard: heute",
}


def _request_fields() -> Dict[str, Tuple[Any, Any]]:
    """Pydantic fields from the one answer schema (actions/eligibility/schema.py).

    `employed` is not a field: the API reads it from months_since_employment_start (null = none).
    A renamed field keeps its old name as a deprecated alias for one release.
    """
    fields: Dict[str, Tuple[Any, Any]] = {}
    for q in schema.QUESTIONS:
        if q.name == "employed":
            continue
        kind = Literal[q.values] if q.kind == "choice" else _TYPES[q.kind]
        description = _DESCRIPTIONS.get(q.name, q.label)
        if q.name == "audience":
            fields[q.name] = (kind, Field(..., description=description))
            continue
        fields[q.name] = (Optional[kind], Field(None, description=description))
        if q.deprecated_alias:
            fields[q.deprecated_alias] = (
                Optional[kind],
                Field(None, description=f"Veraltet, heißt jetzt `{q.name}`; wird im nächsten Release entfernt."),
            )
    return fields


class _Forbid(BaseModel):
    model_config = ConfigDict(extra="forbid")


# built from the schema, one field per question: the type checker only sees a model class
EligibilityRequest: Any = create_model("EligibilityRequest", __base__=_Forbid, **_request_fields())  # type: ignore[call-overload]
EligibilityRequest.__doc__ = (
    "Answers of the eligibility check. Missing answers give outcome `incomplete` with "
    "`missing`. Types are checked here; value rules live in the rules module."
)


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
    return JSONResponse(
        status_code=422,
        content={
            "message": f"Ungültige Angabe im Feld „{field}“: {message}",
            "errors": [{"field": field, "message": message}],
        },
    )


@router.post(
    "/eligibility",
    response_model=VerdictOut,
    responses={422: {"model": ErrorOut}},
    summary="Orientierung zur Teilnahme an der AsA",
)
def eligibility(request: EligibilityRequest):
    """Gives an orientation, never a decision: the Agentur für Arbeit or the Jobcenter decides."""
    values = request.model_dump(exclude_unset=True)
    for old, new in schema.DEPRECATED_ALIASES.items():
        if old in values:
            if new in values and values[new] != values[old]:
                return invalid(old, f"Widerspricht „{new}“. Bitte nur „{new}“ senden.")
            values[new] = values.pop(old)
    if "months_since_employment_start" in values:
        values["employed"] = values["months_since_employment_start"] is not None
    try:
        verdict = assess(answers_from_values(values))
    except InvalidAnswer as exc:
        return invalid(exc.field, exc.message)
    return verdict.to_dict()
