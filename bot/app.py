"""FastAPI web app on port 8000: /healthz, the APIs, the demo page with the chat widget, the hotline tool."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import httpx
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.trustedhost import TrustedHostMiddleware
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from bot.body_limit import BodyLimit
from bot.conversations_api import router as conversations_router
from bot.eligibility_api import router as eligibility_router
from bot.hotline.routes import LoginRequired, login_redirect, templates
from bot.hotline.routes import router as hotline_router
from bot.settings import get_settings

STATIC = Path(__file__).resolve().parent / "static"

app = FastAPI(
    title="AsA-Assistent",
    description="Informationen und Orientierung zur Assistierten Ausbildung (§§ 74–75a SGB III). "
    "Die Entscheidung trifft die Agentur für Arbeit oder das Jobcenter.",
    version="1.0.0",
)
app.include_router(eligibility_router)
app.include_router(conversations_router)
app.include_router(hotline_router)
# the widget runs on other sites (Agentur, Bildungsträger, chambers): only those configured may call us
app.add_middleware(
    CORSMiddleware,
    allow_origins=get_settings().allowed_origins,
    allow_methods=["GET", "POST", "DELETE"],
    allow_headers=["Content-Type"],
)
app.add_middleware(TrustedHostMiddleware, allowed_hosts=get_settings().allowed_hosts)
# added last, so it runs first: nothing is parsed before the size is known to be acceptable
app.add_middleware(BodyLimit, max_bytes=get_settings().max_body_bytes)
app.add_exception_handler(LoginRequired, login_redirect)
app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")


def _bot_origin() -> str:
    """Where the demo page's widget sends messages (the Rasa REST channel)."""
    url = urlsplit(get_settings().public_bot_url or "http://127.0.0.1:5005")
    return f"{url.scheme}://{url.netloc}"


_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    # inline styles only for the server-rendered SVG charts; no inline scripts anywhere;
    # the widget may talk to the Rasa server and nowhere else
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    f"img-src 'self' data:; connect-src 'self' {_bot_origin()}; "
    "frame-ancestors 'none'; form-action 'self'",
}


@app.middleware("http")
async def security_headers(request: Request, call_next):
    response = await call_next(request)
    for name, value in _SECURITY_HEADERS.items():
        # FastAPI's API docs load Swagger UI from its CDN; the rest of the app uses no third party
        if name == "Content-Security-Policy" and request.url.path in ("/docs", "/redoc"):
            continue
        response.headers.setdefault(name, value)
    if request.url.path.startswith("/hotline"):
        # staff pages carry personal data: never cached, never indexed
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Robots-Tag"] = "noindex"
    return response


# pydantic's error types in plain German, so API clients can show them to people
_DATE = "Erwartet wird ein Datum im Format JJJJ-MM-TT."
_GERMAN = {
    "extra_forbidden": "Unbekanntes Feld.",
    "missing": "Pflichtfeld fehlt.",
    "bool_type": "Erwartet wird true oder false.",
    "bool_parsing": "Erwartet wird true oder false.",
    "int_type": "Erwartet wird eine ganze Zahl.",
    "int_parsing": "Erwartet wird eine ganze Zahl.",
    "int_from_float": "Erwartet wird eine ganze Zahl.",
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "greater_than_equal": "Der Wert ist zu klein (nicht negativ).",
    "less_than_equal": "Der Wert ist zu groß.",
    "json_invalid": "Der Inhalt ist kein gültiges JSON.",
    "model_attributes_type": "Erwartet wird ein JSON-Objekt.",
    "dict_type": "Erwartet wird ein JSON-Objekt.",
}


def _german(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "literal_error":
        # pydantic lists them in English ("'a', 'b' or 'c'")
        allowed = (error.get("ctx") or {}).get("expected", "").replace("'", "").replace(" or ", ", ")
        return f"„{error.get('input')}“ ist nicht erlaubt. Erlaubt: {allowed}."
    return _GERMAN.get(kind, "Ungültiger Wert.")


@app.exception_handler(RequestValidationError)
async def german_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = []
    for error in exc.errors():
        # the position inside an unreadable body ("body", 7) is no field
        location = (
            []
            if error.get("type") == "json_invalid"
            else [str(part) for part in error.get("loc", ()) if part != "body"]
        )
        errors.append({"field": ".".join(location) or "body", "message": _german(error)})
    first = errors[0] if errors else {"field": "body", "message": "Ungültige Anfrage."}
    return JSONResponse(
        status_code=422,
        content=jsonable_encoder(
            {"message": f"Ungültige Angabe im Feld „{first['field']}“: {first['message']}", "errors": errors}
        ),
    )


@app.get("/livez", tags=["Betrieb"], summary="200, solange die Web-App selbst läuft")
async def livez() -> JSONResponse:
    # liveness must not depend on Rasa: a Rasa outage would otherwise restart the web app too,
    # and take the API, the privacy page and the hotline down with it
    return JSONResponse({"status": "ok"})


@app.get("/healthz", tags=["Betrieb"], summary="200 nur, wenn der Bot antwortet")
async def healthz() -> JSONResponse:
    settings = get_settings()
    checks = {}
    async with httpx.AsyncClient(timeout=5.0) as client:
        try:
            parsed = await client.post(
                f"{settings.rasa_url}/model/parse", params={"token": settings.rasa_token}, json={"text": "hallo"}
            )
            checks["rasa"] = parsed.status_code == 200 and bool(parsed.json().get("intent", {}).get("name"))
        except (httpx.HTTPError, ValueError):
            checks["rasa"] = False
        try:
            checks["actions"] = (await client.get(f"{settings.actions_url}/health")).status_code == 200
        except httpx.HTTPError:
            checks["actions"] = False
    healthy = all(checks.values())
    return JSONResponse(
        status_code=200 if healthy else 503, content={"status": "ok" if healthy else "starting", "checks": checks}
    )


@app.get("/", response_class=HTMLResponse, include_in_schema=False)
def index(request: Request):
    """Demo page: the chat widget, embedded with its one script tag."""
    settings = get_settings()
    base = str(request.base_url).rstrip("/")
    bot_url = settings.public_bot_url or _bot_origin()
    return templates.TemplateResponse(request, "site/index.html", {"base": base, "bot_url": bot_url})


@app.get("/datenschutz", response_class=HTMLResponse, include_in_schema=False)
def privacy(request: Request):
    return templates.TemplateResponse(request, "site/privacy.html", {"retention_days": get_settings().retention_days})
