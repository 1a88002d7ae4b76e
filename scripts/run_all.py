"""Start the whole assistant locally: action server (5055), Rasa (5005), web app (8000).

A service that stops is named and started again, with a growing pause and up to a
limit (scripts/supervisor.py); Ctrl-C (or SIGTERM) stops all three. Rasa's HTTP API
is bound to localhost and protected by a token generated per start; only the channel
webhooks are meant to be public. Used by `make run` and by the end-to-end tests (other ports).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from supervisor import GaveUp, Supervisor, exit_reason, signals_deferred  # noqa: E402

from bot.settings import OriginError, get_settings, new_token, split_origins  # noqa: E402

BIN = ROOT / ".venv" / "bin"


def write_endpoints(path: Path, actions_port: int, tracker_db: Path) -> None:
    """endpoints.yml with another action server port and SQLite file (tests, bench)."""
    config = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    config["action_endpoint"]["url"] = f"http://127.0.0.1:{actions_port}/webhook"
    config["tracker_store"]["db"] = str(tracker_db)
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


# Messenger channels are switched on by their environment variables. The credentials file
# only names the variables (${...}); Rasa reads the secrets from the environment at start.
MESSENGERS = {
    "channels.telegram.TelegramChannel": {
        "required": {
            "access_token": "TELEGRAM_TOKEN",
            "verify": "TELEGRAM_BOT_NAME",
            "webhook_url": "TELEGRAM_WEBHOOK_URL",
        },
        "optional": {"api_url": "TELEGRAM_API_URL"},
    },
    "channels.whatsapp.WhatsAppInput": {
        "required": {
            "account_sid": "TWILIO_ACCOUNT_SID",
            "auth_token": "TWILIO_AUTH_TOKEN",
            "twilio_number": "TWILIO_NUMBER",
            "webhook_url": "TWILIO_WEBHOOK_URL",
        },
        "optional": {"api_url": "TWILIO_API_URL"},
    },
}


def write_credentials(path: Path, environ: dict) -> Path:
    """credentials.yml plus every messenger whose required variables are all set."""
    lines = [(ROOT / "credentials.yml").read_text(encoding="utf-8").rstrip(), ""]
    for channel, names in MESSENGERS.items():
        if all(environ.get(variable) for variable in names["required"].values()):
            lines.append(f"{channel}:")
            for key, variable in {**names["required"], **names["optional"]}.items():
                if environ.get(variable):
                    lines.append(f"  {key}: ${{{variable}}}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def base_env(rasa_url: str, actions_url: str, web_port: int, endpoints: Path) -> dict:
    """The environment every service of one installation shares."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2")
    env.setdefault("RASA_TOKEN", new_token())
    env.update(RASA_URL=rasa_url, ACTIONS_URL=actions_url, RASA_ENDPOINTS=str(endpoints))
    env.setdefault("ALLOWED_ORIGINS", f"http://localhost:{web_port} http://127.0.0.1:{web_port}")
    return env


def actions_command(port: int) -> List[str]:
    return [str(BIN / "rasa"), "run", "actions", "--port", str(port), "--actions", "actions.actions"]


def rasa_command(model: str, port: int, env: dict, credentials: Path) -> List[str]:
    """One Rasa instance; its HTTP API needs the token and listens on loopback only."""
    # python -m runtime: the Rasa CLI with our patches installed first (runtime/patches.py)
    return [
        str(BIN / "python"),
        "-m",
        "runtime",
        "run",
        "--model",
        model,
        "--port",
        str(port),
        "--interface",
        "127.0.0.1",
        "--enable-api",
        # one argument with "=": a token may begin with "-" (token_urlsafe), which argparse would take for an option
        f"--auth-token={env['RASA_TOKEN']}",
        "--endpoints",
        env["RASA_ENDPOINTS"],
        "--credentials",
        str(credentials),
        "--cors",
        *split_origins(env["ALLOWED_ORIGINS"]),
    ]


def web_command(port: int) -> List[str]:
    # the web app has an environment of its own (.venv-web): current FastAPI, not Rasa's pins
    return [str(ROOT / ".venv-web" / "bin" / "uvicorn"), "bot.app:app", "--host", "127.0.0.1", "--port", str(port)]


def spawn(command: List[str], env: dict, verbose: bool) -> subprocess.Popen:
    log = None if verbose else subprocess.DEVNULL
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)


def prepare(args: argparse.Namespace) -> Tuple[Dict[str, List[str]], dict]:
    """The command of each service, by the name the messages use, and their shared environment."""
    (ROOT / "var").mkdir(exist_ok=True)
    endpoints = Path(args.endpoints) if args.endpoints else ROOT / "endpoints.yml"
    if args.endpoints is None and (args.actions_port != 5055 or args.tracker_db):
        endpoints = ROOT / "var" / f"endpoints-{args.rasa_port}.yml"
        write_endpoints(endpoints, args.actions_port, Path(args.tracker_db or ROOT / "var" / "tracker.db"))
    env = base_env(
        f"http://127.0.0.1:{args.rasa_port}", f"http://127.0.0.1:{args.actions_port}", args.web_port, endpoints
    )
    env.setdefault("PUBLIC_BOT_URL", f"http://127.0.0.1:{args.rasa_port}")
    credentials = write_credentials(ROOT / "var" / f"credentials-{args.rasa_port}.yml", env)
    return {
        "Action-Server": actions_command(args.actions_port),
        "Rasa": rasa_command(args.model, args.rasa_port, env, credentials),
        "Web-App": web_command(args.web_port),
    }, env


def launch(
    rasa_port: int,
    actions_port: int,
    web_port: int,
    tracker_db: Path,
    env: dict,
    model: Optional[Path] = None,
    quiet: bool = True,
    **popen: Any,
) -> subprocess.Popen:
    """This script as a child process on other ports with its own tracker store (tests, bench,
    screenshots). It runs in a session of its own, so os.killpg(pid, SIGINT) stops it like Ctrl-C."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--rasa-port",
        str(rasa_port),
        "--actions-port",
        str(actions_port),
        "--web-port",
        str(web_port),
        "--tracker-db",
        str(tracker_db),
    ]
    command += ["--model", str(model)] if model else []
    command += ["--quiet"] if quiet else []
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, **popen)


def wait_healthy(web_port: int, processes: List[subprocess.Popen], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            return False
        try:
            if httpx.get(f"http://127.0.0.1:{web_port}/healthz", timeout=5).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(1)
    return False


def serve(model: Path, port: int, workdir: Path) -> subprocess.Popen:
    """The whole assistant on `port` (actions on port + 50, web app on port + 3000), quiet and
    with a tracker store of its own, once it is healthy (bench, reports). Stop it with os.killpg."""
    env = dict(os.environ, RASA_TOKEN=uuid.uuid4().hex)
    process = launch(
        port,
        port + 50,
        port + 3000,
        workdir / f"tracker-{port}.db",
        env,
        model=model,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if wait_healthy(port + 3000, [process], timeout=300):
        return process
    os.killpg(process.pid, signal.SIGTERM)
    raise SystemExit(f"server for {model.name} did not start")


def stop(processes: List[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


class PurgeSchedule:
    """Runs `make purge` (scripts/purge.py) at start and then every PURGE_INTERVAL_HOURS (default 24;
    0 switches it off, for a deployment where a cron job does it)."""

    def __init__(self, env: dict) -> None:
        self.env = env
        self.interval = float(env.get("PURGE_INTERVAL_HOURS", "24")) * 3600
        self.next_run = time.monotonic()

    def tick(self) -> None:
        if self.interval <= 0 or time.monotonic() < self.next_run:
            return
        self.next_run = time.monotonic() + self.interval
        subprocess.run([sys.executable, str(ROOT / "scripts" / "purge.py")], cwd=ROOT, env=self.env, check=False)


def hold_signals() -> None:
    """SIGTERM and Ctrl-C both end the run through KeyboardInterrupt, so `finally` stops the services."""
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    # a shell without job control starts background jobs with SIGINT ignored; Ctrl-C must still stop us
    signal.signal(signal.SIGINT, signal.default_int_handler)


def ignore_signals() -> None:
    """While the services stop, a second Ctrl-C or SIGTERM must not cut the shutdown short."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def stopped(processes: Dict[str, subprocess.Popen]) -> str:
    return ", ".join(
        f"{name} ({exit_reason(process.returncode)})"
        for name, process in processes.items()
        if process.poll() is not None
    )


def print_ready(rasa_port: int, web_port: int) -> None:
    print(
        f"\nAsA-Assistent läuft: Chat http://127.0.0.1:{rasa_port}/webhooks/rest/webhook · "
        f"Web-App http://127.0.0.1:{web_port}/ · Hotline http://127.0.0.1:{web_port}/hotline · "
        f"Beenden mit Strg-C\n",
        flush=True,
    )
    settings = get_settings()
    if not settings.hotline_users and not settings.hotline_users_file.exists():
        print("Hinweis: Für das Hotline-Werkzeug gibt es noch kein Konto. Anlegen mit: make hotline-user", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=str(ROOT / "models" / "asa.tar.gz"))
    parser.add_argument("--rasa-port", type=int, default=5005)
    parser.add_argument("--actions-port", type=int, default=5055)
    parser.add_argument("--web-port", type=int, default=8000)
    parser.add_argument("--endpoints", default=None)
    parser.add_argument("--tracker-db", default=None)
    parser.add_argument("--quiet", dest="verbose", action="store_false")
    args = parser.parse_args()
    try:
        commands, env = prepare(args)
    except OriginError as error:
        print(error, file=sys.stderr)
        return 2
    processes: Dict[str, subprocess.Popen] = {}
    hold_signals()
    try:
        with signals_deferred():
            processes.update((name, spawn(command, env, args.verbose)) for name, command in commands.items())
        if not wait_healthy(args.web_port, list(processes.values()), timeout=300):
            failed = stopped(processes)
            print(
                f"Start fehlgeschlagen, beendet: {failed}."
                if failed
                else "Start fehlgeschlagen: ein Dienst ist nicht gesund geworden.",
                file=sys.stderr,
            )
            return 1
        print_ready(args.rasa_port, args.web_port)
        supervisor = Supervisor(processes, lambda name: spawn(commands[name], env, args.verbose))
        purge = PurgeSchedule(env)
        while True:
            supervisor.tick()
            purge.tick()
            time.sleep(1)
    except GaveUp as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        ignore_signals()
        stop(list(processes.values()))


if __name__ == "__main__":
    sys.exit(main())
