"""`make screenshots`: the chat widget and every hotline page at desktop and phone width, as PNG files.

Starts the whole assistant on spare ports with a throw-away tracker store and staff
account, creates one conversation over the REST channel, then photographs the pages.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from browser import DESKTOP, PHONE, chromium  # noqa: E402
from run_all import launch, wait_healthy  # noqa: E402

from bot.hotline.accounts import hash_password  # noqa: E402

PORTS = {"rasa": 5405, "actions": 5455, "web": 8405}
ACCOUNT = ("screenshots", uuid.uuid4().hex)


def start(workdir: Path) -> subprocess.Popen:
    env = dict(
        os.environ, HOTLINE_USERS=f"{ACCOUNT[0]}:{hash_password(ACCOUNT[1])}", HOTLINE_DB=str(workdir / "hotline.db")
    )
    return launch(PORTS["rasa"], PORTS["actions"], PORTS["web"], workdir / "tracker.db", env)


def shoot(out: Path, web: str, conversation: str) -> list:
    pages = [
        ("suche", "/hotline?q=was+kostet+das+für+meinen+betrieb"),
        ("themen", "/hotline/themen"),
        ("check", "/hotline/check"),
        ("gespraech", f"/hotline/gespraech?id={conversation}"),
        ("auswertung", "/hotline/auswertung"),
    ]
    written = []
    with chromium() as browser:
        for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            context = browser.new_context(viewport=viewport, locale="de-DE", device_scale_factor=1)
            page = context.new_page()
            written += widget(page, web, out, label)
            page.goto(f"{web}/hotline/login")
            page.screenshot(path=str(out / f"login-{label}.png"), full_page=True)
            written.append(out / f"login-{label}.png")
            page.get_by_label("Name").fill(ACCOUNT[0])
            page.get_by_label("Passwort").fill(ACCOUNT[1])
            page.get_by_role("button", name="Anmelden").click()
            page.wait_for_url(f"{web}/hotline")
            for name, path in pages:
                page.goto(f"{web}{path}")
                if name == "check":
                    for field, value in (("Wer fragt?", "youth"), ("Situation", "in_training")):
                        with page.expect_navigation():
                            page.get_by_label(field, exact=True).select_option(value)
                target = out / f"{name}-{label}.png"
                page.screenshot(path=str(target), full_page=True)
                written.append(target)
            context.close()
    return written


def widget(page, web: str, out: Path, label: str) -> list:
    page.goto(f"{web}/")
    shots = [
        out / f"widget-geschlossen-{label}.png",
        out / f"widget-datenschutz-{label}.png",
        out / f"widget-gespraech-{label}.png",
    ]
    page.screenshot(path=str(shots[0]))
    page.get_by_role("button", name="Fragen zur AsA? Chat öffnen").click()
    page.screenshot(path=str(shots[1]))
    page.get_by_role("button", name="Einverstanden – Chat starten").click()
    page.locator(".asa-quick").first.wait_for()
    page.get_by_label("Ihre Nachricht").fill("Was kostet die AsA für meinen Betrieb?")
    page.get_by_role("button", name="Senden").click()
    page.locator(".asa-bot").nth(1).wait_for()
    page.locator(".asa-typing").wait_for(state="hidden")
    page.screenshot(path=str(shots[2]))
    return shots


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "reports" / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        process = start(Path(tmp))
        try:
            if not wait_healthy(PORTS["web"], [process], timeout=300):
                print("Der Assistent ist nicht gestartet.", file=sys.stderr)
                return 1
            conversation = f"demo-{uuid.uuid4().hex[:8]}"
            for text in ("Hallo", "Was kostet die AsA?", "Kann ich mitmachen?", "Ich bin in Ausbildung"):
                httpx.post(
                    f"http://127.0.0.1:{PORTS['rasa']}/webhooks/rest/webhook",
                    json={"sender": conversation, "message": text},
                    timeout=60,
                ).raise_for_status()
            for path in shoot(out, f"http://127.0.0.1:{PORTS['web']}", conversation):
                print(path)
        finally:
            os.killpg(process.pid, 15)
            process.wait(timeout=60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
