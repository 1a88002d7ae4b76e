"""Configuration from the environment (no secrets in the repository)."""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import List
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


# Sanic-Cors (Rasa's CORS) reads an origin with one of these characters as a regular expression,
# so "https://*.example.de" would also admit "https://evil.example.de.attacker.org"; the advisory
# has no fixed release for Rasa 3.6, so such entries are refused instead of passed on.
PATTERN_CHARACTERS = frozenset("*?[]\\")
_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$")


class OriginError(ValueError):
    """An ALLOWED_ORIGINS entry that must not reach the CORS configuration."""


def split_origins(value: str) -> List[str]:
    """ALLOWED_ORIGINS: exact origins (scheme://host[:port]) separated by commas or spaces."""
    origins = value.replace(",", " ").split()
    for origin in origins:
        if PATTERN_CHARACTERS & set(origin):
            raise OriginError(
                f"ALLOWED_ORIGINS: „{origin}“ enthält ein Musterzeichen (* ? [ ] \\). Bitte jede Website "
                "einzeln und genau angeben, z. B. https://www.example.de"
            )
        if not _ORIGIN.match(origin):
            raise OriginError(
                f"ALLOWED_ORIGINS: „{origin}“ ist keine Origin. Erwartet: Schema und Host ohne Pfad, "
                "z. B. https://www.example.de oder http://localhost:8000"
            )
    return origins


@dataclass(frozen=True)
class Settings:
    rasa_url: str = field(default_factory=lambda: _env("RASA_URL", "http://127.0.0.1:5005"))
    actions_url: str = field(default_factory=lambda: _env("ACTIONS_URL", "http://127.0.0.1:5055"))
    # Rasa's HTTP API is only reachable with this token; make run generates one per start.
    rasa_token: str = field(default_factory=lambda: _env("RASA_TOKEN", ""))
    # the tracker store the Rasa server uses (insights read it)
    endpoints_file: Path = field(default_factory=lambda: Path(_env("RASA_ENDPOINTS", str(ROOT / "endpoints.yml"))))
    # hotline tool
    hotline_users: str = field(default_factory=lambda: _env("HOTLINE_USERS", ""))
    hotline_users_file: Path = field(
        default_factory=lambda: Path(_env("HOTLINE_USERS_FILE", str(ROOT / "var" / "hotline_users.json")))
    )
    hotline_db: Path = field(default_factory=lambda: Path(_env("HOTLINE_DB", str(ROOT / "var" / "hotline.db"))))
    # "sqlite" (the file HOTLINE_DB) or "postgresql" (the tracker store's database, DB_* variables),
    # so that several web instances share sessions, lock-outs and the audit log
    hotline_store: str = field(default_factory=lambda: _env("HOTLINE_STORE", "sqlite").lower())
    # Secure cookies are only sent over HTTPS; browsers treat http://localhost as secure too.
    cookie_secure: bool = field(default_factory=lambda: _env("HOTLINE_COOKIE_SECURE", "1") != "0")
    session_idle_minutes: int = field(default_factory=lambda: int(_env("HOTLINE_SESSION_MINUTES", "30")))
    max_login_failures: int = field(default_factory=lambda: int(_env("HOTLINE_MAX_FAILURES", "5")))
    lockout_minutes: int = field(default_factory=lambda: int(_env("HOTLINE_LOCKOUT_MINUTES", "15")))
    # the Rasa REST channel as browsers reach it (the widget's bot URL on the demo page)
    public_bot_url: str = field(default_factory=lambda: _env("PUBLIC_BOT_URL", ""))
    # sites that may embed the widget and call the web app (CORS); separated by commas or spaces
    allowed_origins: List[str] = field(
        default_factory=lambda: split_origins(_env("ALLOWED_ORIGINS", "http://localhost:8000 http://127.0.0.1:8000"))
    )
    # host names the web app answers to (Host header); anything else gets 400, so a forged Host
    # cannot end up in redirects or links. Separated by commas or spaces; "*." allows subdomains.
    allowed_hosts: List[str] = field(
        default_factory=lambda: _env("ALLOWED_HOSTS", "localhost 127.0.0.1 ::1").replace(",", " ").split()
    )
    retention_days: int = field(default_factory=lambda: int(_env("RETENTION_DAYS", "30")))
    # every request body of the web app (forms, API); larger ones get 413 before they are parsed
    max_body_bytes: int = field(default_factory=lambda: int(_env("MAX_BODY_BYTES", str(64 * 1024))))

    @property
    def hotline_db_url(self) -> str:
        if self.hotline_store == "sqlite":
            return f"sqlite:///{self.hotline_db}"
        if self.hotline_store != "postgresql":
            raise ValueError(f"HOTLINE_STORE: „{self.hotline_store}“ gibt es nicht. Erlaubt: sqlite, postgresql")
        user, password = quote(_env("DB_USER", "asa"), safe=""), quote(_env("DB_PASSWORD", ""), safe="")
        host, port, name = _env("DB_HOST", "127.0.0.1"), _env("DB_PORT", "5432"), _env("DB_NAME", "asa")
        return f"postgresql://{user}:{password}@{host}:{port}/{name}"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def get_settings() -> Settings:
    return Settings()


if __name__ == "__main__":
    # the deploy files run this before "rasa run --cors", which would take the entries as patterns
    import sys

    try:
        split_origins(_env("ALLOWED_ORIGINS", ""))
    except OriginError as error:
        sys.exit(str(error))
