"""Intent accuracy on the held-out test set (tests/nlu_test.yml), retrieval intents in full.

Runs `rasa test nlu` (its reports land in reports/nlu/) and prints one figure that counts
a FAQ question as right only when the exact topic (faq/<topic>) is predicted.
Exit code 0; the test suite asserts the threshold (tests/test_nlu_quality.py).
"""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports" / "nlu"


def run_rasa_test(out: Path = REPORTS, model: str = "models/asa.tar.gz") -> None:
    subprocess.run([str(ROOT / ".venv/bin/rasa"), "test", "nlu", "--nlu", "tests/nlu_test.yml", "--model", model,
                    "--out", str(out), "--quiet"], cwd=ROOT, check=True, capture_output=True)


def figures(reports: Path = REPORTS) -> dict:
    REPORTS = reports  # noqa: N806 - same name as the default, read below
    intents = json.loads((REPORTS / "intent_report.json").read_text())
    selections = json.loads((REPORTS / "response_selection_report.json").read_text())
    errors = json.loads((REPORTS / "intent_errors.json").read_text()) if (REPORTS / "intent_errors.json").exists() else []
    rs_errors = (json.loads((REPORTS / "response_selection_errors.json").read_text())
                 if (REPORTS / "response_selection_errors.json").exists() else [])
    total = intents["weighted avg"]["support"]
    wrong = {e["text"] for e in errors} | {e["text"] for e in rs_errors}
    return {"examples": total, "intent_accuracy": intents["accuracy"],
            "response_selection_accuracy": selections["accuracy"],
            "full_intent_accuracy": (total - len(wrong)) / total, "wrong": sorted(wrong)}


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
