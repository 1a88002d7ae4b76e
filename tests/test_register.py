"""du and Sie never mixed: every response variant, and the variant each asker gets.

Reads the generated domain (build/domain.yml: domain.yml plus the FAQ answers), so the
FAQ texts, the check's questions and the hints are all covered. Conversation replies are
checked the same way in tests/test_conversations.py.
"""

from pathlib import Path

import pytest
import yaml

from actions.eligibility import schema
from knowledge.register import fits, register_of

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = {"youth": "du", "parent": "sie", "company": "sie", None: "sie"}
# questions only one kind of asker is ever asked (the rules module decides which)
COMPANY_ONLY = {"has_trainee_or_eq", "trainee_eligible", "willing_to_train"}
YOUTH_ONLY = {q.name for q in schema.QUESTIONS if q.asked_in_chat} - COMPANY_ONLY - {"company_in_germany"}


@pytest.fixture(scope="module")
def responses():
    subprocess_free = ROOT / "build" / "domain.yml"
    if not subprocess_free.exists():
        import subprocess
        import sys

        subprocess.run([sys.executable, str(ROOT / "scripts" / "build_domain.py"), str(subprocess_free)], check=True)
    return yaml.safe_load(subprocess_free.read_text(encoding="utf-8"))["responses"]


def chosen_variants(variants, audience):
    """What Rasa's response filter picks for this audience (conditions on other slots do not hold)."""
    matching = [
        v
        for v in variants
        if v.get("condition") and all(c["name"] == "audience" and c["value"] == audience for c in v["condition"])
    ]
    return matching or [v for v in variants if not v.get("condition")]


def asked_of(name, audience):
    field = name[len("utter_ask_") :] if name.startswith("utter_ask_") else None
    if field in schema.ASKED_IN_CHAT and audience is None:
        return False  # the check asks who it is for before anything else
    if field in COMPANY_ONLY:
        return audience == "company"
    if field in YOUTH_ONLY:
        return audience != "company"
    return True


def test_no_response_variant_mixes_du_and_sie(responses):
    mixed = [
        (name, v["text"])
        for name, variants in responses.items()
        for v in variants
        if v.get("text") and register_of(v["text"]) == "mixed"
    ]
    assert not mixed


@pytest.mark.parametrize("audience", list(EXPECTED))
def test_each_asker_gets_their_register_from_every_response(responses, audience):
    wrong = [
        (name, v["text"][:80])
        for name, variants in responses.items()
        if asked_of(name, audience)
        for v in chosen_variants(variants, audience)
        if v.get("text") and not fits(v["text"], EXPECTED[audience])
    ]
    assert not wrong, f"{audience}: {wrong}"


def test_the_detector_tells_the_registers_apart():
    assert register_of("Mit „abbrechen“ können Sie aufhören. Wie ist deine Situation?") == "mixed"
    assert register_of("Sie hilft dir weiter.") == "du"  # "Sie" at the start: the AsA, not the reader
    assert register_of("Bitte wählen Sie ein Thema.") == "sie"
    assert register_of("Die AsA ist kostenlos.") is None
