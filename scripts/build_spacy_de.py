"""Build the German spaCy pipeline used by the NLU (no model download is possible).

A blank German pipeline plus the lookup lemmatizer whose table ships in
spacy-lookups-data. Saved into the project so Rasa loads it by path.
"""

import sys
from pathlib import Path

import spacy


def build(target: Path) -> None:
    nlp = spacy.blank("de")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    # Fail at build time, not at training time, if the lookup table is missing.
    if nlp("Ausbildungen")[0].lemma_ != "Ausbildung":
        raise SystemExit("German lemma lookup table not loaded (spacy-lookups-data missing?)")
    nlp.meta["name"] = "asa_de"
    nlp.meta["description"] = "blank German pipeline with lookup lemmatizer for AsA-Assistent"
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    print(f"German spaCy pipeline written to {target}")


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "models/spacy_de"))
