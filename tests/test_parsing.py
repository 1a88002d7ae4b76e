"""Free-text answers of the check: "ja klar", "nö", "seit März 2024", "B1 glaub ich", "weiß nicht"."""
from datetime import date

import pytest

from actions.eligibility.parsing import (
    DONT_KNOW,
    NOT_EMPLOYED,
    NotUnderstood,
    correction_of_situation,
    infer_audience,
    parse_answer,
)

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize("text,value", [("ja klar", True), ("Ja", True), ("jo", True), ("nö", False),
                                        ("nee", False), ("Nein, eher nicht", False), ("weiß nicht", DONT_KNOW),
                                        ("keine Ahnung", DONT_KNOW)])
def test_yes_no(text, value):
    assert parse_answer("needs_support", text, TODAY) == value


@pytest.mark.parametrize("text", ["blau", "heute ist Montag", "123"])
def test_nonsense_yes_no_is_not_understood(text):
    with pytest.raises(NotUnderstood):
        parse_answer("needs_support", text, TODAY)


@pytest.mark.parametrize("text,value", [
    ("seit März 2024", date(2024, 3, 1)), ("15.03.2024", date(2024, 3, 15)), ("03/2024", date(2024, 3, 1)),
    ("im Januar 2023 eingereist", date(2023, 1, 1)), ("vor 8 Monaten", date(2026, 3, 24)),
    ("seit 2 Jahren", date(2024, 11, 24)), ("2019-07-31", date(2019, 7, 31)), ("1. August 2019", date(2019, 8, 1)),
])
def test_dates(text, value):
    assert parse_answer("entry_date", text, TODAY) == value


def test_impossible_date_is_not_understood():
    with pytest.raises(NotUnderstood):
        parse_answer("entry_date", "31.02.2024", TODAY)


@pytest.mark.parametrize("text,value", [("B1 glaub ich", "B1"), ("a2", "A2"), ("c 1", "C1"), ("weiß nicht", DONT_KNOW),
                                        ("Muttersprache", "C2")])
def test_german_level(text, value):
    assert parse_answer("german_level", text, TODAY) == value


def test_unknown_level_is_not_understood():
    with pytest.raises(NotUnderstood):
        parse_answer("german_level", "Z9", TODAY)


@pytest.mark.parametrize("text,value", [
    ("Ich suche einen Ausbildungsplatz", "looking_for_training"), ("bin im 2. Lehrjahr", "in_training"),
    ("ich mache eine EQ", "in_eq"), ("hab abgebrochen", "training_ended_early"),
    ("Ausbildung abgeschlossen", "training_completed"), ("ist in Ausbildung", "in_training"),
])
def test_situation(text, value):
    assert parse_answer("situation", text, TODAY) == value


@pytest.mark.parametrize("text,value", [("deutsch", "citizen"), ("Ich komme aus Italien", "eu"), ("Duldung", "duldung"),
                                        ("Gestattung", "gestattung"), ("Beschäftigungsverbot", "employment_ban"),
                                        ("Aufenthaltstitel mit Arbeitserlaubnis", "work_permitted")])
def test_residence(text, value):
    assert parse_answer("residence_status", text, TODAY) == value


@pytest.mark.parametrize("field,text,value", [
    ("vorphase_months", "noch nie", 0), ("vorphase_months", "vier", 4), ("vorphase_months", "3 Monate", 3),
    ("hours_per_week", "39 Stunden", 39), ("hours_per_week", "weniger als 20 Stunden", 19),
    ("hours_per_week", "Vollzeit", 39), ("months_since_training_end", "ein halbes Jahr", 6),
    ("months_since_employment_start", "noch keine Arbeit", NOT_EMPLOYED),
    ("months_since_employment_start", "seit 3 Monaten", 3),
    ("lives_abroad", "wohnt in Deutschland", False), ("lives_abroad", "Nein, im Ausland", True),
    ("lives_abroad", "ja", False), ("training_kind", "Altenpflege", "altenpflege"),
    ("training_kind", "schulische Ausbildung", "school_based"), ("training_kind", "Mechatroniker im Betrieb", "dual"),
    ("audience", "für mein Kind", "parent"), ("audience", "für unseren Betrieb", "company"),
])
def test_other_fields(field, text, value):
    assert parse_answer(field, text, TODAY) == value


@pytest.mark.parametrize("text,value", [("nein, ich habe doch schon einen Vertrag", "in_training"),
                                        ("sorry, ich hab die Ausbildung abgebrochen", "training_ended_early"),
                                        ("ja", None), ("B1", None)])
def test_correction_of_situation(text, value):
    assert correction_of_situation(text) == value


@pytest.mark.parametrize("text,value", [("kann mein Sohn mitmachen?", "parent"), ("gilt das für unseren Betrieb", "company"),
                                        ("kann ich mitmachen", "youth"), ("Check starten", None)])
def test_infer_audience(text, value):
    assert infer_audience(text) == value
