"""POST /api/v1/eligibility: the contract, 422 cases, German messages."""
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from bot.app import app

client = TestClient(app)
VORPHASE = {"audience": "youth", "situation": "looking_for_training", "school_obligation": False,
            "needs_support": True, "residence_status": "citizen", "lives_abroad": False, "vorphase_months": 0,
            "hours_per_week": 39, "berufseinstiegsbegleitung": False}


def post(body):
    return client.post("/api/v1/eligibility", json=body)


def test_contract_fields_for_a_likely_eligible_youth():
    response = post(VORPHASE)
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"outcome", "phase", "reasons", "missing", "next_step"}
    assert (body["outcome"], body["phase"], body["missing"]) == ("likely_eligible", "vorphase", [])
    assert all(set(r) >= {"rule", "text", "source"} for r in body["reasons"])
    assert "V-PHASE" in [r["rule"] for r in body["reasons"]]


def test_missing_answers_give_incomplete_with_field_names():
    body = post({"audience": "youth", "situation": "in_training"}).json()
    assert body["outcome"] == "incomplete"
    assert body["missing"] == ["needs_support", "residence_status", "training_kind", "lives_abroad",
                               "berufseinstiegsbegleitung"]


def test_company():
    body = post({"audience": "company", "has_trainee_or_eq": False, "willing_to_train": True,
                 "company_in_germany": True}).json()
    assert (body["outcome"], body["phase"]) == ("likely_eligible", "vorphase")
    assert "Arbeitgeber-Service" in body["next_step"]


def test_null_employment_means_not_employed():
    body = post({"audience": "youth", "situation": "training_completed", "needs_support": True,
                 "residence_status": "citizen", "asa_supported_training": True, "months_since_training_end": 3,
                 "lives_abroad": False, "months_since_employment_start": None}).json()
    assert body["outcome"] == "likely_eligible" and body["phase"] == "nachbetreuung"
    absent = post({"audience": "youth", "situation": "training_completed", "needs_support": True,
                   "residence_status": "citizen", "asa_supported_training": True, "lives_abroad": False,
                   "months_since_training_end": 3}).json()
    assert absent["missing"] == ["months_since_employment_start"]


def test_decision_date_drives_the_15_month_rule():
    body = dict(VORPHASE, residence_status="duldung", german_level="B1", entry_date="2024-01-10",
                transition_expected=True)
    assert post(dict(body, decision_date="2025-04-10")).json()["outcome"] == "likely_eligible"
    assert post(dict(body, decision_date="2025-04-09")).json()["outcome"] == "not_eligible"


@pytest.mark.parametrize("body,field", [
    (dict(VORPHASE, vorphase_months=-1), "vorphase_months"),
    (dict(VORPHASE, german_level="Z9"), "german_level"),
    (dict(VORPHASE, residence_status="duldung", entry_date=(date.today() + timedelta(days=30)).isoformat()),
     "entry_date"),
    (dict(VORPHASE, favourite_colour="blau"), "favourite_colour"),
    (dict(VORPHASE, needs_support="ja"), "needs_support"),
    (dict(VORPHASE, hours_per_week="viele"), "hours_per_week"),
    (dict(VORPHASE, entry_date="März 2024"), "entry_date"),
    ({"situation": "in_training"}, "audience"),
    (dict(VORPHASE, audience="alien"), "audience"),
])
def test_bad_input_gives_422_in_german_naming_the_field(body, field):
    response = post(body)
    assert response.status_code == 422
    payload = response.json()
    assert field in [e["field"] for e in payload["errors"]]
    assert "Ungültige Angabe" in payload["message"] and field in payload["message"]


@pytest.mark.parametrize("raw", [b"{not json", b"[]", b"", b"\xff\xfe"])
def test_garbage_bodies_never_give_500(raw):
    response = client.post("/api/v1/eligibility", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422


def test_openapi_documents_the_endpoint():
    schema = client.get("/openapi.json").json()
    operation = schema["paths"]["/api/v1/eligibility"]["post"]
    assert "422" in operation["responses"]
    assert client.get("/docs").status_code == 200


@pytest.mark.parametrize("status", ["residence_permit", "recognised_refugee", "ausbildungsduldung",
                                    "beschaeftigungsduldung"])
def test_new_residence_statuses_are_accepted(status):
    response = post(dict(VORPHASE, residence_status=status, german_level="B1", permitted_stay_months=20,
                         transition_expected=True))
    assert response.status_code == 200 and response.json()["outcome"] == "likely_eligible"


@pytest.mark.parametrize("kind,outcome", [("ausserbetrieblich", "not_eligible"),
                                          ("pflege_pflbg_altenpflege", "likely_eligible")])
def test_new_training_kinds_are_accepted(kind, outcome):
    body = {"audience": "youth", "situation": "in_training", "needs_support": True, "residence_status": "citizen",
            "training_kind": kind, "training_start": "2023-09-01", "lives_abroad": False,
            "berufseinstiegsbegleitung": False}
    assert post(body).json()["outcome"] == outcome


def test_deprecated_lawful_stay_months_still_works_as_permitted_stay_months():
    body = dict(VORPHASE, residence_status="duldung", german_level="B1", transition_expected=True)
    old = post(dict(body, lawful_stay_months=15)).json()
    new = post(dict(body, permitted_stay_months=15)).json()
    assert old["outcome"] == new["outcome"] == "likely_eligible"
    assert post(dict(body, lawful_stay_months=10)).json()["missing"] == ["entry_date"]


def test_conflicting_old_and_new_field_name_is_a_422():
    body = dict(VORPHASE, residence_status="duldung", lawful_stay_months=10, permitted_stay_months=20)
    response = post(body)
    assert response.status_code == 422 and "permitted_stay_months" in response.json()["message"]


def test_company_missing_names_the_eligible_trainee_and_the_location():
    body = post({"audience": "company", "has_trainee_or_eq": True}).json()
    assert body["missing"] == ["trainee_eligible", "company_in_germany"]


def test_openapi_lists_every_schema_question():
    from actions.eligibility import schema
    properties = client.get("/openapi.json").json()["components"]["schemas"]["EligibilityRequest"]["properties"]
    assert {q.name for q in schema.QUESTIONS} - {"employed"} <= set(properties)
    assert properties["lawful_stay_months"].get("description", "").startswith("Veraltet")
