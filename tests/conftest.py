"""Shared fixtures. The end-to-end fixture starts the real assistant (Rasa, actions, web app) once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest

# sanic.app, when first imported, puts filterwarnings("once", DeprecationWarning) in front of all
# filters, which would show every third-party deprecation of the collection phase; imported here,
# its filter goes away with the block pytest loads this file in.
try:
    import sanic.app  # noqa: F401
except ImportError:  # the web app's own environment (.venv-web) has no Rasa and no Sanic
    pass

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# the web app's TestClient sends "Host: testserver"; set before any test module imports bot.app
os.environ.setdefault("ALLOWED_HOSTS", "localhost 127.0.0.1 ::1 testserver")

PORTS = {"rasa": 5105, "actions": 5155, "web": 8105, "messengers": 8155}
MESSENGER_ENV = {
    "TELEGRAM_TOKEN": "123456:TEST-TOKEN",
    "TELEGRAM_BOT_NAME": "asa_test_bot",
    "TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{PORTS['rasa']}/webhooks/telegram/webhook",
    "TELEGRAM_API_URL": f"http://127.0.0.1:{PORTS['messengers']}",
    "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
    "TWILIO_AUTH_TOKEN": "twilio-test-auth-token",
    "TWILIO_NUMBER": "whatsapp:+4989000000",
    "TWILIO_WEBHOOK_URL": f"http://127.0.0.1:{PORTS['rasa']}/webhooks/twilio/webhook",
    "TWILIO_API_URL": f"http://127.0.0.1:{PORTS['messengers']}",
}
STAFF = ("hotline.test", "richtig-geheim-2026")

# What a test needs follows from its fixtures. Marked here as well as by the modules' pytestmark,
# so that a new test using one of them cannot slip into `make test-fast`, which deselects these marks.
NEEDS = {"bot": "e2e", "messengers": "e2e", "browser": "browser", "cluster": "scaled"}


def pytest_configure(config):
    # Scripts are imported with scripts/ on sys.path, so their modules are `run_all`, not `scripts.run_all`,
    # and the module pattern in pytest.ini cannot reach them; the test modules are ours too.
    ours = sorted(path.stem for path in (ROOT / "scripts").glob("*.py"))
    ours += ["conftest", "fake_messengers", r"test_\w+"]
    for category in ("DeprecationWarning", "PendingDeprecationWarning"):
        config.addinivalue_line("filterwarnings", f"default::{category}:({'|'.join(ours)})$")


@pytest.hookimpl(tryfirst=True)  # before -m deselects by mark
def pytest_collection_modifyitems(items):
    for item in items:
        for fixture, mark in NEEDS.items():
            if fixture in item.fixturenames:
                item.add_marker(mark)


class Bot:
    """Talks to the running Rasa server over its REST channel."""

    def __init__(self, rasa_url: str, web_url: str, token: str, workdir: Path):
        self.rasa_url = rasa_url
        self.web_url = web_url
        self.token = token
        self.tracker_db = workdir / "tracker.db"
        self.hotline_db = workdir / "hotline.db"
        self.client = httpx.Client(timeout=60)

    def say(self, sender: str, text: str) -> list:
        for _ in range(4):
            response = self.client.post(
                f"{self.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}
            )
            if response.status_code != 429:
                break
            # the whole suite talks from one address, faster than the per-address limit (300 a minute) allows:
            # wait as the answer says and send again, as the widget asks a person to
            time.sleep(int(response.headers.get("Retry-After", "1")))
        response.raise_for_status()
        return response.json()

    def text(self, sender: str, text: str) -> str:
        return "\n".join(m.get("text", "") for m in self.say(sender, text))

    def parse(self, text: str) -> dict:
        response = self.client.post(f"{self.rasa_url}/model/parse", params={"token": self.token}, json={"text": text})
        response.raise_for_status()
        return response.json()

    def tracker(self, sender: str) -> dict:
        response = self.client.get(f"{self.rasa_url}/conversations/{sender}/tracker", params={"token": self.token})
        response.raise_for_status()
        return response.json()

    @staticmethod
    def new_sender() -> str:
        return f"test-{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="session")
def messengers():
    """Fake Telegram and Twilio APIs; they must answer before Rasa starts (it registers the webhook)."""
    from fake_messengers import FakeMessengers

    fake = FakeMessengers(PORTS["messengers"]).start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def bot(tmp_path_factory, messengers):
    model = ROOT / "models" / "asa.tar.gz"
    if not model.exists():
        pytest.fail("models/asa.tar.gz missing: run the tests through `make test`, which trains it")
    workdir = tmp_path_factory.mktemp("e2e")
    token = uuid.uuid4().hex
    # one hotline account for the browser tests, passed the way production passes it
    from bot.hotline.accounts import hash_password

    env = dict(
        os.environ,
        RASA_TOKEN=token,
        HOTLINE_USERS=f"{STAFF[0]}:{hash_password(STAFF[1])}",
        HOTLINE_DB=str(workdir / "hotline.db"),
        **MESSENGER_ENV,
    )
    log = open(workdir / "services.log", "w")
    sys.path.insert(0, str(ROOT / "scripts"))
    from run_all import launch

    process = launch(
        PORTS["rasa"],
        PORTS["actions"],
        PORTS["web"],
        workdir / "tracker.db",
        env,
        quiet=False,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    web_url = f"http://127.0.0.1:{PORTS['web']}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"assistant did not start, see {workdir / 'services.log'}")
        try:
            if httpx.get(f"{web_url}/healthz", timeout=5).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(1)
    else:
        os.killpg(process.pid, signal.SIGTERM)
        pytest.fail("assistant not healthy within 300 s")
    yield Bot(f"http://127.0.0.1:{PORTS['rasa']}", web_url, token, workdir)
    # the same as Ctrl-C on `make run`: one signal stops all three services
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends
    assert process.wait(timeout=60) == 0
    log.close()
    for port in (PORTS["rasa"], PORTS["actions"], PORTS["web"]):
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"http://127.0.0.1:{port}/", timeout=2)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium (scripts/browser.py), shared by the browser tests."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from browser import chromium

    with chromium() as instance:
        yield instance


@pytest.fixture
def context(browser):
    """A fresh browser profile at desktop size (own cookies and localStorage)."""
    from browser import DESKTOP

    context = browser.new_context(viewport=DESKTOP, locale="de-DE")
    yield context
    context.close()


AXE = ROOT / "tests" / "a11y" / "node_modules" / "axe-core" / "axe.min.js"


def serious_accessibility_violations(page) -> list:
    """axe-core (WCAG 2.0/2.1 A and AA, best practices) in the page; the serious and critical findings."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', "
        "'wcag21aa', 'best-practice']})).violations.map(v => ({id: v.id, impact: v.impact, "
        "nodes: v.nodes.map(n => n.target.join(' '))}))"
    )
    return [v for v in found if v["impact"] in ("serious", "critical")]


def run_async(coroutine):
    """Runs a coroutine to the end in a thread of its own: the session's browser (Playwright's sync API)
    keeps an event loop running in the main thread, so a second loop cannot run there."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def dump(messages) -> str:
    return json.dumps(messages, ensure_ascii=False, indent=1)
