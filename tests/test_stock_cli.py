"""The stock Rasa CLI works from the repository root with the committed files (issue 15).

`rasa data validate` (and `rasa train`) read Rasa's defaults: config.yml, domain.yml and
data/ (rules, the FAQ responses made from knowledge/faq.yml, nlu/ as a link). Run in Rasa's
environment, from the root, with no arguments.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"


def in_rasa_env(*command: str) -> subprocess.CompletedProcess:
    """`command` from the root in Rasa's environment, where our components import from the root."""
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", SQLALCHEMY_SILENCE_UBER_WARNING="1", PYTHONPATH=str(ROOT))
    return subprocess.run(list(command), cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def rasa(*args: str) -> subprocess.CompletedProcess:
    return in_rasa_env(str(VENV_BIN / "rasa"), *args)


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


# Fingerprints of the trained graph's nodes in a dry run from the root: which ones Rasa's training
# cache (.rasa/cache, filled by make model) would reuse.
_DRY_RUN_NODES = """
import json
from rasa.engine.training.components import FingerprintStatus
from rasa.model_training import TrainingType, _train_graph
from rasa.shared.importers.importer import TrainingDataImporter

importer = TrainingDataImporter.load_from_config("config.yml", "domain.yml", ["data"])
result = _train_graph(importer, training_type=TrainingType.BOTH, output_path="models", fixed_model_name=None,
                      dry_run=True)
print(json.dumps({name: status.is_hit for name, status in result.dry_run_results.items()
                  if isinstance(status, FingerprintStatus)}))
"""


@pytest.mark.model
def test_train_dry_run_from_the_root_reaches_a_verdict_on_what_make_trained():
    result = rasa("train", "--dry-run")
    output = result.stdout + result.stderr
    # Rasa's two dry-run verdicts: 0 nothing to train, 1 (CODE_NEEDS_TO_BE_RETRAINED) something to train;
    # an error in the config, domain or data would end otherwise
    assert result.returncode in (0, 1), output[-2000:]
    assert "No training of components required" in output or "The model needs to be retrained" in output
    # The featurizers are fitted on the training data and the domain: the stock paths reuse the ones make
    # trained, so they read the same files. (DIET and the ResponseSelector are trained again by a dry run's
    # verdict in Rasa 3.6 with this pipeline even right after make: their cache keys come from the
    # featurised data, whose fingerprint is not the same in a second process.)
    nodes = in_rasa_env(str(VENV_BIN / "python"), "-c", _DRY_RUN_NODES)
    assert nodes.returncode == 0, nodes.stderr[-2000:]
    hits = json.loads(nodes.stdout.strip().splitlines()[-1])
    featurizers = {name: hit for name, hit in hits.items() if "Featurizer" in name and name.startswith("train_")}
    assert featurizers and all(featurizers.values()), featurizers
