"""One answer schema: the rules model, the API, the hotline form, the Rasa slots and the actions agree."""

from datetime import date
from pathlib import Path

import pytest
import yaml

from actions.eligibility import Answers, schema
from actions.eligibility.model import ANSWER_SLOTS
from actions.eligibility.parsing import DONT_KNOW, parse_answer
from bot.eligibility_api import EligibilityRequest
from bot.hotline.check_form import FIELDS

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def built_domain(tmp_path):
    import subprocess
    import sys

    target = tmp_path / "domain.yml"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts/build_domain.py"), str(target)], check=True, capture_output=True
    )
    return yaml.safe_load(target.read_text(encoding="utf-8"))


def test_answers_have_exactly_the_schema_fields():
    assert Answers.field_names() == [q.name for q in schema.QUESTIONS]


def test_api_request_has_every_field_and_the_deprecated_aliases():
    expected = {q.name for q in schema.QUESTIONS} - {"employed"} | set(schema.DEPRECATED_ALIASES)
    assert set(EligibilityRequest.model_fields) == expected


def test_hotline_form_has_every_field_with_the_schema_options():
    assert list(FIELDS) == [q.name for q in schema.QUESTIONS]
    for q in schema.QUESTIONS:
        if q.kind == "choice":
            assert FIELDS[q.name].options == q.options


def test_rasa_slots_and_form_come_from_the_schema(tmp_path):
    domain = built_domain(tmp_path)
    assert domain["forms"]["eligibility_form"]["required_slots"] == ["audience", "special_cases", *schema.CHAT_SLOTS]
    assert set(schema.CHAT_SLOTS) <= set(domain["slots"])
    assert ANSWER_SLOTS == schema.CHAT_SLOTS
    assert not set(schema.CHAT_SLOTS) & set(DOMAIN["slots"]), "answer slots belong in the schema only"


@pytest.mark.parametrize("name", schema.ASKED_IN_CHAT)
def test_every_question_asked_in_chat_has_its_question_text(name):
    assert f"utter_ask_{name}" in DOMAIN["responses"]


@pytest.mark.parametrize("name", [q.name for q in schema.QUESTIONS if q.kind == "choice" and q.asked_in_chat])
def test_the_buttons_of_a_choice_question_cover_its_values_and_parse_to_them(name):
    covered = set()
    for variant in DOMAIN["responses"][f"utter_ask_{name}"]:
        for button in variant.get("buttons", []):
            value = parse_answer(name, button["payload"], date(2026, 12, 1))
            if value == DONT_KNOW:
                continue  # "Weiß nicht" gets an explanation (actions.DONT_KNOW_HINTS)
            assert value in schema.values(name), (button, value)
            covered.add(value)
    assert covered == set(schema.values(name))
