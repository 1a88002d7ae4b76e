"""Staff accounts for the hotline tool: name -> argon2 hash, from a file or the environment.

HOTLINE_USERS (environment) holds "name:hash" pairs separated by ";" or white space
(argon2 hashes contain commas);
otherwise the JSON file HOTLINE_USERS_FILE (default var/hotline_users.json) is read.
Create entries with `make hotline-user` (scripts/hotline_user.py); plain passwords are
never stored.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Dict, Optional

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# verifying against this keeps the timing of unknown names equal to that of known ones
_DUMMY_HASH = _hasher.hash("no-such-account")
NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def parse_env(value: str) -> Dict[str, str]:
    accounts = {}
    for entry in re.split(r"[;\s]+", value):
        if entry.strip():
            name, _, hashed = entry.strip().partition(":")
            accounts[name.strip().lower()] = hashed.strip()
    return accounts


def load_accounts(env_value: Optional[str], file: Path) -> Dict[str, str]:
    if env_value:
        return parse_env(env_value)
    if file.exists():
        return {name.lower(): hashed for name, hashed in json.loads(file.read_text(encoding="utf-8")).items()}
    return {}


def save_account(file: Path, name: str, password: str) -> None:
    if not NAME.match(name):
        raise ValueError("Name: 2–40 Zeichen, Kleinbuchstaben, Ziffern, Punkt, Binde- oder Unterstrich.")
    if len(password) < 12:
        raise ValueError("Das Passwort braucht mindestens 12 Zeichen.")
    accounts = load_accounts(None, file)
    accounts[name] = hash_password(password)
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(json.dumps(accounts, indent=1), encoding="utf-8")
    file.chmod(0o600)


def verify(accounts: Dict[str, str], name: str, password: str) -> bool:
    hashed = accounts.get(name.strip().lower())
    try:
        return _hasher.verify(hashed or _DUMMY_HASH, password) and hashed is not None
    except (VerificationError, InvalidHashError):
        return False
