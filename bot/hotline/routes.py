"""/hotline: the reference tool for hotline staff (server-rendered, behind a login)."""

from __future__ import annotations

import re
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Optional
from urllib.parse import quote

import httpx
from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from bot.hotline import accounts, check_form, conversations, insights
from bot.hotline.search import MAX_QUERY_CHARS, search
from bot.hotline.store import HotlineStore
from bot.settings import ROOT, Settings, get_settings
from bot.tracker_db import tracker_db_url
from knowledge import brochure_sections, topics

COOKIE = "asa_hotline"
templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))
router = APIRouter(prefix="/hotline", include_in_schema=False)


class LoginRequired(Exception):
    def __init__(self, next_url: str):
        self.next_url = next_url


@lru_cache(maxsize=4)
def _store(url: str, idle: int, failures: int, lock: int) -> HotlineStore:
    return HotlineStore(url, idle_seconds=idle, max_failures=failures, lock_seconds=lock)


def get_store(settings: Settings = Depends(get_settings)) -> HotlineStore:
    return _store(
        settings.hotline_db_url,
        settings.session_idle_minutes * 60,
        settings.max_login_failures,
        settings.lockout_minutes * 60,
    )


class Staff:
    def __init__(self, account: str, csrf: str, session_id: str):
        self.account, self.csrf, self.session_id = account, csrf, session_id


def staff(request: Request, store: HotlineStore = Depends(get_store)) -> Staff:
    session_id = request.cookies.get(COOKIE)
    session = store.session(session_id)
    if session is None or session_id is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target)
    return Staff(session[0], session[1], session_id)


def _check_csrf(user: Staff, token: str) -> None:
    if not secrets.compare_digest(token.encode(), user.csrf.encode()):
        raise HTTPException(status_code=403, detail="Das Formular ist abgelaufen. Bitte die Seite neu laden.")


def page(request: Request, template: str, user: Optional[Staff], status_code: int = 200, **context) -> Response:
    # staff must see that the brochure passages are missing, not just find them absent
    brochure_missing = user is not None and not brochure_sections()
    return templates.TemplateResponse(
        request, template, {"user": user, "brochure_missing": brochure_missing, **context}, status_code=status_code
    )


def _safe_next(target: str) -> str:
    # only paths inside the tool: no open redirect to other hosts
    return target if re.match(r"^/hotline(/[\w/-]*)?(\?[^\\]*)?$", target or "") else "/hotline"


# login / logout
@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/hotline"):  # noqa: A002 - query parameter name
    return page(request, "hotline/login.html", None, next=_safe_next(next), error="")


@router.post("/login")
def login(
    request: Request,
    name: str = Form(""),
    password: str = Form(""),
    next: str = Form("/hotline"),  # noqa: A002
    settings: Settings = Depends(get_settings),
    store: HotlineStore = Depends(get_store),
):
    account = name.strip().lower()[:40]
    wait = store.locked_for(account)
    if wait:
        minutes = int(wait // 60) + 1
        return page(
            request,
            "hotline/login.html",
            None,
            status_code=429,
            next=_safe_next(next),
            error=f"Zu viele Fehlversuche. Bitte in {minutes} Minuten erneut versuchen.",
        )
    known = accounts.load_accounts(settings.hotline_users, settings.hotline_users_file)
    if not known or not accounts.verify(known, account, password):
        store.record_failure(account)
        error = (
            "Es ist noch kein Konto eingerichtet (make hotline-user)."
            if not known
            else "Name oder Passwort ist falsch."
        )
        return page(request, "hotline/login.html", None, status_code=401, next=_safe_next(next), error=error)
    store.clear_failures(account)
    session_id, _ = store.open_session(account)
    store.audit(account, "login", "")
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        COOKIE,
        session_id,
        httponly=True,
        secure=settings.cookie_secure,
        samesite="strict",
        path="/hotline",
        max_age=settings.session_idle_minutes * 60 * 16,
    )
    return response


@router.post("/logout")
def logout(csrf: str = Form(""), user: Staff = Depends(staff), store: HotlineStore = Depends(get_store)):
    _check_csrf(user, csrf)
    store.close_session(user.session_id)
    store.audit(user.account, "logout", "")
    response = RedirectResponse("/hotline/login?abgemeldet=1", status_code=303)
    response.delete_cookie(COOKIE, path="/hotline")
    return response


# search and topics
@router.get("", response_class=HTMLResponse)
async def search_page(
    request: Request, q: str = "", user: Staff = Depends(staff), settings: Settings = Depends(get_settings)
):
    result, error = None, ""
    if q.strip():
        try:
            result = await search(q, settings.rasa_url, settings.rasa_token)
        except httpx.HTTPError:
            error = "Die Suche ist gerade nicht erreichbar (Rasa-Server). Bitte gleich noch einmal versuchen."
    return page(
        request,
        "hotline/search.html",
        user,
        q=q[:MAX_QUERY_CHARS],
        result=result,
        error=error,
        max_chars=MAX_QUERY_CHARS,
        status_code=503 if error else 200,
    )


def _chapter_key(chapter: str):
    first = chapter.split(",")[0].strip()
    return [int(p) if p.isdigit() else 0 for p in first.split(".")] if first[0].isdigit() else [99]


@router.get("/themen", response_class=HTMLResponse)
def topics_page(request: Request, user: Staff = Depends(staff)):
    ordered = sorted(topics().values(), key=lambda t: (_chapter_key(t.chapter), t.title))
    return page(request, "hotline/topics.html", user, topics=ordered)


# eligibility check
@router.get("/check", response_class=HTMLResponse)
def check_page(request: Request, user: Staff = Depends(staff)):
    return page(request, "hotline/check.html", user, result=check_form.evaluate({}), register="parent")


@router.post("/check", response_class=HTMLResponse)
async def check_submit(request: Request, user: Staff = Depends(staff)):
    form = {k: str(v) for k, v in (await request.form()).items()}
    _check_csrf(user, form.pop("csrf", ""))
    register = form.pop("register", "parent")
    register = register if register in ("du", "parent") else "parent"
    result = check_form.evaluate(form, register=register)
    return page(
        request, "hotline/check.html", user, result=result, register=register, status_code=422 if result.errors else 200
    )


# conversation lookup
@router.get("/gespraech", response_class=HTMLResponse)
async def conversation_page(
    request: Request,
    id: str = "",
    user: Staff = Depends(staff),  # noqa: A002
    settings: Settings = Depends(get_settings),
    store: HotlineStore = Depends(get_store),
):
    conversation_id = id.strip()
    transcript, error, status = None, "", 200
    if conversation_id:
        if not conversations.CONVERSATION_ID.match(conversation_id):
            error, status = "Diese Gesprächsnummer hat nicht das richtige Format.", 422
        else:
            store.audit(user.account, "conversation_lookup", conversation_id)
            try:
                transcript = await conversations.fetch_transcript(
                    conversation_id, settings.rasa_url, settings.rasa_token
                )
            except httpx.HTTPError:
                error, status = "Der Rasa-Server ist gerade nicht erreichbar.", 503
            if transcript is None and not error:
                error, status = "Zu dieser Gesprächsnummer gibt es kein Gespräch (oder es wurde gelöscht).", 404
    return page(
        request,
        "hotline/conversation.html",
        user,
        conversation_id=conversation_id[:128],
        transcript=transcript,
        error=error,
        status_code=status,
    )


# insights
@router.get("/auswertung", response_class=HTMLResponse)
def insights_page(
    request: Request, days: int = 30, user: Staff = Depends(staff), settings: Settings = Depends(get_settings)
):
    days = min(max(days, 1), 365)
    url = tracker_db_url(settings.endpoints_file, ROOT)
    figures = insights.collect(url, days) if url else None
    charts = insights.charts_svg(figures) if figures else {}
    return page(request, "hotline/insights.html", user, figures=figures, charts=charts, days=days)


def login_redirect(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)  # registered for LoginRequired only (bot/app.py)
    return RedirectResponse(f"/hotline/login?next={quote(_safe_next(exc.next_url), safe='/')}", status_code=303)
