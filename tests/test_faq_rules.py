"""The FAQ answers and the eligibility rules state the same facts (one source each, compared here).

For each pair, every date and figure of the rule text and each listed key phrase must appear in
the rule text and in both registers of the answer; the forbidden phrases in neither.
"""

import re

import pytest

from actions.eligibility import RULES
from knowledge import topics

# topic, rules, phrases both must say (regex), phrases both must not say
PAIRS = [
    ("vorphase_bab", ["V-BAB"], [r"je nach Bedarf", r"Berufsausbildungsbeihilfe \(BAB\)"], [r"Anspruch"]),
    ("vorphase_bab", ["V-BAB-GESTATTUNG"], [r"Aufenthaltsgestattung gibt es (in der Vorphase )?keine"], []),
    ("vorphase_bab", ["V-BAB-DULDUNG"], [r"Duldung", r"15 Monaten"], []),
    (
        "asyl_duldung",
        ["V-ASYL", "V-ASYL-WAIT"],
        [r"Ausbildungs- oder Beschäftigungsduldung", r"erlaubt, gestattet oder geduldet", r"Ausländerbehörde"],
        [r"rechtmäßig"],
    ),
    ("asyl_duldung", ["V-ASYL-EARLY"], [r"1\. August 2019", r"3 Monate"], []),
    ("asyl_duldung", ["V-ASYL-NONE"], [r"Aufenthaltserlaubnis", r"anerkannte[rn]? Flüchtling", r"keine Wartezeit"], []),
    ("asyl_duldung", ["V-ASYL-SKILLS"], [r"Schul(\w*kenntnisse|- und Deutschkenntnisse)", r"Deutsch"], []),
    (
        "arbeitsmarktzugang",
        ["L-FOREIGN"],
        [r"arbeiten d(ürfen|arfst)", r"erlaubt werden kann", r"Beschäftigungsverbot"],
        [],
    ),
    (
        "wohnsitz_ausland",
        ["B-ABROAD", "B-ABROAD-ONLY"],
        [r"Ausbildung mit Vertrag in einem Betrieb in Deutschland"],
        [],
    ),
    ("wohnsitz_ausland", ["B-ABROAD-ONLY"], [r"EQ", r"Ausbildungsabbruch", r"Nachbetreuung"], []),
    ("wohnsitz_ausland", ["V-ABROAD"], [r"Vorphase", r"Deutschland"], []),
    ("pflege", ["B-PFLEGE-OK"], [r"Teil 2", r"1\. Januar 2020", r"Altenpflege"], []),
    ("pflege", ["B-PFLEGE-ALT-END"], [r"alten Altenpflegegesetz", r"31\. Dezember 2024"], []),
    ("pflege", ["B-PFLEGE-OTHER"], [r"Pflegehilfe nach Landesrecht"], []),
    (
        "zielgruppe_betriebe",
        ["C-ELIG"],
        [r"Betriebe? in Deutschland", r"ernsthaft", r"(mit der AsA unterstützt|begleitet) w"],
        [],
    ),
    ("vorphase_stunden", ["V-HOURS", "V-HOURS-OK"], [r"20 Stunden", r"39 Stunden"], []),
    ("vorphase_stunden", ["V-HOURS"], [r"Einzelfall"], []),
    ("ausbildungsabbruch", ["B-AGAIN", "B-CONTRACT-NONE"], [r"vorzeitig", r"Ausbildungsvertrag"], []),
    ("nachbetreuung", ["N-AFTER"], [r"bestanden"], []),
    ("nachbetreuung", ["N-END", "N-END-OK"], [r"6 Monate"], []),
    ("alter", ["L-AGE"], [r"keine feste Altersgrenze|feste Altersgrenze gibt es"], []),
]
_FIGURE = re.compile(r"\b\d{1,2}\. [A-ZÄÖÜ][a-zäöü]+ \d{4}\b|\b\d+\b")


def _rule_text(ids):
    return " ".join(RULES[i].text for i in ids)


@pytest.mark.parametrize("key,rules,must,must_not", PAIRS, ids=[f"{p[0]}-{p[1][0]}" for p in PAIRS])
def test_answer_and_rule_say_the_same(key, rules, must, must_not):
    rule_text = _rule_text(rules)
    topic = topics()[key]
    for text in (topic.du, topic.sie):
        for pattern in must:
            assert re.search(pattern, rule_text, re.I), (rules, pattern)
            assert re.search(pattern, text, re.I), (key, pattern)
        for pattern in must_not:
            assert not re.search(pattern, rule_text, re.I) and not re.search(pattern, text, re.I), (key, pattern)


@pytest.mark.parametrize("key,rules", [(p[0], p[1]) for p in PAIRS], ids=[f"{p[0]}-{p[1][0]}" for p in PAIRS])
def test_every_date_and_figure_of_the_rule_is_in_the_answer(key, rules):
    topic = topics()[key]
    for rule in rules:
        text = re.sub(r"\{[a-z]+\}", "", RULES[rule].text)
        for figure in _FIGURE.findall(text):
            if figure in ("1", "2"):  # "Teil 2", "1. Januar": covered by the phrases above
                continue
            for answer in (topic.du, topic.sie):
                assert figure in answer, (key, rule, figure)
