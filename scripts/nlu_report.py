"""Understanding, measured twice: the held-out set beside the real-world set.

1. The held-out set (tests/nlu_test.yml, our own wording): `rasa test nlu` (reports in
   reports/nlu/), with a figure that counts a FAQ question as right only for the exact topic.
2. The real-world set (tests/realworld/questions.yml, what real people wrote): each question
   as the first message of a fresh conversation over the REST channel of the running assistant,
   judged on the facts or the referral of the reply, per kind, category and audience.

Exit code 0; the test suite asserts the thresholds (tests/test_nlu_quality.py,
tests/test_realworld.py). `--no-run` reuses the held-out reports; `--held-out-only` skips step 2.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports" / "nlu"


def run_rasa_test(out: Path = REPORTS, model: str = "models/asa.tar.gz") -> None:
    subprocess.run(
        [
            str(ROOT / ".venv/bin/rasa"),
            "test",
            "nlu",
            "--nlu",
            "tests/nlu_test.yml",
            "--model",
            model,
            "--out",
            str(out),
            "--quiet",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def figures(reports: Path = REPORTS) -> dict:
    REPORTS = reports  # noqa: N806 - same name as the default, read below
    intents = json.loads((REPORTS / "intent_report.json").read_text())
    selections = json.loads((REPORTS / "response_selection_report.json").read_text())
    errors = (
        json.loads((REPORTS / "intent_errors.json").read_text()) if (REPORTS / "intent_errors.json").exists() else []
    )
    rs_errors = (
        json.loads((REPORTS / "response_selection_errors.json").read_text())
        if (REPORTS / "response_selection_errors.json").exists()
        else []
    )
    total = intents["weighted avg"]["support"]
    wrong = {e["text"] for e in errors} | {e["text"] for e in rs_errors}
    return {
        "examples": total,
        "intent_accuracy": intents["accuracy"],
        "response_selection_accuracy": selections["accuracy"],
        "full_intent_accuracy": (total - len(wrong)) / total,
        "wrong": sorted(wrong),
    }


def realworld_over_rest(model: Path = ROOT / "models" / "asa.tar.gz", port: int = 5305) -> list:
    import os
    import signal
    import tempfile

    import httpx

    sys.path.insert(0, str(ROOT / "scripts"))
    import realworld
    from run_all import serve

    with tempfile.TemporaryDirectory() as workdir:
        process = serve(model, port, Path(workdir))
        try:
            with httpx.Client(timeout=60) as client:

                def say(sender: str, text: str) -> str:
                    response = client.post(
                        f"http://127.0.0.1:{port}/webhooks/rest/webhook", json={"sender": sender, "message": text}
                    )
                    response.raise_for_status()
                    return "\n".join(m.get("text", "") for m in response.json())

                return realworld.ask_all(realworld.load(), say)
        finally:
            os.killpg(process.pid, signal.SIGINT)
            process.wait(timeout=60)


if __name__ == "__main__":
    if "--no-run" not in sys.argv:
        run_rasa_test()
    f = figures()
    print(f"held-out examples: {f['examples']}")
    print(f"intent accuracy (faq counted as one intent): {f['intent_accuracy']:.3f}")
    print(f"FAQ topic accuracy (response selector):      {f['response_selection_accuracy']:.3f}")
    print(f"full intent accuracy (exact faq/<topic>):    {f['full_intent_accuracy']:.3f}")
    for text in f["wrong"]:
        print("  wrong:", text)
    if "--held-out-only" not in sys.argv:
        import realworld

        print()
        print(realworld.report(realworld_over_rest()))
