"""Configuration from the environment (no secrets in the repository)."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Settings:
    rasa_url: str = field(default_factory=lambda: os.environ.get("RASA_URL", "http://127.0.0.1:5005"))
    actions_url: str = field(default_factory=lambda: os.environ.get("ACTIONS_URL", "http://127.0.0.1:5055"))
    # Rasa's HTTP API is only reachable with this token; make run generates one per start.
    rasa_token: str = field(default_factory=lambda: os.environ.get("RASA_TOKEN", ""))


def new_token() -> str:
    return secrets.token_urlsafe(24)


def get_settings() -> Settings:
    return Settings()
