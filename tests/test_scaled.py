"""Scale-out profile: PostgreSQL + Redis on loopback, two Rasa instances, two action servers,
the entry proxies and the web app (scripts/run_scaled.py), started once for this module.

Each test talks from a loopback address of its own (127.0.0.x), so the per-client rate
limit of one test does not count the messages of another.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Dict, List, Tuple

import httpx
import pytest
import yaml

from bot.hotline.accounts import hash_password
from channels.fair_rest import NOT_STORED
from knowledge import topics
from runtime.rate_limit import MESSAGE as RATE_LIMITED

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from sample_dialogues import ENTRY_DATE_ANSWER, YOUTH_VORPHASE  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.scaled]
ROOT = Path(__file__).resolve().parent.parent
SENDER_LIMIT, CLIENT_LIMIT = (20, 10), (60, 30)
MARKER = "Zebrastreifen-Quittung-4711"  # a text no log line may ever contain
STAFF_PASSWORD = "richtig-geheim-2026"


@pytest.fixture(scope="module")
def cluster():
    from run_scaled import Cluster, Ports
    from services import data_home

    home = ROOT / "var" / "test-scaled"
    shutil.rmtree(data_home(home.resolve()), ignore_errors=True)  # a fresh cluster, wherever its data live
    ports = Ports(
        public=5205,
        internal=5204,
        rasa=(5201, 5202),
        actions_entry=5255,
        actions=(5251, 5252),
        web=8205,
        postgres=55532,
        redis=56479,
    )
    env = {
        "DB_RETRY_SECONDS": "8",
        "RATE_LIMIT_SENDER": "%d/%d" % SENDER_LIMIT,
        "RATE_LIMIT_CLIENT": "%d/%d" % CLIENT_LIMIT,
        "RASA_TOKEN": uuid.uuid4().hex,
        "PURGE_INTERVAL_HOURS": "0",
        "HOTLINE_USERS": f"anna:{hash_password(STAFF_PASSWORD)}",
        "HOTLINE_MAX_FAILURES": "3",
    }
    # nginx's own per-address limit is tested in tests/test_entry_proxy.py; here the Rasa-side limits are,
    # and their series of 60 messages in a few seconds from one address would hit nginx's 5 per second first
    instance = Cluster(home, ports, extra_env=env, entry_rate="100r/s")
    try:
        instance.start(timeout=300)
    except Exception:
        instance.stop()
        raise
    yield instance
    instance.stop()


class Client:
    """One chat client on its own loopback address."""

    def __init__(self, cluster, address: str):
        self.cluster = cluster
        self.http = httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=90)

    def post(self, port: int, sender: str, text: str, **headers: str) -> httpx.Response:
        return self.http.post(
            f"http://127.0.0.1:{port}/webhooks/rest/webhook", json={"sender": sender, "message": text}, headers=headers
        )

    def say(self, port: int, sender: str, text: str) -> List[dict]:
        response = self.post(port, sender, text)
        assert response.status_code == 200, response.text
        return response.json()

    def tracker(self, sender: str) -> dict:
        response = self.http.get(
            f"http://127.0.0.1:{self.cluster.ports.internal}/conversations/{sender}/tracker",
            params={"token": self.cluster.env["RASA_TOKEN"]},
        )
        response.raise_for_status()
        return response.json()


def response_text(name: str, audience: str = "youth") -> str:
    """A response of domain.yml as the bot sends it to this audience."""
    variants = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"][name]
    for variant in variants:
        if any(c.get("value") == audience for c in variant.get("condition", [])):
            return variant["text"]
    return next(v["text"] for v in variants if not v.get("condition"))


def stored_user_texts(cluster, sender: str) -> List[str]:
    rows = cluster.postgres.query(
        f"SELECT data::json->>'text' FROM events WHERE sender_id = '{sender}' AND type_name = 'user' ORDER BY id"
    )
    return [row[0] for row in rows]


def test_dialogue_alternates_instances_and_survives_a_killed_instance(cluster):
    client, sender = Client(cluster, "127.0.0.11"), f"scaled-{uuid.uuid4().hex[:10]}"
    instances = list(cluster.ports.rasa)
    for number, text in enumerate(YOUTH_VORPHASE[:ENTRY_DATE_ANSWER]):  # up to the entry date, mid-form
        replies = client.say(instances[number % 2], sender, text)
    assert "eingereist" in replies[-1]["text"]
    cluster.kill("rasa-1")  # SIGKILL: no chance to tidy up
    replies = client.say(instances[1], sender, YOUTH_VORPHASE[ENTRY_DATE_ANSWER])
    assert "Deutsch" in replies[-1]["text"]
    for text in YOUTH_VORPHASE[
        ENTRY_DATE_ANSWER + 1 :
    ]:  # the rest through the public entry, which now skips the dead instance
        replies = client.say(cluster.ports.public, sender, text)
    verdict = replies[-1]["text"]
    assert verdict.startswith("Gute Nachricht: Du kommst wahrscheinlich für die AsA in Frage – für die Vorphase")

    slots = client.tracker(sender)["slots"]
    assert slots["entry_date"] == "2024-03-01" and slots["residence_status"] == "gestattung"
    assert slots["verdict"]["outcome"] == "likely_eligible"
    # every message is a row in PostgreSQL, in order, and the verdict was stored there too
    assert stored_user_texts(cluster, sender) == YOUTH_VORPHASE
    verdict_rows = cluster.postgres.query(
        f"SELECT data::json->'value'->>'outcome' FROM events WHERE sender_id = '{sender}' "
        "AND type_name = 'slot' AND data::json->>'name' = 'verdict'"
    )
    assert verdict_rows[-1] == ["likely_eligible"]
    cluster.start_rasa(0)
    cluster.wait_ready(300, [instances[0]])


# SIMULTANEOUS_ROUNDS=20 repeats the burst with new conversations (issue 16's "20 times in a row")
@pytest.mark.parametrize("round_", range(int(os.environ.get("SIMULTANEOUS_ROUNDS", "3"))))
def test_simultaneous_messages_of_one_conversation_on_both_instances_are_handled_one_by_one(cluster, round_):
    # an address per round: the per-client rate limit must not answer 429 in a long series
    client, sender = Client(cluster, f"127.0.1.{round_ + 1}"), f"scaled-{uuid.uuid4().hex[:10]}"
    client.say(cluster.ports.public, sender, "/i_am_parent")
    # the brochure's own questions: the answers are certain, so only the order is under test
    chosen = [topics()[key] for key in ("kosten", "freiwillig", "phasen", "vorphase_ziel")]
    sent = [topic.question for topic in chosen]
    answers = {topic.question: topic.sie for topic in chosen}
    replies: Dict[str, List[dict]] = {}

    def send(port: int, text: str) -> None:
        response = client.post(port, sender, text)
        replies[text] = response.json() if response.status_code == 200 else [{"status": response.status_code}]

    threads = [threading.Thread(target=send, args=(cluster.ports.rasa[n % 2], text)) for n, text in enumerate(sent)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {text: [r.get("text") for r in reply] for text, reply in replies.items()} == {
        text: [answer] for text, answer in answers.items()
    }
    # against what was sent: every message exactly once, each answered before the next one was
    # taken (the lock store, runtime/atomic_lock_store.py), on whichever instance
    events = [e for e in client.tracker(sender)["events"] if e["event"] in ("user", "bot")][2:]
    handled = [e["text"] for e in events if e["event"] == "user"]
    assert sorted(handled) == sorted(sent)
    assert [(e["event"], e["text"]) for e in events] == [
        pair for text in handled for pair in (("user", text), ("bot", answers[text]))
    ]
    # and PostgreSQL holds exactly those messages, in that order: none lost, none twice
    assert stored_user_texts(cluster, sender)[1:] == handled


def test_action_server_down_faq_works_check_says_unavailable_and_resumes(cluster):
    client, sender = Client(cluster, "127.0.0.13"), f"scaled-{uuid.uuid4().hex[:10]}"
    client.say(cluster.ports.public, sender, "/i_am_youth")
    cluster.kill("actions-1")
    cluster.kill("actions-2")
    try:
        replies = client.say(cluster.ports.public, sender, "Was kostet die AsA?")
        assert [r["text"] for r in replies] == [topics()["kosten"].du]
        response = client.post(cluster.ports.public, sender, "kann ich mitmachen")
        assert response.status_code == 200
        assert [r["text"] for r in response.json()] == [response_text("utter_check_unavailable")]
        assert "Traceback" not in response.text and "Exception" not in response.text
    finally:
        cluster.start_actions(0)
        cluster.start_actions(1)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{cluster.ports.actions[0]}/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.5)
    replies = client.say(cluster.ports.public, sender, "kann ich mitmachen")
    assert "Wie ist deine Situation" in replies[-1]["text"]
    assert client.tracker(sender)["slots"]["audience"] == "youth"


# STRESS_ROUNDS=20 repeats the whole run (issue 16's "20 times in a row")
@pytest.mark.parametrize("round_", range(int(os.environ.get("STRESS_ROUNDS", "1"))))
def test_stress_bursts_through_a_database_restart_and_an_instance_kill_lose_nothing(cluster, round_):
    """Bursts of simultaneous messages of many conversations; PostgreSQL restarts during the second
    burst, a Rasa instance is killed during the fourth. Afterwards every acknowledged message is in
    PostgreSQL exactly once, nothing is stored twice, and the bursts are stored in the order sent."""
    conversations, bursts, per_burst = 8, 5, 2
    senders = [f"stress-{uuid.uuid4().hex[:8]}-{n}" for n in range(conversations)]
    clients = [Client(cluster, f"127.0.2.{n + 1}") for n in range(conversations)]
    status: Dict[str, int] = {}
    guard = threading.Lock()

    def send(number: int, text: str) -> None:
        try:
            code = clients[number].post(cluster.ports.public, senders[number], text).status_code
        except httpx.HTTPError:
            code = 0  # no answer at all: not acknowledged
        with guard:
            status[text] = code

    def burst(index: int, during=None) -> None:
        threads = [
            threading.Thread(target=send, args=(n, f"Was kostet die AsA? ({n}-{index}-{k})"))
            for n in range(conversations)
            for k in range(per_burst)
        ]
        for thread in threads:
            thread.start()
        if during:
            during()
        for thread in threads:
            thread.join()

    def restart_database() -> None:
        time.sleep(0.3)
        cluster.postgres.stop()
        time.sleep(2.0)
        cluster.postgres.start()

    def kill_instance() -> None:
        time.sleep(0.3)
        cluster.kill("rasa-1")

    try:
        for index in range(bursts):
            burst(index, {1: restart_database, 3: kill_instance}.get(index))
    finally:
        cluster.start_rasa(0)
        cluster.wait_ready(300, [cluster.ports.rasa[0]])
    acknowledged = [text for text, code in status.items() if code == 200]
    assert len(acknowledged) >= conversations * per_burst * (bursts - 1)  # only the kill may cost answers
    for number, sender in enumerate(senders):
        stored = stored_user_texts(cluster, sender)
        mine = [text for text in acknowledged if text.startswith(f"Was kostet die AsA? ({number}-")]
        assert len(stored) == len(set(stored)), ("stored twice", sender, stored)
        assert set(mine) <= set(stored), ("acknowledged but lost", sender, sorted(set(mine) - set(stored)))
        assert set(stored) <= set(status), ("stored but never sent", sender)
        order = [int(text.split("-")[1]) for text in stored]
        assert order == sorted(order), ("bursts out of order", sender, stored)


def test_database_restart_loses_no_acknowledged_message(cluster):
    """PostgreSQL goes away for two seconds (a restart, a failover) while a conversation goes on."""
    client, sender = Client(cluster, "127.0.0.14"), f"scaled-{uuid.uuid4().hex[:10]}"
    sent: List[Tuple[str, int, float]] = []
    stop = threading.Event()

    def chat() -> None:
        number = 0
        while not stop.is_set() and number < 30:
            number += 1
            text = f"Was kostet die AsA? ({number})"
            started = time.monotonic()
            sent.append((text, client.post(cluster.ports.public, sender, text).status_code, started))
            time.sleep(0.6)  # below the per-conversation rate limit

    # the talker's request in flight when the database goes away waits for it, so on a slow machine
    # the talker may send nothing in the gap: a second conversation sends one message inside it for sure
    other, during = f"scaled-{uuid.uuid4().hex[:10]}", []

    def ask_while_away() -> None:
        started = time.monotonic()
        during.append((client.post(cluster.ports.public, other, "Wie lange dauert die AsA?").status_code, started))

    talker = threading.Thread(target=chat)
    talker.start()
    time.sleep(2.0)
    cluster.postgres.stop()
    down = time.monotonic()
    asker = threading.Thread(target=ask_while_away)
    asker.start()
    time.sleep(2.0)
    cluster.postgres.start()
    up = time.monotonic()
    time.sleep(2.0)
    stop.set()
    talker.join()
    asker.join()
    assert during and down <= during[0][1] <= up, "no message was sent while the database was away"
    # the store waited for the database instead of failing
    assert {status for _, status, _ in sent} == {200} and during[0][0] == 200, (sent, during)
    assert stored_user_texts(cluster, sender) == [text for text, _, _ in sent]
    assert stored_user_texts(cluster, other) == ["Wie lange dauert die AsA?"]


@pytest.mark.parametrize("store, address", [("postgres", "127.0.0.15"), ("redis", "127.0.0.21")])
def test_store_away_gives_503_and_nothing_unstored_is_acknowledged(cluster, store, address):
    """PostgreSQL away longer than the retry (DB_RETRY_SECONDS), or Redis away: without the lock store two
    instances could write one conversation at once. Either way: 503, and the message is sent again."""
    client, sender = Client(cluster, address), f"scaled-{uuid.uuid4().hex[:10]}"
    client.say(cluster.ports.public, sender, "hallo")
    service = getattr(cluster, store)
    service.stop()
    try:
        response = client.post(cluster.ports.public, sender, "Was kostet die AsA?")
    finally:
        service.start()
    assert response.status_code == 503 and response.json() == {"message": NOT_STORED}
    replies = client.say(cluster.ports.public, sender, "Was kostet die AsA?")  # sent again, as the message asks
    assert replies[0]["text"] == topics()["kosten"].text(None)
    assert stored_user_texts(cluster, sender) == ["hallo", "Was kostet die AsA?"]


def _at_window_start(seconds: int, needed: float) -> None:
    """Waits until the current fixed window has `needed` seconds left, so a burst stays inside one window."""
    if seconds - time.time() % seconds < needed:
        time.sleep(seconds - time.time() % seconds + 0.05)


def test_fast_repeats_from_one_sender_get_429_on_every_instance(cluster):
    client, sender = Client(cluster, "127.0.0.16"), f"scaled-{uuid.uuid4().hex[:10]}"
    count, window = SENDER_LIMIT
    _at_window_start(window, needed=window * 0.6)
    responses = [client.post(cluster.ports.rasa[n % 2], sender, "hallo") for n in range(count + 5)]
    assert [r.status_code for r in responses] == [200] * count + [429] * 5  # one counter for both instances
    refused = responses[-1]
    assert refused.json() == {"message": RATE_LIMITED}
    assert 1 <= int(refused.headers["Retry-After"]) <= window
    time.sleep(int(refused.headers["Retry-After"]) + 0.1)
    assert client.post(cluster.ports.public, sender, "hallo").status_code == 200


def test_client_limit_counts_the_real_address_not_a_forged_forwarded_for(cluster):
    client = Client(cluster, "127.0.0.17")
    count, window = CLIENT_LIMIT
    _at_window_start(window, needed=window * 0.6)
    statuses = [
        client.post(
            cluster.ports.public, f"scaled-{uuid.uuid4().hex[:10]}", "hallo", **{"X-Forwarded-For": f"203.0.113.{n}"}
        ).status_code
        for n in range(count + 3)
    ]
    assert statuses == [200] * count + [429] * 3
    # another client is not affected
    other = Client(cluster, "127.0.0.18")
    assert other.post(cluster.ports.public, f"scaled-{uuid.uuid4().hex[:10]}", "hallo").status_code == 200


def test_only_channel_endpoints_are_public(cluster):
    public, internal = f"http://127.0.0.1:{cluster.ports.public}", f"http://127.0.0.1:{cluster.ports.internal}"
    token = {"token": cluster.env["RASA_TOKEN"]}
    assert "AsA" in httpx.get(f"{public}/").text  # the rest of the public entry is the web app
    for method, path in (
        ("GET", "/conversations/x/tracker"),
        ("POST", "/model/parse"),
        ("GET", "/status"),
        ("GET", "/version"),
        ("PUT", "/model"),
        ("GET", "/domain"),
    ):
        response = httpx.request(method, f"{public}{path}", params=token)
        # answered by the web app, which has none of these: Rasa's API is not behind the public entry
        assert response.status_code in (404, 405), path
        assert "rasa" not in response.text.lower() and "version" not in response.text.lower(), path
    assert httpx.get(f"{internal}/status").status_code == 401  # the API itself needs the token
    assert httpx.get(f"{internal}/status", params=token).status_code == 200
    for port in cluster.ports.rasa:  # instances listen on loopback and want the token too
        assert httpx.get(f"http://127.0.0.1:{port}/conversations/x/tracker").status_code == 401


def test_user_deletes_a_conversation_from_postgresql(cluster):
    client, sender = Client(cluster, "127.0.0.19"), f"scaled-{uuid.uuid4().hex[:10]}"
    client.say(cluster.ports.public, sender, "Was kostet die AsA?")
    assert stored_user_texts(cluster, sender)
    response = httpx.delete(
        f"http://127.0.0.1:{cluster.ports.web}/api/v1/conversations/{sender}",
        headers={"Origin": f"http://127.0.0.1:{cluster.ports.web}"},
    )
    assert response.status_code == 204, response.text
    assert cluster.postgres.query(f"SELECT count(*) FROM events WHERE sender_id = '{sender}'") == [["0"]]


def test_logs_hold_no_message_texts_or_slot_values(cluster):
    """Runs last: by now the logs have seen dialogues, a killed instance, an action server outage and a
    database outage. None of them may carry what users wrote or answered."""
    client, sender = Client(cluster, "127.0.0.20"), f"scaled-{uuid.uuid4().hex[:10]}"
    client.say(cluster.ports.public, sender, f"Ich heiße {MARKER} und suche eine Ausbildung")
    cluster.kill("actions-1", signal.SIGTERM)
    cluster.kill("actions-2", signal.SIGTERM)
    try:
        client.say(cluster.ports.public, sender, f"kann ich mitmachen {MARKER}")
    finally:
        cluster.start_actions(0)
        cluster.start_actions(1)
    logs = {path.name: path.read_text(encoding="utf-8", errors="replace") for path in cluster.logs.glob("*.log")}
    logs["postgres"] = (cluster.postgres.data / "server.log").read_text(encoding="utf-8", errors="replace")
    assert any("ERROR" in text for text in logs.values())  # the outages were logged ...
    for secret in (
        MARKER,
        "seit März 2024",
        "2024-03-01",
        "B1 glaub ich",
        "Was kostet die AsA? (",
        "likely_eligible",
        "gestattung",
    ):
        leaking = [name for name, text in logs.items() if secret in text]
        assert not leaking, f"{secret!r} in {leaking}"  # ... but not what anybody wrote


def test_hotline_sessions_and_lock_outs_are_shared_by_two_web_instances(cluster):
    import subprocess

    from run_all import web_command

    # the cluster's web app and a second one beside it, both on the cluster's PostgreSQL
    port = cluster.ports.web + 1
    second = subprocess.Popen(
        web_command(port),
        cwd=ROOT,
        env=cluster.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        first_url, second_url = f"http://127.0.0.1:{cluster.ports.web}", f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{second_url}/livez", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "second web instance did not start"
            time.sleep(0.5)

        def login(url: str, password: str) -> httpx.Response:
            return httpx.post(f"{url}/hotline/login", data={"name": "anna", "password": password}, timeout=10)

        signed_in = login(first_url, STAFF_PASSWORD)
        assert signed_in.status_code == 303
        cookie = {"Cookie": f"asa_hotline={signed_in.cookies['asa_hotline']}"}
        assert httpx.get(f"{second_url}/hotline/themen", headers=cookie, timeout=10).status_code == 200
        # failures count across both instances: 2 here, 1 there, then even the right password waits
        assert [login(url, "falsch").status_code for url in (first_url, first_url, second_url)] == [401] * 3
        assert login(first_url, STAFF_PASSWORD).status_code == 429
        assert login(second_url, STAFF_PASSWORD).status_code == 429
    finally:
        second.terminate()
        second.wait(timeout=10)
