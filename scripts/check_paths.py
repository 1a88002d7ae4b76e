"""How many questions the chat check asks before its verdict, on the typical paths.

Plays each path over the REST channel of a running assistant: the first message, then the
typical answer to whatever the check asks, until the verdict ("Nächster Schritt:"). Prints
the questions per path. `make check-paths` starts an assistant of its own; the conversation
tests (tests/test_conversations.py) assert the same bound on the suite's assistant.
"""

from __future__ import annotations

import re
import sys
import uuid
from pathlib import Path
from typing import Callable, Dict, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
MAX_QUESTIONS = 4
VERDICT = "Nächster Schritt:"
# (pattern of the question, typical answer); the situation comes from the path
TYPICAL_ANSWERS: Tuple[Tuple[str, str], ...] = (
    (r"Für wen ist der Check", "für mich"),
    (r"Trifft (noch )?etwas davon", "Nichts davon"),
    (r"Unterstützung, um eine Ausbildung", "ja"),
    (r"vollzeitschulpflichtig", "nein"),
    (r"Hat Ihr Betrieb schon", "ja"),
    (r"Braucht diese Person", "ja"),
    (r"Möchten Sie einen jungen Menschen ausbilden", "ja"),
    (r"Liegt Ihr Betrieb in Deutschland", "ja"),
    (r"Berufseinstiegsbegleitung", "nein"),
    (r"Wohnst du|Wohnt Ihr Kind", "ja"),
)
# name -> (first message, answer to the situation question)
PATHS: Dict[str, Tuple[str, str]] = {
    "Azubi, fragt direkt": ("Kann ich bei der AsA mitmachen?", "Ich bin in Ausbildung"),
    "Azubi, hat es schon gesagt": ("Ich bin Azubi im zweiten Lehrjahr. Kann ich bei der AsA mitmachen?", ""),
    "sucht eine Lehrstelle": ("Ich suche eine Lehrstelle. Kann ich bei der AsA mitmachen?", ""),
    "Elternteil": ("Kann mein Sohn bei der AsA mitmachen?", "ist in Ausbildung"),
    "Betrieb": ("Kann unser Betrieb die AsA nutzen?", ""),
    "Knopf ohne Angabe": ("/check_eligibility", "Ich bin in Ausbildung"),
}


def answer_to(question: str, situation: str) -> str:
    if re.search(r"Situation", question):
        return situation or "Ich bin in Ausbildung"
    for pattern, answer in TYPICAL_ANSWERS:
        if re.search(pattern, question):
            return answer
    raise AssertionError(f"no typical answer for: {question!r}")


def walk(say: Callable[[str, str], List[dict]], first: str, situation: str) -> Tuple[int, List[str]]:
    """(questions asked before the verdict, the questions) for one path; `say(sender, text)` -> messages."""
    sender = f"paths-{uuid.uuid4().hex[:10]}"
    messages = say(sender, first)
    questions: List[str] = []
    while not any(VERDICT in (m.get("text") or "") for m in messages):
        if len(questions) > 10:
            raise AssertionError(f"no verdict after {questions}")
        question = (messages[-1].get("text") or "") if messages else ""
        questions.append(question)
        messages = say(sender, answer_to(question, situation))
    return len(questions), questions


def main() -> int:
    import os
    import signal
    import tempfile

    import httpx

    sys.path.insert(0, str(ROOT / "scripts"))
    from run_all import serve

    port = 5315
    with tempfile.TemporaryDirectory() as workdir:
        process = serve(ROOT / "models" / "asa.tar.gz", port, Path(workdir))
        try:
            with httpx.Client(timeout=60) as client:

                def say(sender: str, text: str) -> List[dict]:
                    response = client.post(
                        f"http://127.0.0.1:{port}/webhooks/rest/webhook", json={"sender": sender, "message": text}
                    )
                    response.raise_for_status()
                    return response.json()

                worst = 0
                print(f"Fragen bis zur Orientierung (Ziel: höchstens {MAX_QUESTIONS}):")
                for name, (first, situation) in PATHS.items():
                    count, questions = walk(say, first, situation)
                    worst = max(worst, count)
                    print(f"  {name:<28} {count}  " + " | ".join(q.split("?")[0][:40] for q in questions))
        finally:
            os.killpg(process.pid, signal.SIGINT)
            process.wait(timeout=60)
    return 0 if worst <= MAX_QUESTIONS else 1


if __name__ == "__main__":
    sys.exit(main())
