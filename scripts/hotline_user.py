"""Create or change a hotline staff account (argon2 hash in HOTLINE_USERS_FILE).

Usage: make hotline-user NAME=vorname.nachname   (asks for the password twice)
The password can come from stdin instead (one line), for provisioning scripts.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.hotline.accounts import save_account  # noqa: E402
from bot.settings import get_settings  # noqa: E402


def main(argv: list) -> int:
    if len(argv) != 1:
        print("Aufruf: hotline_user.py NAME", file=sys.stderr)
        return 2
    name = argv[0].strip().lower()
    if sys.stdin.isatty():
        password = getpass.getpass("Passwort (mindestens 12 Zeichen): ")
        if getpass.getpass("Passwort wiederholen: ") != password:
            print("Die Passwörter stimmen nicht überein.", file=sys.stderr)
            return 1
    else:
        password = sys.stdin.readline().rstrip("\n")
    file = get_settings().hotline_users_file
    try:
        save_account(file, name, password)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"Konto „{name}“ gespeichert in {file}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
