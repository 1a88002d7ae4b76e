"""The stock Rasa CLI works from the repository root with the committed files (issue 15).

`rasa data validate` (and `rasa train`) read Rasa's defaults: config.yml, domain.yml and
data/ (rules, the FAQ responses made from knowledge/faq.yml, nlu/ as a link). Run in Rasa's
environment, from the root, with no arguments.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
RASA = ROOT / ".venv" / "bin" / "rasa"


def rasa(*args: str) -> subprocess.CompletedProcess:
    """The stock Rasa CLI from the root, where our components import from the root."""
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", SQLALCHEMY_SILENCE_UBER_WARNING="1", PYTHONPATH=str(ROOT))
    return subprocess.run([str(RASA), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def test_data_validate_from_the_root_passes_and_finds_every_faq_response():
    result = rasa("data", "validate")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    output = result.stdout + result.stderr
    # a retrieval intent without its responses would be reported, as would an unknown response
    assert "faq/" not in output, output[-2000:]
    assert "does not have a response" not in output and "not defined in the domain" not in output


def test_the_default_data_folder_holds_the_nlu_data_and_every_faq_answer():
    assert (ROOT / "data" / "nlu").resolve() == (ROOT / "nlu").resolve()
    responses = yaml.safe_load((ROOT / "data" / "faq_responses.yml").read_text(encoding="utf-8"))["responses"]
    intents = set()
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if block.get("intent", "").startswith("faq/"):
                intents.add("utter_" + block["intent"])
    assert intents == set(responses)


@pytest.mark.model
def test_train_dry_run_from_the_root_finds_nothing_to_train_after_make():
    # make model trains with the stock paths, so the stock dry run reads the same files and Rasa's
    # training cache (.rasa/cache) holds every component: exit 0, Rasa's "nothing to train" verdict
    # (1 would mean that the stock paths read other data than make did)
    result = rasa("train", "--dry-run")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-2000:]
    assert "No training of components required" in output
    assert "response selector" not in output  # the LinearClassifier learns the FAQ topics
