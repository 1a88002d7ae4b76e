"""Hotline tool without the running bot: login, lock-out, sessions, CSRF, the check form."""

from __future__ import annotations

import json
import re
import time
from datetime import date

import pytest
from fastapi.testclient import TestClient

from bot.hotline import accounts, check_form
from bot.hotline.store import HotlineStore

PASSWORD = "ein-langes-passwort-1"
PROTECTED_GET = [
    "/hotline",
    "/hotline?q=kosten",
    "/hotline/themen",
    "/hotline/check",
    "/hotline/gespraech?id=abc123",
    "/hotline/auswertung",
]


@pytest.fixture
def client(tmp_path, monkeypatch):
    monkeypatch.setenv("HOTLINE_USERS", f"anna:{accounts.hash_password(PASSWORD)}")
    monkeypatch.setenv("HOTLINE_DB", str(tmp_path / "hotline.db"))
    monkeypatch.setenv("HOTLINE_MAX_FAILURES", "3")
    monkeypatch.setenv("RASA_ENDPOINTS", str(tmp_path / "endpoints.yml"))
    (tmp_path / "endpoints.yml").write_text(
        f'tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: "{tmp_path}/t.db"\n'
    )
    from bot.app import app

    # https: the session cookie is Secure and must not travel over plain http
    return TestClient(app, base_url="https://testserver")


def login(client, name="anna", password=PASSWORD, next_url="/hotline"):
    return client.post(
        "/hotline/login", data={"name": name, "password": password, "next": next_url}, follow_redirects=False
    )


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


@pytest.mark.parametrize("url", PROTECTED_GET)
def test_every_page_redirects_to_login_when_not_logged_in(client, url):
    response = client.get(url, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/hotline/login?next=")


@pytest.mark.parametrize("url", ["/hotline/check", "/hotline/logout"])
def test_posts_redirect_to_login_when_not_logged_in(client, url):
    assert client.post(url, data={"csrf": "x"}, follow_redirects=False).status_code == 303


def test_login_keeps_the_requested_page_but_never_leaves_the_tool(client):
    assert login(client, next_url="/hotline/themen").headers["location"] == "/hotline/themen"
    assert login(client, next_url="https://example.org/phish").headers["location"] == "/hotline"
    assert login(client, next_url="//example.org").headers["location"] == "/hotline"


def test_wrong_password_is_refused_without_a_session(client):
    response = login(client, password="falsch-falsch-falsch")
    assert response.status_code == 401
    assert "Name oder Passwort ist falsch." in response.text
    assert "asa_hotline" not in response.headers.get("set-cookie", "")
    assert client.get("/hotline/themen", follow_redirects=False).status_code == 303


def test_session_cookie_is_httponly_secure_and_strict(client):
    cookie = login(client).headers["set-cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=strict" in cookie and "Path=/hotline" in cookie


def test_lock_out_after_repeated_failures_even_with_the_right_password(client):
    for _ in range(3):
        assert login(client, password="falsch-falsch-falsch").status_code == 401
    locked = login(client)
    assert locked.status_code == 429
    assert "Zu viele Fehlversuche" in locked.text
    # another account is not affected
    assert login(client, name="bernd", password="egal-egal-egal").status_code == 401


def test_logout_ends_the_session_on_the_server(client):
    login(client)
    page = client.get("/hotline/themen")
    assert page.status_code == 200
    cookie = client.cookies.get("asa_hotline")
    copy = {"Cookie": f"asa_hotline={cookie}"}
    assert TestClient(client.app, base_url="https://testserver").get("/hotline/themen", headers=copy).status_code == 200
    response = client.post("/hotline/logout", data={"csrf": csrf_of(page.text)}, follow_redirects=False)
    assert response.status_code == 303
    # even a copy of the old cookie no longer opens a page
    fresh = TestClient(client.app, base_url="https://testserver")
    assert fresh.get("/hotline/themen", headers=copy, follow_redirects=False).status_code == 303


def test_logout_and_check_need_the_csrf_token(client):
    login(client)
    assert client.post("/hotline/logout", data={"csrf": "gefälscht"}).status_code == 403
    assert client.post("/hotline/check", data={"audience": "youth"}).status_code == 403
    assert client.get("/hotline/themen").status_code == 200


def test_pages_are_not_cached_and_carry_security_headers(client):
    login(client)
    response = client.get("/hotline/themen")
    assert response.headers["cache-control"] == "no-store"
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"


def test_a_missing_brochure_is_said_plainly(client, tmp_path, monkeypatch):
    import knowledge

    login(client)
    # a brochure of its own, so the test does not depend on where ../shared/seed is on this machine
    seed = tmp_path / "seed"
    seed.mkdir()
    (seed / "broschuere.txt").write_text("1 Einleitung\nDie AsA hilft.\n", encoding="utf-8")
    monkeypatch.setattr(knowledge, "SEED_DIR", seed)
    knowledge.brochure_sections.cache_clear()
    try:
        assert "Broschüre fehlt" not in client.get("/hotline/themen").text
        monkeypatch.setattr(knowledge, "SEED_DIR", tmp_path / "kein-ordner")
        knowledge.brochure_sections.cache_clear()
        html = client.get("/hotline/themen").text
    finally:
        knowledge.brochure_sections.cache_clear()  # recomputed with the real folder after the test
    assert "Der Text der Broschüre fehlt auf diesem Server" in html and "ASA_SEED_DIR" in html


def test_topics_page_lists_every_topic_with_both_registers(client):
    from knowledge import topics

    login(client)
    html = client.get("/hotline/themen").text
    assert html.count('<details class="card"') == len(topics())
    first = next(iter(topics().values()))
    assert first.du.split(".")[0][:40] in html.replace("&#34;", '"')


def test_session_expires_after_the_idle_time(tmp_path, monkeypatch):
    store = HotlineStore(f"sqlite:///{tmp_path}/s.db", idle_seconds=60, max_failures=3, lock_seconds=60)
    session_id, _ = store.open_session("anna")
    assert store.session(session_id)[0] == "anna"
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 61)
    assert store.session(session_id) is None


def test_lock_ends_after_the_lock_time(tmp_path, monkeypatch):
    store = HotlineStore(f"sqlite:///{tmp_path}/s.db", idle_seconds=60, max_failures=2, lock_seconds=600)
    store.record_failure("anna")
    store.record_failure("anna")
    assert 590 < store.locked_for("anna") <= 600
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 601)
    assert store.locked_for("anna") == 0


def test_accounts_file_holds_only_hashes(tmp_path):
    file = tmp_path / "users.json"
    accounts.save_account(file, "carla", "sehr-geheimes-passwort")
    stored = json.loads(file.read_text())
    assert "sehr-geheimes-passwort" not in file.read_text() and stored["carla"].startswith("$argon2")
    assert accounts.verify(accounts.load_accounts(None, file), "Carla ", "sehr-geheimes-passwort")
    assert not accounts.verify(accounts.load_accounts(None, file), "carla", "sehr-geheimes-passwor")
    with pytest.raises(ValueError):
        accounts.save_account(file, "dora", "kurz")


def test_check_form_shows_only_what_the_rules_still_need():
    start = check_form.evaluate({})
    assert [f.name for f in start.fields] == ["audience"]
    company = check_form.evaluate({"audience": "company"})
    names = [f.name for f in company.fields]
    assert "has_trainee_or_eq" in names and "situation" not in names
    youth = check_form.evaluate({"audience": "youth", "situation": "looking_for_training"})
    names = [f.name for f in youth.fields]
    assert {"hours_per_week", "vorphase_months", "school_obligation"} <= set(names)
    assert "training_kind" not in names and "has_trainee_or_eq" not in names


def test_check_form_flags_impossible_answers_in_german():
    result = check_form.evaluate(
        {"audience": "youth", "situation": "looking_for_training", "vorphase_months": "-2", "hours_per_week": "viele"}
    )
    assert result.errors["hours_per_week"] == "Bitte eine ganze Zahl eingeben."
    assert "vorphase_months" in result.errors and not result.summary


YOUTH_VORPHASE = {
    "audience": "youth",
    "situation": "looking_for_training",
    "school_obligation": "false",
    "needs_support": "true",
    "residence_status": "citizen",
    "lives_abroad": "false",
    "vorphase_months": "0",
    "hours_per_week": "39",
    "berufseinstiegsbegleitung": "false",
}


def test_check_form_gives_the_same_verdict_as_the_api(client):
    login(client)
    page = client.get("/hotline/check")
    response = client.post("/hotline/check", data={**YOUTH_VORPHASE, "register": "du", "csrf": csrf_of(page.text)})
    assert response.status_code == 200
    api = client.post(
        "/api/v1/eligibility",
        json={
            "audience": "youth",
            "situation": "looking_for_training",
            "school_obligation": False,
            "needs_support": True,
            "residence_status": "citizen",
            "lives_abroad": False,
            "vorphase_months": 0,
            "hours_per_week": 39,
            "berufseinstiegsbegleitung": False,
        },
    ).json()
    assert api["outcome"] == "likely_eligible" and api["phase"] == "vorphase"
    assert "Du kommst wahrscheinlich für die AsA in Frage – für die Vorphase." in response.text
    for reason in api["reasons"]:
        assert f"<code>{reason['rule']}</code>" in response.text
    assert api["next_step"] in response.text.replace("&#34;", '"').replace("&#39;", "'")


def test_check_form_summary_for_parents_speaks_about_the_child():
    result = check_form.evaluate(YOUTH_VORPHASE, register="parent", today=date(2026, 11, 28))
    assert result.summary.startswith("Gute Nachricht: Ihr Kind kommt wahrscheinlich")


def test_two_web_instances_on_one_database_share_sessions_and_lock_outs(tmp_path):
    # two stores with their own engines stand for two web instances (the scaled profile's
    # PostgreSQL version of this runs in tests/test_scaled.py)
    url = f"sqlite:///{tmp_path}/shared.db"
    first, second = (HotlineStore(url, idle_seconds=60, max_failures=3, lock_seconds=600) for _ in range(2))
    session_id, csrf = first.open_session("anna")
    assert second.session(session_id) == ("anna", csrf)
    second.close_session(session_id)
    assert first.session(session_id) is None
    first.record_failure("ben")
    second.record_failure("ben")
    assert first.locked_for("ben") == 0.0
    first.record_failure("ben")
    assert second.locked_for("ben") > 590  # the third failure, on the other instance, locks
    first.audit("anna", "search", "kosten")
    assert [row[1:] for row in second.audit_log()] == [("anna", "search", "kosten")]


def test_an_unknown_hotline_store_is_refused_clearly(monkeypatch):
    from bot.settings import get_settings

    monkeypatch.setenv("HOTLINE_STORE", "mongodb")
    with pytest.raises(ValueError, match="HOTLINE_STORE"):
        assert get_settings().hotline_db_url
    monkeypatch.setenv("HOTLINE_STORE", "postgresql")
    monkeypatch.setenv("DB_PASSWORD", "p@ss/wort")
    assert "p%40ss%2Fwort@" in get_settings().hotline_db_url


def test_insights_draw_their_charts_in_this_environment():
    from bot.hotline.insights import Insights, charts_svg

    figures = Insights(30, [("2026-12-01", 2, 5), ("2026-12-02", 1, 3)], 8, 3, 1, [("Kosten", 4)], [])
    charts = charts_svg(figures)
    assert set(charts) == {"per_day", "topics"} and all(svg.startswith("<svg") for svg in charts.values())
