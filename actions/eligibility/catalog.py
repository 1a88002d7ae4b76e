"""Every eligibility rule as data: id, German explanation, source.

This table is the only place where a rule's wording and source live. The engine,
the chat dialogue, the JSON API and the hotline tool all read it from here.
Texts are neutral (no "du"/"Sie") so that every channel can use them as they are.
Placeholders in braces are filled by the engine (dates, numbers).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Rule:
    id: str
    text: str
    source: str


# Dates and limits the rules depend on (brochure 2.1, 2.2.1, 2.2.1.2, 2.4).
PFLBG_START = date(2020, 1, 1)
ASYL_CUTOFF = date(2019, 8, 1)
ASYL_MONTHS_DEFAULT = 15
ASYL_MONTHS_EARLY_ENTRY = 3
VORPHASE_MAX_MONTHS = 6
VORPHASE_EXTENSION_MONTHS = 2
VORPHASE_MIN_HOURS = 20
VORPHASE_REGULAR_HOURS = 39
NACHBETREUUNG_MONTHS_AFTER_EMPLOYMENT = 6
NACHBETREUUNG_MONTHS_AFTER_TRAINING = 12
GERMAN_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")

_RULES = [
    # Young people (2.1)
    Rule("Y-SCHOOL", "Wer noch vollzeitschulpflichtig ist, kann an der AsA noch nicht teilnehmen.", "2.1"),
    Rule("Y-NEED", "AsA ist für junge Menschen, die Unterstützung brauchen, um eine Ausbildung zu beginnen, "
         "fortzusetzen oder abzuschließen. Wer keine Unterstützung braucht, gehört nicht zur Zielgruppe.", "2.1"),
    Rule("Y-NEED-OK", "Es wird Unterstützung gebraucht, um die Ausbildung zu schaffen. Genau dafür ist die AsA da.", "2.1"),
    Rule("Y-READY", "Ob Ausbildungsreife und Berufseignung vorliegen, prüft die Agentur für Arbeit oder das Jobcenter.", "2.1"),
    Rule("Y-BAN", "Bei einem Beschäftigungsverbot ist keine Förderung möglich.", "2.2.2"),
    Rule("Y-ACCESS", "Ausländerinnen und Ausländer können gefördert werden, wenn sie Zugang zum Arbeitsmarkt haben. "
         "Bei Gestattung oder Duldung muss die Ausländerbehörde der Ausbildung zustimmen.", "2.2.2, 2.2.1"),
    Rule("Y-BERB", "Eine Berufseinstiegsbegleitung und die AsA gibt es nicht gleichzeitig. "
         "Die Agentur für Arbeit prüft, ob ein Wechsel in die AsA besser passt.", "2.2.2"),
    Rule("Y-DISAB", "Eine Behinderung ist kein Hindernis, wenn die AsA den persönlichen Förderbedarf abdeckt. "
         "Reha-Leistungen schließen die AsA nicht aus.", "2.1"),
    # Vorphase (2.2.1)
    Rule("V-PHASE", "Ohne Ausbildungsvertrag kommt die Vorphase in Frage. Sie hilft, einen passenden "
         "Ausbildungsplatz in einem Betrieb zu finden.", "2.2.1"),
    Rule("V-ABROAD", "Die Vorphase ist nur mit Wohnsitz in Deutschland möglich. Ein Wohnsitz im Ausland ist nur "
         "in der begleitenden Phase erlaubt.", "2.1"),
    Rule("V-LANG-OK", "Das Sprachniveau {level} reicht für den Einstieg (B1 ist der Richtwert).", "2.1"),
    Rule("V-LANG", "Für die Vorphase sollte mindestens Deutsch auf B1-Niveau vorliegen, für eine duale Ausbildung "
         "wird B2 empfohlen. Bei {level} entscheidet die Agentur im Einzelfall.", "2.1"),
    Rule("V-ASYL", "Mit Aufenthaltsgestattung oder Duldung braucht es einen rechtmäßigen Aufenthalt von mindestens "
         "{months} Monaten bei der Förderentscheidung. Das ist erfüllt (seit {reached}). "
         "Die Ausländerbehörde muss zustimmen.", "2.2.1"),
    Rule("V-ASYL-WAIT", "Mit Aufenthaltsgestattung oder Duldung braucht es einen rechtmäßigen Aufenthalt von mindestens "
         "{months} Monaten bei der Förderentscheidung. Das ist erst ab {reached} erfüllt.", "2.2.1"),
    Rule("V-ASYL-EARLY", "Wer vor dem 1. August 2019 eingereist ist, für den gilt die kürzere Frist von 3 Monaten.", "2.2.1"),
    Rule("V-DUR-OK", "Die Vorphase dauert höchstens 6 Monate. Davon ist noch Zeit übrig.", "2.2.1"),
    Rule("V-DUR-EXT", "Die 6 Monate Vorphase sind schon genutzt. Eine Verlängerung um bis zu 2 Monate ist nur im "
         "Einzelfall möglich.", "2.2.1"),
    Rule("V-DUR", "Die Vorphase dauert höchstens 6 Monate plus bis zu 2 Monate Verlängerung. "
         "Diese 8 Monate sind schon ausgeschöpft.", "2.2.1"),
    Rule("V-HOURS-OK", "Die Vorphase umfasst in der Regel 39 Stunden pro Woche. In begründeten Fällen, zum Beispiel "
         "wegen Kinderbetreuung oder eines Berufssprachkurses, kann sie kürzer sein, aber nicht unter 20 Stunden.",
         "2.2.1.2"),
    Rule("V-HOURS", "Die Vorphase braucht mindestens 20 Stunden pro Woche. Mit weniger Zeit ist sie nicht möglich.",
         "2.2.1.2"),
    Rule("V-BAB", "Während der Vorphase besteht Anspruch auf Berufsausbildungsbeihilfe (BAB), also Geld für den "
         "Lebensunterhalt.", "2.2.1.2"),
    Rule("V-END", "Die Betreuung endet mit der Vorphase, wenn es nicht direkt in eine Ausbildung im Betrieb geht. "
         "Mit einem Ausbildungsvertrag ist ein neuer Start möglich.", "2.2.1.2"),
    # Begleitende Phase (2.2.2)
    Rule("B-CONTRACT", "Für die begleitende Phase muss ein Ausbildungsvertrag unterschrieben sein. "
         "Bis dahin kann die Vorphase helfen, einen Platz zu finden.", "2.2.2"),
    Rule("B-KIND-OK", "Gefördert wird eine Ausbildung im Betrieb. Das ist hier der Fall.", "2.1"),
    Rule("B-KIND", "Gefördert wird nur eine Ausbildung im Betrieb. Eine rein schulische Ausbildung gehört nicht dazu.",
         "2.1"),
    Rule("B-PFLEGE-OK", "Pflegeausbildungen nach Teil 2 des Pflegeberufegesetzes, begonnen ab dem 1. Januar 2020, "
         "können gefördert werden.", "2.1"),
    Rule("B-PFLEGE-ALT", "Ausbildungen nach dem Altenpflegegesetz können gefördert werden, auch wenn sie vor 2020 "
         "begonnen haben.", "2.1"),
    Rule("B-PFLEGE", "Pflegeausbildungen, die vor dem 1. Januar 2020 begonnen haben, können nicht gefördert werden "
         "(Ausnahme: Altenpflegegesetz).", "2.1"),
    Rule("B-PFLEGE-CHECK", "Ob diese Pflegeausbildung eine betriebliche Ausbildung nach dem Pflegeberufegesetz ist, "
         "prüft die Agentur für Arbeit.", "2.1"),
    Rule("B-PART", "Eine Ausbildung in Teilzeit wird in der begleitenden Phase genauso gefördert wie in Vollzeit.",
         "2.1"),
    Rule("B-ABROAD", "Ein Wohnsitz im Ausland ist in der begleitenden Phase kein Hindernis, wenn der "
         "Ausbildungsbetrieb in Deutschland liegt.", "2.1"),
    Rule("B-ABROAD-NO", "Liegt der Ausbildungsbetrieb im Ausland, ist keine Förderung möglich.", "2.1"),
    Rule("B-EQ", "Auch während einer Einstiegsqualifizierung (EQ) gibt es Unterstützung, wenn sie aus persönlichen "
         "Gründen gebraucht wird.", "2.1"),
    Rule("B-AGAIN", "Nach einem vorzeitig beendeten Ausbildungsverhältnis im Betrieb hilft die AsA, wenn eine neue "
         "Ausbildung ohne Unterstützung nicht klappt.", "2.1"),
    # Nachbetreuung (2.1, 2.4)
    Rule("N-AFTER", "Nach einer Ausbildung, die mit der AsA unterstützt wurde, gibt es Nachbetreuung, um eine "
         "Arbeitsstelle zu finden oder zu sichern.", "2.1"),
    Rule("N-AFTER-NO", "Nachbetreuung gibt es nur nach einer Ausbildung, die schon mit der AsA unterstützt wurde.",
         "2.1"),
    Rule("N-END-OK", "Die Nachbetreuung endet spätestens 6 Monate nach Beginn einer Arbeitsstelle oder 1 Jahr nach "
         "dem Ende der Ausbildung. Diese Frist läuft noch.", "2.4"),
    Rule("N-END", "Die Nachbetreuung endet spätestens 6 Monate nach Beginn einer Arbeitsstelle oder 1 Jahr nach "
         "dem Ende der Ausbildung. Diese Frist ist schon vorbei.", "2.4"),
    # Companies (2.1, 2.2.2.1, 2.5)
    Rule("C-ELIG", "Jeder Betrieb, der ernsthaft einen förderfähigen jungen Menschen ausbilden will oder schon einen "
         "in Ausbildung oder EQ hat, kann die AsA nutzen.", "2.1"),
    Rule("C-ELIG-NO", "Die AsA für Betriebe setzt voraus, dass der Betrieb einen jungen Menschen ausbilden will "
         "oder schon ausbildet.", "2.1"),
    Rule("C-CHOICE", "Der Betrieb entscheidet selbst, ob er die Unterstützung auch für sich nutzt.", "2.1, 2.2.2.1"),
    Rule("C-DISAB", "Bei Auszubildenden mit Behinderung bekommt der Betrieb die gleiche Unterstützung.", "2.2.2.1"),
    Rule("C-FIRST", "Wer zum ersten Mal ausbildet, bekommt Hilfe bei der Zulassung als Ausbildungsbetrieb, "
         "bei Verträgen und bei der Ausbildereignung.", "2.5"),
    # From the law and its commentary: notes only, never an extra refusal
    Rule("L-AGE", "Es gibt keine feste Altersgrenze. Das Alter allein schließt die AsA nicht aus.", "§ 74 SGB III"),
    Rule("L-NOVORALONE", "Auf die Vorphase folgt immer die begleitende Phase in derselben Maßnahme.",
         "§ 74 Abs. 1 SGB III"),
    Rule("L-GOAL", "Ziel ist, die Ausbildung irgendwann auch ohne Unterstützung zu schaffen.", "§ 74 Abs. 2 SGB III"),
    Rule("L-VORSCHOOL", "Im Jahr des Schulabschlusses ist die Vorphase die Ausnahme, meist für gemeldete Bewerber "
         "ohne Platz nach Oktober bis Dezember.", "§ 75a Abs. 1 SGB III"),
    Rule("L-FOREIGN", "Ausländerinnen und Ausländer können teilnehmen, wenn sie arbeiten dürfen oder ihnen das "
         "Arbeiten erlaubt werden kann.", "§ 75a Abs. 1 SGB III"),
    Rule("L-CONTENT", "Die Förderung betrifft die Ausbildung: Sprache und Lernen, Fachpraxis und Fachtheorie, "
         "sozialpädagogische Begleitung.", "§ 75 Abs. 1 SGB III"),
    Rule("DECIDE", "Die Entscheidung trifft die Agentur für Arbeit oder das Jobcenter. Dieser Check gibt nur eine "
         "Orientierung.", "2.1, 3"),
]

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}

# Next steps by outcome and register; "du" for young people, "sie" for parents and companies.
NEXT_STEPS: dict[tuple[str, str], str] = {
    ("youth_apply", "du"): "Sprich mit deiner Ansprechperson bei der Agentur für Arbeit (Berufsberatung) oder beim "
                           "Jobcenter. Nimm diese Zusammenfassung mit und, falls vorhanden, deinen "
                           "Ausbildungsvertrag und deine Aufenthaltspapiere.",
    ("youth_apply", "sie"): "Wenden Sie sich an die zuständige Ansprechperson bei der Agentur für Arbeit "
                            "(Berufsberatung) oder beim Jobcenter. Nehmen Sie diese Zusammenfassung mit und, falls "
                            "vorhanden, den Ausbildungsvertrag und die Aufenthaltspapiere.",
    ("youth_incomplete", "du"): "Beantworte bitte noch die offenen Fragen. Dann kann ich dir eine Orientierung geben.",
    ("youth_incomplete", "sie"): "Bitte beantworten Sie noch die offenen Fragen. Dann kann ich eine Orientierung geben.",
    ("youth_not", "du"): "Die AsA passt gerade wohl nicht. Die Berufsberatung der Agentur für Arbeit oder dein "
                         "Jobcenter zeigt dir andere Wege, zum Beispiel eine Berufsvorbereitung oder eine "
                         "Einstiegsqualifizierung.",
    ("youth_not", "sie"): "Die AsA passt gerade wohl nicht. Die Berufsberatung der Agentur für Arbeit oder das "
                          "Jobcenter zeigt andere Wege, zum Beispiel eine Berufsvorbereitung oder eine "
                          "Einstiegsqualifizierung.",
    ("youth_wait", "du"): "Melde dich rechtzeitig vor diesem Datum bei der Agentur für Arbeit oder beim Jobcenter. "
                          "Bis dahin kann die Berufsberatung andere Hilfen nennen. Frag auch bei der "
                          "Ausländerbehörde nach der Zustimmung zur Ausbildung.",
    ("youth_wait", "sie"): "Melden Sie sich rechtzeitig vor diesem Datum bei der Agentur für Arbeit oder beim "
                           "Jobcenter. Bis dahin nennt die Berufsberatung andere Hilfen. Fragen Sie auch bei der "
                           "Ausländerbehörde nach der Zustimmung zur Ausbildung.",
    ("company_apply", "sie"): "Wenden Sie sich an den Arbeitgeber-Service der Agentur für Arbeit: Telefon "
                              "0800 4 5555 20 (kostenfrei) oder "
                              "https://www.arbeitsagentur.de/unternehmen/ausbilden/assistierte-ausbildung-betriebe",
    ("company_incomplete", "sie"): "Bitte beantworten Sie noch die offenen Fragen. Dann kann ich eine Orientierung "
                                   "geben.",
    ("company_not", "sie"): "Wenn Sie künftig ausbilden möchten, berät Sie der Arbeitgeber-Service der Agentur für "
                            "Arbeit: Telefon 0800 4 5555 20 (kostenfrei).",
}
