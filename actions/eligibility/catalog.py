"""Every eligibility rule as data: id, German explanation, source.

This table is the only place where a rule's wording and source live. The engine,
the chat dialogue, the JSON API and the hotline tool all read it from here.
Texts are neutral (no "du"/"Sie") so that every channel can use them as they are.
Placeholders in braces are filled by the engine (dates, numbers).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import schema


@dataclass(frozen=True)
class Rule:
    id: str
    text: str
    source: str


# Dates and limits the rules depend on (brochure 2.1, 2.2.1, 2.2.1.2, 2.4; § 75a SGB III; § 66 PflBG).
PFLBG_START = date(2020, 1, 1)
ALTENPFLEGEGESETZ_LAST_DAY = date(2024, 12, 31)
ASYL_CUTOFF = date(2019, 8, 1)
ASYL_MONTHS_DEFAULT = 15
ASYL_MONTHS_EARLY_ENTRY = 3
VORPHASE_MAX_MONTHS = 6
VORPHASE_EXTENSION_MONTHS = 2
VORPHASE_MIN_HOURS = 20
VORPHASE_REGULAR_HOURS = 39
NACHBETREUUNG_MONTHS_AFTER_EMPLOYMENT = 6
NACHBETREUUNG_MONTHS_AFTER_TRAINING = 12
GERMAN_LEVELS = schema.GERMAN_LEVELS

_ASYL_MONTHS = (
    "mindestens {months} Monate in Deutschland sein – erlaubt, gestattet oder geduldet. Jeder dieser Monate zählt."
)
_ASYL_STATUS = "Mit Aufenthaltsgestattung oder Duldung (auch Ausbildungs- oder Beschäftigungsduldung) muss man"
_ASYL_SOURCE = "§ 75a Abs. 1 Satz 3–4 SGB III; 2.2.1"
_KIND_SOURCE = "§ 74 Abs. 1, § 57 Abs. 1 SGB III; 2.1"
_ABROAD_SOURCE = "§ 75 Abs. 1 mit § 74 Abs. 3 Satz 1 Nr. 1 SGB III; § 30 SGB I; 2.1"
_BAB_SOURCE = "§§ 56, 60 SGB III; 2.2.1.2"

_RULES = [
    # Young people (2.1)
    Rule("Y-SCHOOL", "Wer noch vollzeitschulpflichtig ist, kann an der AsA noch nicht teilnehmen.", "2.1"),
    Rule(
        "Y-NEED",
        "AsA ist für junge Menschen, die Unterstützung brauchen, um eine Ausbildung zu beginnen, "
        "fortzusetzen oder abzuschließen. Wer keine Unterstützung braucht, gehört nicht zur Zielgruppe.",
        "2.1",
    ),
    Rule(
        "Y-NEED-OK",
        "Es wird Unterstützung gebraucht, um die Ausbildung zu schaffen. Genau dafür ist die AsA da.",
        "2.1",
    ),
    Rule(
        "Y-READY",
        "Ob Ausbildungsreife und Berufseignung vorliegen, prüft die Agentur für Arbeit oder das Jobcenter.",
        "2.1",
    ),
    Rule(
        "Y-BAN",
        "Bei einem Beschäftigungsverbot ist keine Förderung möglich.",
        "2.2.2; § 60a Abs. 6 AufenthG, § 61 AsylG",
    ),
    Rule(
        "Y-ACCESS",
        "Ausländerinnen und Ausländer können gefördert werden, wenn sie Zugang zum Arbeitsmarkt haben. "
        "Bei Gestattung oder Duldung muss die Ausländerbehörde der Ausbildung zustimmen.",
        "2.2.2, 2.2.1",
    ),
    Rule(
        "Y-BERB",
        "Eine Berufseinstiegsbegleitung und die AsA gibt es nicht gleichzeitig. "
        "Die Agentur für Arbeit prüft, ob ein Wechsel in die AsA besser passt.",
        "2.2.2",
    ),
    Rule(
        "Y-DISAB",
        "Eine Behinderung ist kein Hindernis, wenn die AsA den persönlichen Förderbedarf abdeckt. "
        "Reha-Leistungen schließen die AsA nicht aus.",
        "2.1",
    ),
    # Vorphase (2.2.1)
    Rule(
        "V-PHASE",
        "Ohne Ausbildungsvertrag kommt die Vorphase in Frage. Sie hilft, einen passenden "
        "Ausbildungsplatz in einem Betrieb zu finden.",
        "2.2.1",
    ),
    Rule(
        "V-ABROAD",
        "Die Vorphase ist nur mit Wohnsitz in Deutschland möglich. Ein Wohnsitz im Ausland ist nur "
        "während einer Ausbildung mit Vertrag in einem Betrieb in Deutschland erlaubt.",
        _ABROAD_SOURCE,
    ),
    Rule("V-LANG-OK", "Das Sprachniveau {level} reicht für den Einstieg (B1 ist der Richtwert).", "2.1"),
    Rule(
        "V-LANG",
        "Für die Vorphase sollte mindestens Deutsch auf B1-Niveau vorliegen, für eine duale Ausbildung "
        "wird B2 empfohlen. Bei {level} entscheidet die Agentur im Einzelfall.",
        "2.1",
    ),
    Rule(
        "V-ASYL",
        f"{_ASYL_STATUS} bei der Förderentscheidung {_ASYL_MONTHS} Das ist erfüllt (seit {{reached}}). "
        "Die Ausländerbehörde muss zustimmen.",
        _ASYL_SOURCE,
    ),
    Rule(
        "V-ASYL-WAIT",
        f"{_ASYL_STATUS} bei der Förderentscheidung {_ASYL_MONTHS} Das ist erst ab {{reached}} erfüllt.",
        _ASYL_SOURCE,
    ),
    Rule(
        "V-ASYL-EARLY",
        "Wer vor dem 1. August 2019 eingereist ist, für den gilt die kürzere Frist von 3 Monaten.",
        "§ 75a Abs. 1 Satz 4 SGB III; 2.2.1",
    ),
    Rule(
        "V-ASYL-NONE",
        "Mit Aufenthaltserlaubnis, als anerkannter Flüchtling, als Asylberechtigte oder "
        "Asylberechtigter und als EU-Bürgerin oder EU-Bürger gibt es keine Wartezeit.",
        "§ 75a Abs. 1 SGB III",
    ),
    Rule(
        "V-ASYL-SKILLS",
        "Mit Aufenthaltsgestattung oder Duldung müssen Schulkenntnisse und Deutschkenntnisse "
        "einen erfolgreichen Übergang in eine Ausbildung erwarten lassen. Ob das reicht, prüft die Agentur für "
        "Arbeit im Einzelfall.",
        "§ 75a Abs. 1 Satz 3 Nr. 2 SGB III",
    ),
    Rule(
        "V-ASYL-SKILLS-OK",
        "Mit Aufenthaltsgestattung oder Duldung müssen Schulkenntnisse und Deutschkenntnisse "
        "einen erfolgreichen Übergang in eine Ausbildung erwarten lassen. Nach den Angaben ist das so.",
        "§ 75a Abs. 1 Satz 3 Nr. 2 SGB III",
    ),
    Rule("V-DUR-OK", "Die Vorphase dauert höchstens 6 Monate. Davon ist noch Zeit übrig.", "2.2.1"),
    Rule(
        "V-DUR-EXT",
        "Die 6 Monate Vorphase sind schon genutzt. Eine Verlängerung um bis zu 2 Monate ist nur im Einzelfall möglich.",
        "2.2.1",
    ),
    Rule(
        "V-DUR",
        "Die Vorphase dauert höchstens 6 Monate plus bis zu 2 Monate Verlängerung. "
        "Diese 8 Monate sind schon ausgeschöpft.",
        "2.2.1",
    ),
    Rule(
        "V-HOURS-OK",
        "Die Vorphase umfasst in der Regel 39 Stunden pro Woche. In begründeten Fällen, zum Beispiel "
        "wegen Kinderbetreuung oder eines Berufssprachkurses, kann sie kürzer sein, aber in der Regel nicht unter "
        "20 Stunden.",
        "2.2.1.2",
    ),
    Rule(
        "V-HOURS",
        "In der Vorphase sollen 20 Stunden pro Woche in der Regel nicht unterschritten werden. "
        "Weniger ist nur im Einzelfall möglich. Das entscheidet die Agentur für Arbeit.",
        "2.2.1.2",
    ),
    Rule(
        "V-BAB",
        "In der Vorphase kann es je nach Bedarf Berufsausbildungsbeihilfe (BAB) geben, also Geld für "
        "den Lebensunterhalt – wie in einer Berufsvorbereitung. Ob und wie viel, prüft die Agentur für Arbeit.",
        _BAB_SOURCE,
    ),
    Rule(
        "V-BAB-GESTATTUNG",
        "Mit einer Aufenthaltsgestattung gibt es in der Vorphase keine Berufsausbildungsbeihilfe (BAB).",
        _BAB_SOURCE,
    ),
    Rule(
        "V-BAB-DULDUNG",
        "Mit einer Duldung gibt es Berufsausbildungsbeihilfe (BAB) erst nach 15 Monaten "
        "erlaubtem, gestattetem oder geduldetem Aufenthalt, und nur je nach Bedarf.",
        _BAB_SOURCE,
    ),
    Rule(
        "V-END",
        "Die Betreuung endet mit der Vorphase, wenn es nicht direkt in eine Ausbildung im Betrieb geht. "
        "Mit einem Ausbildungsvertrag ist ein neuer Start möglich.",
        "2.2.1.2",
    ),
    # Begleitende Phase (2.2.2)
    Rule(
        "B-CONTRACT",
        "Für die begleitende Phase muss vor dem Eintritt ein Ausbildungsvertrag unterschrieben sein. "
        "Bis dahin kann die Vorphase helfen, einen Platz zu finden.",
        "§ 75 Abs. 5 SGB III; 2.2.2",
    ),
    Rule(
        "B-CONTRACT-NONE",
        "Nach dem vorzeitigen Ende einer Ausbildung im Betrieb ist für die Förderung kein neuer "
        "Ausbildungsvertrag nötig.",
        "§ 75 Abs. 5 SGB III",
    ),
    Rule(
        "B-KIND-OK",
        "Gefördert wird eine Ausbildung im Betrieb in einem anerkannten Beruf. Das ist hier der Fall.",
        _KIND_SOURCE,
    ),
    Rule(
        "B-KIND",
        "Gefördert wird nur eine Ausbildung im Betrieb oder eine Pflegeausbildung nach dem "
        "Pflegeberufegesetz. Eine rein schulische Ausbildung gehört nicht dazu.",
        _KIND_SOURCE,
    ),
    Rule(
        "B-KIND-AUSSER",
        "Eine außerbetriebliche Ausbildung beim Bildungsträger (BaE) ist keine Ausbildung im "
        "Betrieb und wird mit der AsA nicht gefördert. Der Wechsel in eine Ausbildung im Betrieb kann aber "
        "unterstützt werden.",
        "§ 74 Abs. 1, § 76 SGB III",
    ),
    Rule(
        "B-PFLEGE-OK",
        "Pflegeausbildungen nach Teil 2 des Pflegeberufegesetzes, begonnen ab dem 1. Januar 2020, "
        "können gefördert werden. Das gilt auch mit der Vertiefung oder dem Abschluss Altenpflege.",
        "§ 74 Abs. 1, § 57 Abs. 1 SGB III; 2.1",
    ),
    Rule(
        "B-PFLEGE",
        "Pflegeausbildungen nach dem Pflegeberufegesetz gibt es erst seit dem 1. Januar 2020. Vorher "
        "begonnene Pflegeausbildungen können nicht gefördert werden.",
        "2.1",
    ),
    Rule(
        "B-PFLEGE-ALT",
        "Ausbildungen nach dem alten Altenpflegegesetz konnten bis zum 31. Dezember 2024 "
        "abgeschlossen und bis dahin gefördert werden.",
        "§ 66 Abs. 2 PflBG; 2.1",
    ),
    Rule(
        "B-PFLEGE-ALT-END",
        "Ausbildungen nach dem alten Altenpflegegesetz konnten nur bis zum 31. Dezember 2024 "
        "abgeschlossen werden. Danach ist keine Förderung mehr möglich.",
        "§ 66 Abs. 2 PflBG",
    ),
    Rule(
        "B-PFLEGE-OTHER",
        "Andere Pflegeausbildungen, zum Beispiel die Pflegehilfe nach Landesrecht, zählen nicht "
        "als Ausbildung im Betrieb und werden mit der AsA nicht gefördert.",
        _KIND_SOURCE,
    ),
    Rule("B-SECOND", "Auch eine zweite Ausbildung kann mit der AsA unterstützt werden.", "§ 74 Abs. 5 SGB III"),
    Rule(
        "B-PART", "Eine Ausbildung in Teilzeit wird in der begleitenden Phase genauso gefördert wie in Vollzeit.", "2.1"
    ),
    Rule(
        "B-ABROAD",
        "Ein Wohnsitz im Ausland ist kein Hindernis, solange die Ausbildung mit Vertrag in einem "
        "Betrieb in Deutschland stattfindet.",
        _ABROAD_SOURCE,
    ),
    Rule("B-ABROAD-NO", "Liegt der Ausbildungsbetrieb im Ausland, ist keine Förderung möglich.", _ABROAD_SOURCE),
    Rule(
        "B-ABROAD-ONLY",
        "Mit Wohnsitz im Ausland ist die AsA nur während einer Ausbildung mit Vertrag in einem "
        "Betrieb in Deutschland möglich – nicht in einer EQ, nach einem Ausbildungsabbruch und nicht in der "
        "Nachbetreuung.",
        _ABROAD_SOURCE,
    ),
    Rule(
        "B-EQ",
        "Auch während einer Einstiegsqualifizierung (EQ) gibt es Unterstützung, wenn sie aus persönlichen "
        "Gründen gebraucht wird.",
        "2.1",
    ),
    Rule(
        "B-AGAIN",
        "Nach dem vorzeitigen Ende einer Ausbildung im Betrieb hilft die AsA, wenn eine neue "
        "Ausbildung aus persönlichen Gründen ohne Unterstützung nicht klappt.",
        "§ 74 Abs. 3 Satz 1 Nr. 2a, § 75 Abs. 5 SGB III; 2.1",
    ),
    Rule(
        "B-AGAIN-NO",
        "Diese Hilfe gibt es nur nach dem vorzeitigen Ende einer Ausbildung im Betrieb. Wer jetzt "
        "einen Ausbildungsplatz in einem Betrieb sucht, für den kommt die Vorphase in Frage.",
        "§ 74 Abs. 3 Satz 1 Nr. 2a SGB III",
    ),
    # Nachbetreuung (2.1, 2.4)
    Rule(
        "N-AFTER",
        "Nach einer mit der AsA unterstützten Ausbildung, die erfolgreich abgeschlossen ist (Prüfung "
        "bestanden), gibt es Nachbetreuung, um eine Arbeitsstelle zu finden oder zu sichern.",
        "§ 74 Abs. 3 Satz 1 Nr. 2b SGB III; 2.1",
    ),
    Rule(
        "N-AFTER-NO",
        "Nachbetreuung gibt es nur nach einer Ausbildung, die schon mit der AsA unterstützt wurde.",
        "§ 74 Abs. 3 Satz 1 Nr. 2b SGB III; 2.1",
    ),
    Rule(
        "N-END-OK",
        "Die Nachbetreuung endet spätestens 6 Monate nach Beginn einer Arbeitsstelle oder 1 Jahr nach "
        "dem Ende der Ausbildung. Diese Frist läuft noch.",
        "2.4",
    ),
    Rule(
        "N-END",
        "Die Nachbetreuung endet spätestens 6 Monate nach Beginn einer Arbeitsstelle oder 1 Jahr nach "
        "dem Ende der Ausbildung. Diese Frist ist schon vorbei.",
        "2.4",
    ),
    # Companies (2.1, 2.2.2.1, 2.5)
    Rule(
        "C-ELIG",
        "Ein Betrieb in Deutschland kann die AsA nutzen, wenn er ernsthaft einen förderfähigen jungen "
        "Menschen ausbilden will oder einen jungen Menschen in Ausbildung oder EQ hat, der mit der AsA unterstützt "
        "wird oder dafür in Frage kommt.",
        "§ 75 Abs. 7, § 75a Abs. 5 SGB III; 2.1",
    ),
    Rule(
        "C-ELIG-NO",
        "Die AsA für Betriebe setzt voraus, dass der Betrieb einen jungen Menschen ausbilden will, "
        "der dabei Unterstützung braucht.",
        "§ 75 Abs. 7, § 75a Abs. 5 SGB III; 2.1",
    ),
    Rule(
        "C-ELIG-TRAINEE",
        "Ein Azubi allein reicht nicht: Die Unterstützung für den Betrieb hängt an einem jungen "
        "Menschen, der mit der AsA unterstützt wird oder dafür in Frage kommt.",
        "§ 75 Abs. 7 SGB III; 2.1",
    ),
    Rule(
        "C-ABROAD",
        "Die AsA ist für Betriebe in Deutschland. Ein Betrieb im Ausland kann sie nicht nutzen.",
        "§ 75 Abs. 7 SGB III; § 30 SGB I",
    ),
    Rule("C-CHOICE", "Der Betrieb entscheidet selbst, ob er die Unterstützung auch für sich nutzt.", "2.1, 2.2.2.1"),
    Rule("C-DISAB", "Bei Auszubildenden mit Behinderung bekommt der Betrieb die gleiche Unterstützung.", "2.2.2.1"),
    Rule(
        "C-FIRST",
        "Wer zum ersten Mal ausbildet, bekommt Hilfe bei der Zulassung als Ausbildungsbetrieb, "
        "bei Verträgen und bei der Ausbildereignung.",
        "2.5",
    ),
    # From the law and its commentary: notes only, never an extra refusal
    Rule("L-AGE", "Es gibt keine feste Altersgrenze. Das Alter allein schließt die AsA nicht aus.", "§ 74 SGB III"),
    Rule(
        "L-NOVORALONE",
        "Auf die Vorphase folgt immer die begleitende Phase in derselben Maßnahme.",
        "§ 74 Abs. 1 SGB III",
    ),
    Rule("L-GOAL", "Ziel ist, die Ausbildung irgendwann auch ohne Unterstützung zu schaffen.", "§ 74 Abs. 2 SGB III"),
    Rule(
        "L-VORSCHOOL",
        "Im Jahr des Schulabschlusses ist die Vorphase die Ausnahme, meist für gemeldete Bewerber "
        "ohne Platz nach Oktober bis Dezember.",
        "§ 75a Abs. 1 SGB III",
    ),
    Rule(
        "L-FOREIGN",
        "Ausländerinnen und Ausländer können teilnehmen, wenn sie arbeiten dürfen oder ihnen das "
        "Arbeiten erlaubt werden kann. Ein Beschäftigungsverbot schließt die Förderung aus.",
        "§ 74 Abs. 3, § 75a Abs. 1 SGB III",
    ),
    Rule(
        "L-CONTENT",
        "Die Förderung betrifft die Ausbildung: Sprach- und Bildungslücken schließen, Fachtheorie "
        "fördern, sozialpädagogisch begleiten und das Ausbildungsverhältnis stabilisieren.",
        "§ 75 Abs. 2 Nr. 1–4 SGB III",
    ),
    Rule(
        "DECIDE",
        "Die Entscheidung trifft die Agentur für Arbeit oder das Jobcenter. Dieser Check gibt nur eine Orientierung.",
        "2.1, 3",
    ),
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
    (
        "youth_incomplete",
        "sie",
    ): "Bitte beantworten Sie noch die offenen Fragen. Dann kann ich eine Orientierung geben.",
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
