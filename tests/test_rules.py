"""Every rule id of ../shared/domain/eligibility-rules.md, with its boundaries."""

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from actions.eligibility import RULES, Answers, InvalidAnswer, assess
from actions.eligibility.dates import add_months, months_between

TODAY = date(2026, 11, 24)


def vorphase(**changes) -> Answers:
    base = Answers(
        audience="youth",
        situation="looking_for_training",
        school_obligation=False,
        needs_support=True,
        residence_status="citizen",
        lives_abroad=False,
        vorphase_months=0,
        hours_per_week=39,
        berufseinstiegsbegleitung=False,
    )
    return replace(base, **changes)


def in_training(**changes) -> Answers:
    base = Answers(
        audience="youth",
        situation="in_training",
        needs_support=True,
        residence_status="citizen",
        training_kind="dual",
        lives_abroad=False,
        berufseinstiegsbegleitung=False,
    )
    return replace(base, **changes)


def asyl_vorphase(status="duldung", **changes) -> Answers:
    """A Vorphase with Gestattung or Duldung whose schooling and German are no obstacle."""
    return vorphase(**{"residence_status": status, "german_level": "B1", "transition_expected": True, **changes})


def completed(**changes) -> Answers:
    base = Answers(
        audience="youth",
        situation="training_completed",
        needs_support=True,
        residence_status="citizen",
        asa_supported_training=True,
        lives_abroad=False,
        months_since_training_end=2,
        employed=False,
    )
    return replace(base, **changes)


def run(answers: Answers):
    return assess(answers, today=TODAY)


def test_rule_ids_with_two_parts_are_read_from_the_domain_file():
    assert re.findall(r"^\| ([A-Z]-[A-Z]+(?:-[A-Z]+)*) \|", "| V-ASYL-SKILLS | x |", flags=re.M) == ["V-ASYL-SKILLS"]


def test_every_rule_of_the_domain_file_is_in_the_catalog():
    domain_file = Path(__file__).resolve().parents[2] / "shared" / "domain" / "eligibility-rules.md"
    if not domain_file.exists():
        pytest.skip("shared/ not beside the repository")
    ids = set(re.findall(r"^\| ([A-Z]-[A-Z]+(?:-[A-Z]+)*) \|", domain_file.read_text(), flags=re.M))
    assert ids, "no rule ids found in the domain file"
    assert ids <= set(RULES), sorted(ids - set(RULES))


def test_happy_vorphase_is_likely_eligible_with_notes():
    verdict = run(vorphase())
    assert (verdict.outcome, verdict.phase) == ("likely_eligible", "vorphase")
    assert {"V-PHASE", "V-BAB", "V-END", "L-NOVORALONE", "Y-READY", "DECIDE"} <= set(verdict.rule_ids())
    assert "Agentur für Arbeit" in verdict.next_step


def test_y_school_excludes():
    verdict = run(vorphase(school_obligation=True))
    assert verdict.outcome == "not_eligible" and "Y-SCHOOL" in verdict.rule_ids()


def test_y_need_excludes():
    assert run(vorphase(needs_support=False)).outcome == "not_eligible"
    assert "Y-NEED" in run(completed(needs_support=False)).rule_ids()


def test_y_ban_excludes_and_eu_is_fine():
    assert run(in_training(residence_status="employment_ban")).outcome == "not_eligible"
    assert run(in_training(residence_status="eu")).outcome == "likely_eligible"


def test_y_access_note_for_gestattung_in_training():
    verdict = run(in_training(residence_status="gestattung"))
    assert verdict.outcome == "likely_eligible" and "Y-ACCESS" in verdict.rule_ids()


def test_y_berb_is_case_by_case():
    verdict = run(in_training(berufseinstiegsbegleitung=True))
    assert verdict.outcome == "case_by_case" and "Y-BERB" in verdict.rule_ids()


def test_y_disab_is_no_obstacle():
    verdict = run(vorphase(disability=True))
    assert verdict.outcome == "likely_eligible" and "Y-DISAB" in verdict.rule_ids()


def test_v_abroad_excludes_vorphase_but_b_abroad_allows_begleitende_phase():
    assert run(vorphase(lives_abroad=True)).outcome == "not_eligible"
    allowed = run(in_training(lives_abroad=True, company_in_germany=True))
    assert allowed.outcome == "likely_eligible" and "B-ABROAD" in allowed.rule_ids()
    refused = run(in_training(lives_abroad=True, company_in_germany=False))
    assert refused.outcome == "not_eligible" and "B-ABROAD-NO" in refused.rule_ids()


def test_company_in_germany_is_asked_only_when_living_abroad():
    assert run(in_training(lives_abroad=True)).missing == ["company_in_germany"]
    assert "company_in_germany" not in run(in_training()).missing


@pytest.mark.parametrize(
    "level,outcome",
    [("A1", "case_by_case"), ("A2", "case_by_case"), ("B1", "likely_eligible"), ("C2", "likely_eligible")],
)
def test_v_lang_boundary_b1(level, outcome):
    assert run(vorphase(residence_status="work_permitted", german_level=level)).outcome == outcome


def test_no_language_question_for_citizens():
    assert "german_level" not in run(vorphase(german_level=None)).missing
    assert run(vorphase(residence_status="eu", german_level=None)).missing == ["german_level"]


@pytest.mark.parametrize("stay,outcome", [(14, "not_eligible"), (15, "likely_eligible")])
def test_v_asyl_15_months_boundary(stay, outcome):
    answers = asyl_vorphase(entry_date=add_months(TODAY, -stay), decision_date=TODAY)
    verdict = run(answers)
    assert verdict.outcome == outcome
    assert ("V-ASYL-WAIT" if stay == 14 else "V-ASYL") in verdict.rule_ids()


def test_v_asyl_waiting_names_the_date_it_is_reached():
    verdict = run(asyl_vorphase("gestattung", entry_date=date(2026, 3, 1)))
    wait = next(r for r in verdict.reasons if r.rule == "V-ASYL-WAIT")
    assert "1. Juni 2027" in wait.text
    assert "vor diesem Datum" in verdict.next_step


@pytest.mark.parametrize("entry,needed", [(date(2019, 7, 31), 3), (date(2019, 8, 1), 15)])
def test_v_asyl_cutoff_1_august_2019(entry, needed):
    # decided 4 months after entry: enough only with the 3-month rule for early arrivals
    verdict = run(asyl_vorphase(entry_date=entry, decision_date=add_months(entry, 4)))
    assert verdict.outcome == ("likely_eligible" if needed == 3 else "not_eligible")
    assert ("V-ASYL-EARLY" in verdict.rule_ids()) == (needed == 3)


def test_v_asyl_permitted_stay_months_without_entry_date():
    assert run(asyl_vorphase(permitted_stay_months=15)).outcome == "likely_eligible"
    assert run(asyl_vorphase(permitted_stay_months=10)).missing == ["entry_date"]


@pytest.mark.parametrize(
    "months,outcome,rule",
    [
        (5, "likely_eligible", "V-DUR-OK"),
        (6, "case_by_case", "V-DUR-EXT"),
        (7, "case_by_case", "V-DUR-EXT"),
        (8, "not_eligible", "V-DUR"),
    ],
)
def test_v_dur_months_6_and_8(months, outcome, rule):
    verdict = run(vorphase(vorphase_months=months))
    assert verdict.outcome == outcome and rule in verdict.rule_ids()


@pytest.mark.parametrize("hours,outcome", [(19, "case_by_case"), (20, "likely_eligible"), (39, "likely_eligible")])
def test_v_hours_below_20_is_case_by_case_not_a_refusal(hours, outcome):
    # 2.2.1.2: 20 h "sollen grundsätzlich nicht unterschritten werden" - a rule with exceptions
    verdict = run(vorphase(hours_per_week=hours))
    assert verdict.outcome == outcome
    assert ("V-HOURS" in verdict.rule_ids()) == (hours < 20)


def ended_early(**changes) -> Answers:
    base = Answers(
        audience="youth",
        situation="training_ended_early",
        school_obligation=False,
        needs_support=True,
        residence_status="citizen",
        training_kind="dual",
        lives_abroad=False,
        berufseinstiegsbegleitung=False,
    )
    return replace(base, **changes)


def test_b_again_needs_no_new_contract():
    # § 75 Abs. 5 SGB III: after the premature end of a betriebliche training, no contract is needed
    verdict = run(ended_early())
    assert (verdict.outcome, verdict.phase) == ("likely_eligible", "begleitende_phase")
    assert {"B-AGAIN", "B-CONTRACT-NONE"} <= set(verdict.rule_ids())
    assert "B-CONTRACT" not in verdict.rule_ids()
    assert not any("muss" in r.text and "Ausbildungsvertrag" in r.text for r in verdict.reasons)


@pytest.mark.parametrize(
    "kind,outcome",
    [
        ("dual", "likely_eligible"),
        ("pflege_pflbg", "likely_eligible"),
        ("school_based", "not_eligible"),
        ("ausserbetrieblich", "not_eligible"),
        ("pflege_other", "not_eligible"),
    ],
)
def test_b_again_only_after_a_betriebliche_training(kind, outcome):
    # § 74 Abs. 3 Satz 1 Nr. 2a SGB III: "vorzeitige Lösung eines betrieblichen Berufsausbildungsverhältnisses"
    verdict = run(ended_early(training_kind=kind))
    assert verdict.outcome == outcome
    assert ("B-AGAIN-NO" in verdict.rule_ids()) == (outcome == "not_eligible")


def test_b_again_asks_which_training_ended():
    assert run(ended_early(training_kind=None)).missing == ["training_kind"]


def test_b_contract_note_in_the_vorphase():
    # § 75 Abs. 5 SGB III: the contract comes before the begleitende Phase
    assert "B-CONTRACT" in run(vorphase()).rule_ids()


def test_b_kind_school_based_excluded():
    assert run(in_training(training_kind="school_based")).outcome == "not_eligible"


@pytest.mark.parametrize("start,outcome", [(date(2019, 12, 31), "not_eligible"), (date(2020, 1, 1), "likely_eligible")])
def test_pflege_pflbg_from_1_january_2020(start, outcome):
    assert run(in_training(training_kind="pflege_pflbg", training_start=start)).outcome == outcome


@pytest.mark.parametrize(
    "decided,outcome", [(date(2024, 12, 31), "likely_eligible"), (date(2025, 1, 1), "not_eligible")]
)
def test_old_altenpflege_law_ends_31_december_2024(decided, outcome):
    # § 66 Abs. 2 PflBG: trainings under the Altenpflegegesetz could be completed until 31 Dec 2024
    verdict = assess(in_training(training_kind="altenpflege", training_start=date(2019, 9, 1)), today=decided)
    assert verdict.outcome == outcome
    assert ("B-PFLEGE-ALT-END" if outcome == "not_eligible" else "B-PFLEGE-ALT") in verdict.rule_ids()


def test_old_altenpflege_begun_2019_is_not_eligible_in_2026():
    assert run(in_training(training_kind="altenpflege", training_start=date(2019, 9, 1))).outcome == "not_eligible"


def test_pflbg_with_altenpflege_specialisation_counts():
    verdict = run(in_training(training_kind="pflege_pflbg_altenpflege", training_start=date(2023, 9, 1)))
    assert verdict.outcome == "likely_eligible" and "B-PFLEGE-OK" in verdict.rule_ids()


@pytest.mark.parametrize("start", [date(2019, 9, 1), date(2021, 9, 1)])
def test_other_pflege_is_not_a_betriebliche_training(start):
    # § 74 Abs. 1, § 57 Abs. 1 SGB III: Pflegehilfe under Land law is not supported
    verdict = run(in_training(training_kind="pflege_other", training_start=start))
    assert verdict.outcome == "not_eligible" and "B-PFLEGE-OTHER" in verdict.rule_ids()


def test_ausserbetriebliche_training_is_not_supported_but_the_move_is_mentioned():
    # § 76 SGB III (BaE) is not a betriebliche training
    verdict = run(in_training(training_kind="ausserbetrieblich"))
    assert verdict.outcome == "not_eligible" and "B-KIND-AUSSER" in verdict.rule_ids()
    assert "Wechsel" in RULES["B-KIND-AUSSER"].text


def test_b_second_training_can_be_supported():
    # § 74 Abs. 5 SGB III: the first-training rule of § 57 Abs. 2 does not apply
    verdict = run(in_training(second_training=True))
    assert verdict.outcome == "likely_eligible" and "B-SECOND" in verdict.rule_ids()
    assert "B-SECOND" not in run(in_training()).rule_ids()


def test_pflege_needs_the_start_date():
    assert run(in_training(training_kind="pflege_pflbg")).missing == ["training_start"]


def test_b_part_time_like_full_time():
    verdict = run(in_training(part_time=True))
    assert verdict.outcome == "likely_eligible" and "B-PART" in verdict.rule_ids()


def in_eq(**changes) -> Answers:
    base = Answers(
        audience="youth",
        situation="in_eq",
        school_obligation=False,
        needs_support=True,
        residence_status="citizen",
        lives_abroad=False,
        berufseinstiegsbegleitung=False,
    )
    return replace(base, **changes)


def test_b_eq():
    verdict = run(in_eq())
    assert (verdict.outcome, verdict.phase) == ("likely_eligible", "begleitende_phase")
    assert "B-EQ" in verdict.rule_ids()


@pytest.mark.parametrize(
    "answers",
    [in_eq(lives_abroad=True), ended_early(lives_abroad=True), completed(lives_abroad=True)],
    ids=["eq", "ended_early", "nachbetreuung"],
)
def test_b_abroad_only_for_trainees_with_a_contract(answers):
    # § 75 Abs. 1 with § 74 Abs. 3 Satz 1 Nr. 1 SGB III: residence abroad only in a betriebliche training
    verdict = run(answers)
    assert verdict.outcome == "not_eligible" and "B-ABROAD-ONLY" in verdict.rule_ids()
    assert "company_in_germany" not in verdict.missing


def test_n_after_requires_asa_supported_training():
    assert run(completed()).outcome == "likely_eligible"
    assert run(completed()).phase == "nachbetreuung"
    assert run(completed(asa_supported_training=False)).outcome == "not_eligible"


@pytest.mark.parametrize("months,outcome", [(11, "likely_eligible"), (12, "not_eligible")])
def test_n_end_one_year_after_training(months, outcome):
    assert run(completed(months_since_training_end=months)).outcome == outcome


@pytest.mark.parametrize("months,outcome", [(5, "likely_eligible"), (6, "not_eligible")])
def test_n_end_six_months_after_employment_start(months, outcome):
    assert run(completed(employed=True, months_since_employment_start=months)).outcome == outcome


def test_employed_without_months_is_incomplete():
    assert run(completed(employed=True)).missing == ["months_since_employment_start"]


@pytest.mark.parametrize(
    "has,eligible,willing,outcome,phase",
    [
        (True, True, None, "likely_eligible", "begleitende_phase"),
        (True, False, None, "not_eligible", None),
        (False, None, True, "likely_eligible", "vorphase"),
        (False, None, False, "not_eligible", None),
    ],
)
def test_company_rules(has, eligible, willing, outcome, phase):
    verdict = run(
        Answers(
            audience="company",
            has_trainee_or_eq=has,
            trainee_eligible=eligible,
            willing_to_train=willing,
            company_in_germany=True,
            first_time_training=True,
            disability=True,
        )
    )
    assert (verdict.outcome, verdict.phase) == (outcome, phase)
    if outcome == "likely_eligible":
        assert {"C-ELIG", "C-CHOICE", "C-FIRST", "C-DISAB"} <= set(verdict.rule_ids())
        assert "0800 4 5555 20" in verdict.next_step


def test_c_elig_some_trainee_is_not_enough():
    # § 75 Abs. 7 SGB III: the company's support is tied to an AsA-eligible young person
    verdict = run(Answers(audience="company", has_trainee_or_eq=True, company_in_germany=True))
    assert verdict.outcome == "incomplete" and verdict.missing == ["trainee_eligible"]
    refused = run(Answers(audience="company", has_trainee_or_eq=True, trainee_eligible=False, company_in_germany=True))
    assert refused.outcome == "not_eligible" and "C-ELIG-TRAINEE" in refused.rule_ids()


def test_c_elig_needs_a_company_in_germany():
    verdict = run(Answers(audience="company", has_trainee_or_eq=True, trainee_eligible=True, company_in_germany=False))
    assert verdict.outcome == "not_eligible" and "C-ABROAD" in verdict.rule_ids()
    assert run(Answers(audience="company", has_trainee_or_eq=True, trainee_eligible=True)).missing == [
        "company_in_germany"
    ]


def test_l_age_never_refuses():
    verdict = run(vorphase(age=35))
    assert verdict.outcome == "likely_eligible" and "L-AGE" in verdict.rule_ids()


def test_missing_answers_are_named_in_dialogue_order():
    verdict = run(Answers(audience="youth", situation="looking_for_training"))
    assert verdict.outcome == "incomplete"
    assert verdict.missing == [
        "school_obligation",
        "needs_support",
        "residence_status",
        "lives_abroad",
        "vorphase_months",
        "hours_per_week",
        "berufseinstiegsbegleitung",
    ]


def test_exclusion_beats_missing_answers():
    assert (
        run(Answers(audience="youth", situation="looking_for_training", school_obligation=True)).outcome
        == "not_eligible"
    )


def test_no_vorphase_questions_once_a_contract_is_signed():
    missing = run(Answers(audience="youth", situation="in_training")).missing
    assert not {"vorphase_months", "hours_per_week", "school_obligation", "german_level"} & set(missing)


@pytest.mark.parametrize(
    "answers,field",
    [
        (Answers(audience="youth", vorphase_months=-1), "vorphase_months"),
        (Answers(audience="youth", entry_date=date(2027, 1, 1)), "entry_date"),
        (Answers(audience="youth", german_level="Z9"), "german_level"),
        (Answers(audience="youth", situation="chilling"), "situation"),
        (Answers(audience="youth", hours_per_week=200), "hours_per_week"),
    ],
)
def test_impossible_values_raise_invalid_answer_naming_the_field(answers, field):
    with pytest.raises(InvalidAnswer) as error:
        run(answers)
    assert error.value.field == field


def test_month_arithmetic():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert months_between(date(2024, 3, 15), date(2025, 6, 14)) == 14
    assert months_between(date(2024, 3, 15), date(2025, 6, 15)) == 15


@pytest.mark.parametrize("status", ["ausbildungsduldung", "beschaeftigungsduldung", "gestattung", "duldung"])
def test_v_asyl_every_duldung_and_the_gestattung_wait_15_months(status):
    # § 75a Abs. 1 Satz 3 SGB III: Ausbildungs- and Beschäftigungsduldung are Duldungen
    short = run(asyl_vorphase(status, entry_date=add_months(TODAY, -14)))
    assert short.outcome == "not_eligible" and "V-ASYL-WAIT" in short.rule_ids()
    assert run(asyl_vorphase(status, entry_date=add_months(TODAY, -15))).outcome == "likely_eligible"


def test_v_asyl_counts_every_permitted_tolerated_or_allowed_month():
    text = run(asyl_vorphase(permitted_stay_months=15)).reasons
    asyl = next(r for r in text if r.rule == "V-ASYL")
    assert "erlaubt, gestattet oder geduldet" in asyl.text and "rechtmäßig" not in asyl.text
    assert asyl.source.startswith("§ 75a Abs. 1")


@pytest.mark.parametrize("status", ["residence_permit", "recognised_refugee", "eu", "work_permitted"])
def test_v_asyl_no_waiting_period_for_permits_refugees_and_eu(status):
    verdict = run(vorphase(residence_status=status, german_level="B1"))
    assert verdict.outcome == "likely_eligible"
    assert "V-ASYL-NONE" in verdict.rule_ids()
    assert not {"entry_date", "transition_expected"} & set(verdict.missing)


def test_v_asyl_skills_are_asked_and_weighed():
    # § 75a Abs. 1 Satz 3 Nr. 2 SGB III: schooling and German must let a transition be expected
    assert run(asyl_vorphase(transition_expected=None, permitted_stay_months=20)).missing == ["transition_expected"]
    unclear = run(asyl_vorphase(transition_expected=False, permitted_stay_months=20))
    assert unclear.outcome == "case_by_case" and "V-ASYL-SKILLS" in unclear.rule_ids()
    assert "V-ASYL-SKILLS-OK" in run(asyl_vorphase(permitted_stay_months=20)).rule_ids()
    assert "transition_expected" not in run(vorphase(residence_status="residence_permit", german_level="B1")).missing


@pytest.mark.parametrize(
    "status,rule",
    [
        ("citizen", "V-BAB"),
        ("residence_permit", "V-BAB"),
        ("gestattung", "V-BAB-GESTATTUNG"),
        ("duldung", "V-BAB-DULDUNG"),
        ("ausbildungsduldung", "V-BAB-DULDUNG"),
    ],
)
def test_v_bab_depends_on_need_and_is_excluded_with_a_gestattung(status, rule):
    # §§ 56, 60 SGB III: need-based, never an entitlement; none with a Gestattung
    answers = (
        asyl_vorphase(status, permitted_stay_months=20)
        if status in ("gestattung", "duldung", "ausbildungsduldung")
        else vorphase(residence_status=status, german_level="B1")
    )
    verdict = run(answers)
    bab = [r for r in verdict.reasons if r.rule.startswith("V-BAB")]
    assert [r.rule for r in bab] == [rule]
    assert "Anspruch" not in bab[0].text
    assert ("keine" in bab[0].text) == (status == "gestattung")


def test_l_foreign_note_for_foreigners_with_access_and_its_paragraphs():
    verdict = run(in_training(residence_status="residence_permit"))
    assert verdict.outcome == "likely_eligible" and "L-FOREIGN" in verdict.rule_ids()
    assert RULES["L-FOREIGN"].source == "§ 74 Abs. 3, § 75a Abs. 1 SGB III"
    assert "L-FOREIGN" not in run(in_training()).rule_ids()


def test_l_content_in_the_begleitende_phase_cites_75_abs_2():
    verdict = run(in_training())
    assert "L-CONTENT" in verdict.rule_ids()
    assert RULES["L-CONTENT"].source == "§ 75 Abs. 2 Nr. 1–4 SGB III"


def test_n_after_means_a_passed_exam():
    assert "bestanden" in RULES["N-AFTER"].text
