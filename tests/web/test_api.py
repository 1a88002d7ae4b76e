"""POST /api/v1/eligibility: the contract, 422 cases, German messages."""

from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from bot.app import app

client = TestClient(app)
VORPHASE = {
    "audience": "youth",
    "situation": "looking_for_training",
    "school_obligation": False,
    "needs_support": True,
    "residence_status": "citizen",
    "lives_abroad": False,
    "vorphase_months": 0,
    "hours_per_week": 39,
    "berufseinstiegsbegleitung": False,
}


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
    assert body["missing"] == [
        "needs_support",
        "residence_status",
        "training_kind",
        "lives_abroad",
        "berufseinstiegsbegleitung",
    ]


def test_company():
    body = post(
        {"audience": "company", "has_trainee_or_eq": False, "willing_to_train": True, "company_in_germany": True}
    ).json()
    assert (body["outcome"], body["phase"]) == ("likely_eligible", "vorphase")
    assert "Arbeitgeber-Service" in body["next_step"]


def test_null_employment_means_not_employed():
    body = post(
        {
            "audience": "youth",
            "situation": "training_completed",
            "needs_support": True,
            "residence_status": "citizen",
            "asa_supported_training": True,
            "months_since_training_end": 3,
            "lives_abroad": False,
            "months_since_employment_start": None,
        }
    ).json()
    assert body["outcome"] == "likely_eligible" and body["phase"] == "nachbetreuung"
    absent = post(
        {
            "audience": "youth",
            "situation": "training_completed",
            "needs_support": True,
            "residence_status": "citizen",
            "asa_supported_training": True,
            "lives_abroad": False,
            "months_since_training_end": 3,
        }
    ).json()
    assert absent["missing"] == ["months_since_employment_start"]


def test_decision_date_drives_the_15_month_rule():
    body = dict(
        VORPHASE, residence_status="duldung", german_level="B1", entry_date="2024-01-10", transition_expected=True
    )
    assert post(dict(body, decision_date="2025-04-10")).json()["outcome"] == "likely_eligible"
    assert post(dict(body, decision_date="2025-04-09")).json()["outcome"] == "not_eligible"


@pytest.mark.parametrize(
    "body,field,message",
    [
        (dict(VORPHASE, vorphase_months=-1), "vorphase_months", "nicht negativ"),
        (dict(VORPHASE, german_level="Z9"), "german_level", "„Z9“ ist nicht erlaubt. Erlaubt: A1, A2, B1"),
        (
            dict(VORPHASE, residence_status="duldung", entry_date=(date.today() + timedelta(days=30)).isoformat()),
            "entry_date",
            "Zukunft",
        ),
        (dict(VORPHASE, favourite_colour="blau"), "favourite_colour", "Unbekanntes Feld."),
        (dict(VORPHASE, needs_support="vielleicht"), "needs_support", "Erwartet wird true oder false."),
        (dict(VORPHASE, hours_per_week="viele"), "hours_per_week", "Erwartet wird eine ganze Zahl."),
        (dict(VORPHASE, entry_date="März 2024"), "entry_date", "Erwartet wird ein Datum im Format JJJJ-MM-TT."),
        ({"situation": "in_training"}, "audience", "Pflichtfeld fehlt."),
        (dict(VORPHASE, audience="alien"), "audience", "„alien“ ist nicht erlaubt. Erlaubt: youth, "),
    ],
)
def test_bad_input_gives_422_in_german_naming_the_field(body, field, message):
    response = post(body)
    assert response.status_code == 422
    payload = response.json()
    assert field in [e["field"] for e in payload["errors"]]
    assert "Ungültige Angabe" in payload["message"] and field in payload["message"]
    assert message in next(e["message"] for e in payload["errors"] if e["field"] == field)


@pytest.mark.parametrize("raw", [b"{not json", b"[]", b"", b"\xff\xfe"])
def test_garbage_bodies_never_give_500(raw):
    response = client.post("/api/v1/eligibility", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body"


def test_openapi_documents_the_endpoint():
    schema = client.get("/openapi.json").json()
    operation = schema["paths"]["/api/v1/eligibility"]["post"]
    assert "422" in operation["responses"]
    assert client.get("/docs").status_code == 200


@pytest.mark.parametrize(
    "status", ["residence_permit", "recognised_refugee", "ausbildungsduldung", "beschaeftigungsduldung"]
)
def test_new_residence_statuses_are_accepted(status):
    response = post(
        dict(VORPHASE, residence_status=status, german_level="B1", permitted_stay_months=20, transition_expected=True)
    )
    assert response.status_code == 200 and response.json()["outcome"] == "likely_eligible"


@pytest.mark.parametrize(
    "kind,outcome", [("ausserbetrieblich", "not_eligible"), ("pflege_pflbg_altenpflege", "likely_eligible")]
)
def test_new_training_kinds_are_accepted(kind, outcome):
    body = {
        "audience": "youth",
        "situation": "in_training",
        "needs_support": True,
        "residence_status": "citizen",
        "training_kind": kind,
        "training_start": "2023-09-01",
        "lives_abroad": False,
        "berufseinstiegsbegleitung": False,
    }
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


def test_liveness_needs_only_the_web_app_while_readiness_checks_the_chain(monkeypatch):
    # nothing listens on port 9 of loopback: Rasa and the action server are "down"
    monkeypatch.setenv("RASA_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("ACTIONS_URL", "http://127.0.0.1:9")
    assert client.get("/livez").json() == {"status": "ok"}
    deep = client.get("/healthz")
    assert deep.status_code == 503 and deep.json()["checks"] == {"rasa": False, "actions": False}
    assert post(VORPHASE).status_code == 200  # the API does not need Rasa
    assert client.get("/datenschutz").status_code == 200


@pytest.mark.parametrize(
    "value",
    [
        "https://*.example.de",
        "https://www.example.de?",
        "https://[a-z].example.de",
        "https://www\\.example\\.de",
        "www.example.de",
        "https://www.example.de/chat",
    ],
)
def test_origins_that_cors_would_read_as_patterns_or_that_are_no_origins_are_refused(value):
    from bot.settings import OriginError, split_origins

    with pytest.raises(OriginError, match="ALLOWED_ORIGINS"):
        split_origins(f"http://localhost:8000, {value}")


def test_exact_origins_are_accepted_by_comma_or_space():
    from bot.settings import split_origins

    assert split_origins("https://www.example.de, http://localhost:8000 https://chat.example-agentur.de") == [
        "https://www.example.de",
        "http://localhost:8000",
        "https://chat.example-agentur.de",
    ]


def test_the_start_check_refuses_a_pattern_with_a_clear_message():
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {"ALLOWED_ORIGINS": "https://*.example.de", "PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "bot.settings"], cwd=root, env=env, capture_output=True, text=True)
    assert done.returncode != 0 and "Musterzeichen" in done.stderr and "Traceback" not in done.stderr
    env["ALLOWED_ORIGINS"] = "https://www.example.de"
    assert subprocess.run([sys.executable, "-m", "bot.settings"], cwd=root, env=env).returncode == 0


def test_a_large_form_is_refused_before_it_is_parsed(monkeypatch):
    import starlette.formparsers

    def never(*args, **kwargs):
        raise AssertionError("the form was parsed")

    monkeypatch.setattr(starlette.formparsers.FormParser, "parse", never)
    monkeypatch.setattr(starlette.formparsers.MultiPartParser, "parse", never)
    big = "user=a&password=" + "x" * (5 * 1024 * 1024)
    response = client.post("/hotline/login", content=big, headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413
    assert response.json()["message"] == "Die Anfrage ist zu groß. Erlaubt sind höchstens 64 KiB."
    multipart = client.post("/hotline/login", files={"password": ("p.txt", b"x" * (200 * 1024))})
    assert multipart.status_code == 413


def test_a_chunked_body_without_length_is_cut_off_at_the_limit():
    def chunks():
        for _ in range(100):
            yield b"x" * 4096  # 400 KiB in all, no Content-Length

    response = client.post("/api/v1/eligibility", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert post(VORPHASE).status_code == 200  # ordinary requests pass


def test_a_forged_host_is_refused():
    assert client.get("/livez", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/livez", headers={"host": "localhost:8000"}).status_code == 200
