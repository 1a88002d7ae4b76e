"""One answer schema: the rules model, the API, the hotline form, the Rasa slots and the actions agree."""

import sys
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
sys.path.insert(0, str(ROOT / "scripts"))
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


def test_rasa_slots_and_form_are_the_schemas(tmp_path):
    domain = built_domain(tmp_path)
    assert domain["forms"]["eligibility_form"]["required_slots"] == ["audience", "special_cases", *schema.CHAT_SLOTS]
    assert set(schema.CHAT_SLOTS) <= set(domain["slots"])
    assert ANSWER_SLOTS == schema.CHAT_SLOTS


def test_a_question_added_to_the_schema_stops_the_build_with_the_line_to_paste(monkeypatch):
    import build_domain

    monkeypatch.setattr(build_domain, "CHAT_SLOTS", (*schema.CHAT_SLOTS, "pet_name"))
    problems = build_domain.answer_slot_problems(DOMAIN)
    assert len(problems) == 2  # the slot, and the form's list
    line = problems[0].splitlines()[-1]
    assert yaml.safe_load(line)["pet_name"]["mappings"][0]["conditions"][0]["requested_slot"] == "pet_name"
    monkeypatch.setattr(build_domain, "CHAT_SLOTS", schema.CHAT_SLOTS)
    assert build_domain.answer_slot_problems(DOMAIN) == []


def test_the_committed_faq_responses_are_the_ones_knowledge_gives():
    import build_domain

    committed = (ROOT / "data" / "faq_responses.yml").read_text(encoding="utf-8")
    assert committed == build_domain.responses_file(), "knowledge/faq.yml changed: make faq-responses"


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
