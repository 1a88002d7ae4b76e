"""Free-text answers of the check: "ja klar", "nö", "seit März 2024", "B1 glaub ich", "weiß nicht"."""

from datetime import date

import pytest

from actions.eligibility.parsing import (
    DONT_KNOW,
    NOT_EMPLOYED,
    NotUnderstood,
    correction_of_situation,
    parse_answer,
)

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    "text,value",
    [
        ("ja klar", True),
        ("Ja", True),
        ("jo", True),
        ("nö", False),
        ("nee", False),
        ("Nein, eher nicht", False),
        ("weiß nicht", DONT_KNOW),
        ("keine Ahnung", DONT_KNOW),
    ],
)
def test_yes_no(text, value):
    assert parse_answer("needs_support", text, TODAY) == value


@pytest.mark.parametrize("text", ["blau", "heute ist Montag", "123"])
def test_nonsense_yes_no_is_not_understood(text):
    with pytest.raises(NotUnderstood):
        parse_answer("needs_support", text, TODAY)


@pytest.mark.parametrize(
    "text,value",
    [
        ("seit März 2024", date(2024, 3, 1)),
        ("15.03.2024", date(2024, 3, 15)),
        ("03/2024", date(2024, 3, 1)),
        ("im Januar 2023 eingereist", date(2023, 1, 1)),
        ("vor 8 Monaten", date(2026, 3, 24)),
        ("seit 2 Jahren", date(2024, 11, 24)),
        ("2019-07-31", date(2019, 7, 31)),
        ("1. August 2019", date(2019, 8, 1)),
    ],
)
def test_dates(text, value):
    assert parse_answer("entry_date", text, TODAY) == value


def test_impossible_date_is_not_understood():
    with pytest.raises(NotUnderstood):
        parse_answer("entry_date", "31.02.2024", TODAY)


@pytest.mark.parametrize(
    "text,value",
    [("B1 glaub ich", "B1"), ("a2", "A2"), ("c 1", "C1"), ("weiß nicht", DONT_KNOW), ("Muttersprache", "C2")],
)
def test_german_level(text, value):
    assert parse_answer("german_level", text, TODAY) == value


def test_unknown_level_is_not_understood():
    with pytest.raises(NotUnderstood):
        parse_answer("german_level", "Z9", TODAY)


@pytest.mark.parametrize(
    "text,value",
    [
        ("Ich suche einen Ausbildungsplatz", "looking_for_training"),
        ("bin im 2. Lehrjahr", "in_training"),
        ("ich mache eine EQ", "in_eq"),
        ("hab abgebrochen", "training_ended_early"),
        ("Ausbildung abgeschlossen", "training_completed"),
        ("ist in Ausbildung", "in_training"),
    ],
)
def test_situation(text, value):
    assert parse_answer("situation", text, TODAY) == value


@pytest.mark.parametrize(
    "text,value",
    [
        ("deutsch", "citizen"),
        ("Ich komme aus Italien", "eu"),
        ("Duldung", "duldung"),
        ("Gestattung", "gestattung"),
        ("Beschäftigungsverbot", "employment_ban"),
        ("Aufenthaltstitel mit Arbeitserlaubnis", "work_permitted"),
    ],
)
def test_residence(text, value):
    assert parse_answer("residence_status", text, TODAY) == value


@pytest.mark.parametrize(
    "field,text,value",
    [
        ("vorphase_months", "noch nie", 0),
        ("vorphase_months", "vier", 4),
        ("vorphase_months", "3 Monate", 3),
        ("hours_per_week", "39 Stunden", 39),
        ("hours_per_week", "weniger als 20 Stunden", 19),
        ("hours_per_week", "Vollzeit", 39),
        ("months_since_training_end", "ein halbes Jahr", 6),
        ("months_since_employment_start", "noch keine Arbeit", NOT_EMPLOYED),
        ("months_since_employment_start", "seit 3 Monaten", 3),
        ("lives_abroad", "wohnt in Deutschland", False),
        ("lives_abroad", "Nein, im Ausland", True),
        ("lives_abroad", "ja", False),
        ("training_kind", "Altenpflege", "altenpflege"),
        ("training_kind", "schulische Ausbildung", "school_based"),
        ("training_kind", "Mechatroniker im Betrieb", "dual"),
        ("audience", "für mein Kind", "parent"),
        ("audience", "für unseren Betrieb", "company"),
    ],
)
def test_other_fields(field, text, value):
    assert parse_answer(field, text, TODAY) == value


@pytest.mark.parametrize(
    "text,value",
    [
        ("nein, ich habe doch schon einen Vertrag", "in_training"),
        ("sorry, ich hab die Ausbildung abgebrochen", "training_ended_early"),
        ("ja", None),
        ("B1", None),
    ],
)
def test_correction_of_situation(text, value):
    assert correction_of_situation(text) == value


# Every status and kind of the schema in everyday wording, including the former misreadings
# ("Asylberechtigter" is no Gestattung; "Aufenthaltserlaubnis in Deutschland" is no citizenship).
@pytest.mark.parametrize(
    "text,value",
    [
        ("ich bin deutscher", "citizen"),
        ("hab nen deutschen pass", "citizen"),
        ("komme aus polen", "eu"),
        ("Schweizerin", "eu"),
        ("EU-Bürger", "eu"),
        ("Aufenthaltserlaubnis in Deutschland", "residence_permit"),
        ("aufenthaltserlaubnis nach § 25", "residence_permit"),
        ("ich bin aus der Ukraine, Paragraph 24", "residence_permit"),
        ("16g Aufenthaltserlaubnis", "residence_permit"),
        ("Chancen-Aufenthaltsrecht 104c", "residence_permit"),
        ("Asylberechtigter", "recognised_refugee"),
        ("anerkannter Flüchtling", "recognised_refugee"),
        ("hab subsidiären schutz", "recognised_refugee"),
        ("Asyl wurde anerkannt", "recognised_refugee"),
        ("Niederlassungserlaubnis", "work_permitted"),
        ("Blaue Karte", "work_permitted"),
        ("bin im asylverfahren", "gestattung"),
        ("Asylbewerber", "gestattung"),
        ("Aufenthaltsgestattung", "gestattung"),
        ("ich bin geduldet", "duldung"),
        ("Duldung", "duldung"),
        ("Ausbildungsduldung", "ausbildungsduldung"),
        ("hab eine Beschäftigungsduldung", "beschaeftigungsduldung"),
        ("ich darf nicht arbeiten", "employment_ban"),
        ("Arbeitsverbot", "employment_ban"),
    ],
)
def test_every_residence_status_in_everyday_wording(text, value):
    assert parse_answer("residence_status", text, TODAY) == value


@pytest.mark.parametrize(
    "text,value",
    [
        ("Ausbildung im Betrieb", "dual"),
        ("Lehre als Tischler", "dual"),
        ("zweite Ausbildung im Betrieb", "dual"),
        ("außerbetriebliche Ausbildung", "ausserbetrieblich"),
        ("BaE beim Bildungsträger", "ausserbetrieblich"),
        ("Pflegefachfrau", "pflege_pflbg"),
        ("Pflegeausbildung nach Pflegeberufegesetz", "pflege_pflbg"),
        ("generalistische Ausbildung mit Vertiefung Altenpflege", "pflege_pflbg_altenpflege"),
        ("Pflegefachmann mit Abschluss Altenpflege", "pflege_pflbg_altenpflege"),
        ("Altenpflege", "altenpflege"),
        ("Altenpflegerin nach dem alten Gesetz", "altenpflege"),
        ("Pflegehelferin", "pflege_other"),
        ("Pflegeassistenz nach Landesrecht", "pflege_other"),
        ("schulische Ausbildung", "school_based"),
        ("Berufsfachschule", "school_based"),
    ],
)
def test_every_training_kind_in_everyday_wording(text, value):
    assert parse_answer("training_kind", text, TODAY) == value


@pytest.mark.parametrize(
    "text,value",
    [
        ("Abschlussprüfung nicht bestanden", "in_training"),
        ("bin durchgefallen bei der Gesellenprüfung", "in_training"),
        ("Prüfung bestanden", "training_completed"),
        ("hab ausgelernt", "training_completed"),
    ],
)
def test_a_failed_final_exam_is_no_completed_training(text, value):
    assert parse_answer("situation", text, TODAY) == value


def test_second_training_is_recognised():
    from actions.eligibility.parsing import SECOND_TRAINING

    assert SECOND_TRAINING.search("das ist meine zweite Ausbildung")
    assert not SECOND_TRAINING.search("bin im zweiten Lehrjahr")


def test_every_question_asked_in_chat_has_a_parser():
    from actions.eligibility import schema
    from actions.eligibility.parsing import PARSERS

    assert set(schema.ASKED_IN_CHAT) <= set(PARSERS)
