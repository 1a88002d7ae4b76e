"""The web app lives outside Rasa's pins: its own environment, current web stack, no Rasa import."""

import ast
import importlib.util
import re
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Rasa and what only Rasa's environment has
RASA_SIDE = {"rasa", "rasa_sdk", "sanic", "tensorflow", "aiohttp", "channels", "runtime", "components"}


def _release(name: str) -> tuple:
    return tuple(int(part) for part in re.findall(r"\d+", version(name))[:3])


def test_this_environment_has_the_current_web_stack_and_no_rasa():
    assert importlib.util.find_spec("rasa") is None and importlib.util.find_spec("sanic") is None
    assert _release("starlette") >= (1, 3, 1)  # CVE-2026-54283 and the older form-parsing advisories
    assert _release("pydantic") >= (2, 0, 0)


def test_the_web_app_imports_nothing_from_rasas_side():
    for path in sorted((ROOT / "bot").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else [])
            )
            for name in names:
                assert name.split(".")[0] not in RASA_SIDE, (path.relative_to(ROOT), name)


def test_the_tracker_store_url_keeps_its_password(tmp_path, monkeypatch):
    from bot.tracker_db import tracker_db_url

    # SQLAlchemy 2 masks the password in str(url); the web app must connect with the real one
    monkeypatch.setenv("DB_PASSWORD", "geheim/1")
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        "tracker_store:\n  type: SQL\n  dialect: postgresql\n  url: 127.0.0.1\n  port: 5432\n"
        "  db: asa\n  username: asa\n  password: ${DB_PASSWORD}\n"
    )
    assert tracker_db_url(endpoints, tmp_path) == "postgresql://asa:geheim%2F1@127.0.0.1:5432/asa"
