"""`make purge`: delete conversations whose last message is older than RETENTION_DAYS (default 30).

Run it daily (cron or a Kubernetes CronJob); it reads the tracker store from the same
endpoints file the Rasa server uses (RASA_ENDPOINTS, default endpoints.yml).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.settings import ROOT, get_settings  # noqa: E402
from bot.tracker_db import purge_older_than, tracker_db_url  # noqa: E402


def main() -> int:
    settings = get_settings()
    url = tracker_db_url(settings.endpoints_file, ROOT)
    if url is None:
        print("Der Tracker-Speicher ist keine SQL-Datenbank: nichts zu löschen.", file=sys.stderr)
        return 1
    cutoff = time.time() - settings.retention_days * 86400
    deleted = purge_older_than(url, cutoff)
    print(f"{deleted} Gespräche gelöscht (älter als {settings.retention_days} Tage).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
