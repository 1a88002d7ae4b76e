"""The one definition of the check's answers: name, type, allowed values, German labels.

Everything else is derived from this table: the `Answers` dataclass and the value
checks (model.py), the API's request model (bot/eligibility_api.py), the hotline
form (bot/hotline/check_form.py), the Rasa slots and the form's slot list
(scripts/build_domain.py) and the slot list of the actions. Adding a question means
adding one `Question` here, its rule in engine.py and, if the chat asks it, an
`utter_ask_<name>` response in domain.yml (tests/test_schema.py checks that).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional, Tuple

Options = Tuple[Tuple[str, str], ...]

GERMAN_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")


@dataclass(frozen=True)
class Question:
    name: str
    kind: str  # "bool", "int", "date" or "choice"
    label: str  # German, for the hotline form and the API docs
    options: Options = ()  # (value, German label) for "choice"
    asked_in_chat: bool = False  # a slot of the eligibility form, asked when the rules need it
    inferred_in_chat: bool = False  # a slot of the form that is never asked, only read from other answers
    hint: str = ""
    deprecated_alias: Optional[str] = None  # old API name, accepted for one release

    @property
    def values(self) -> Tuple[str, ...]:
        return tuple(value for value, _ in self.options)


QUESTIONS: Tuple[Question, ...] = (
    Question(
        "audience",
        "choice",
        "Wer fragt?",
        (("youth", "Junger Mensch (oder Eltern für ihr Kind)"), ("company", "Betrieb")),
    ),
    Question(
        "situation",
        "choice",
        "Situation",
        (
            ("looking_for_training", "Sucht einen Ausbildungsplatz"),
            ("in_training", "In Ausbildung"),
            ("in_eq", "In Einstiegsqualifizierung (EQ)"),
            ("training_ended_early", "Ausbildung vorzeitig beendet"),
            ("training_completed", "Ausbildung abgeschlossen (Prüfung bestanden)"),
        ),
        asked_in_chat=True,
    ),
    Question("school_obligation", "bool", "Noch vollzeitschulpflichtig?", asked_in_chat=True),
    Question("needs_support", "bool", "Braucht Unterstützung für Ausbildung oder Abschluss?", asked_in_chat=True),
    Question(
        "residence_status",
        "choice",
        "Staatsangehörigkeit / Aufenthalt",
        (
            ("citizen", "Deutsche Staatsangehörigkeit"),
            ("eu", "EU / EWR / Schweiz"),
            ("residence_permit", "Aufenthaltserlaubnis (z. B. § 16g, § 24, § 25, § 104c AufenthG)"),
            ("recognised_refugee", "Anerkannter Flüchtling oder asylberechtigt"),
            ("work_permitted", "Anderer Aufenthaltstitel mit Arbeitserlaubnis"),
            ("gestattung", "Aufenthaltsgestattung (Asylverfahren)"),
            ("duldung", "Duldung"),
            ("ausbildungsduldung", "Ausbildungsduldung"),
            ("beschaeftigungsduldung", "Beschäftigungsduldung"),
            ("employment_ban", "Beschäftigungsverbot"),
        ),
        asked_in_chat=True,
    ),
    Question("entry_date", "date", "Einreise nach Deutschland", asked_in_chat=True),
    Question(
        "permitted_stay_months",
        "int",
        "Monate erlaubter, gestatteter oder geduldeter Aufenthalt",
        hint="Nur wenn bekannt; sonst zählt das Einreisedatum.",
        deprecated_alias="lawful_stay_months",
    ),
    Question("decision_date", "date", "Tag der Förderentscheidung", hint="Leer lassen: heute."),
    Question(
        "german_level",
        "choice",
        "Deutschkenntnisse",
        tuple((level, level) for level in GERMAN_LEVELS),
        asked_in_chat=True,
    ),
    Question(
        "transition_expected",
        "bool",
        "Lassen Schul- und Deutschkenntnisse einen guten Übergang in eine Ausbildung erwarten?",
        asked_in_chat=True,
    ),
    Question("lives_abroad", "bool", "Wohnsitz im Ausland?", asked_in_chat=True),
    Question("company_in_germany", "bool", "Ausbildungsbetrieb in Deutschland?", asked_in_chat=True),
    Question(
        "training_kind",
        "choice",
        "Art der Ausbildung",
        (
            ("dual", "Betriebliche (duale) Ausbildung"),
            ("pflege_pflbg", "Pflegeausbildung nach Pflegeberufegesetz (PflBG, Teil 2)"),
            ("pflege_pflbg_altenpflege", "PflBG-Ausbildung mit Vertiefung oder Abschluss Altenpflege"),
            ("altenpflege", "Altenpflege nach dem alten Altenpflegegesetz"),
            ("pflege_other", "Andere Pflegeausbildung (z. B. Pflegehilfe nach Landesrecht)"),
            ("ausserbetrieblich", "Außerbetriebliche Ausbildung (beim Bildungsträger, BaE)"),
            ("school_based", "Rein schulische Ausbildung"),
        ),
        asked_in_chat=True,
    ),
    Question("training_start", "date", "Beginn der Ausbildung", asked_in_chat=True),
    Question("second_training", "bool", "Ist es eine zweite Ausbildung?", inferred_in_chat=True),
    Question("part_time", "bool", "Ausbildung in Teilzeit?"),
    Question("vorphase_months", "int", "Monate, die schon in einer Vorphase waren", asked_in_chat=True),
    Question("hours_per_week", "int", "Mögliche Stunden pro Woche in der Vorphase", asked_in_chat=True),
    Question("berufseinstiegsbegleitung", "bool", "Nimmt an der Berufseinstiegsbegleitung teil?", asked_in_chat=True),
    Question("asa_supported_training", "bool", "Wurde die Ausbildung mit AsA begleitet?", asked_in_chat=True),
    Question("months_since_training_end", "int", "Monate seit Ende der Ausbildung", asked_in_chat=True),
    Question(
        "months_since_employment_start",
        "int",
        "Monate seit Beginn der Arbeitsstelle",
        hint="Leer lassen, wenn es keine Arbeitsstelle gibt.",
        asked_in_chat=True,
    ),
    Question("employed", "bool", "Hat eine Arbeitsstelle?"),
    Question("disability", "bool", "Behinderung?"),
    Question("age", "int", "Alter"),
    Question("has_trainee_or_eq", "bool", "Hat der Betrieb eine/n Auszubildende/n oder eine EQ?", asked_in_chat=True),
    Question(
        "trainee_eligible",
        "bool",
        "Braucht diese Person Unterstützung (oder wird schon mit AsA begleitet)?",
        asked_in_chat=True,
    ),
    Question(
        "willing_to_train",
        "bool",
        "Will der Betrieb einen jungen Menschen ausbilden, der Unterstützung braucht?",
        asked_in_chat=True,
    ),
    Question("first_time_training", "bool", "Bildet der Betrieb zum ersten Mal aus?"),
)

BY_NAME: Dict[str, Question] = {q.name: q for q in QUESTIONS}
DEPRECATED_ALIASES: Dict[str, str] = {q.deprecated_alias: q.name for q in QUESTIONS if q.deprecated_alias}
# the eligibility form's slots, in the table's order (audience has its own slot)
ASKED_IN_CHAT: Tuple[str, ...] = tuple(q.name for q in QUESTIONS if q.asked_in_chat)
CHAT_SLOTS: Tuple[str, ...] = tuple(q.name for q in QUESTIONS if q.asked_in_chat or q.inferred_in_chat)


def names(kind: str) -> Tuple[str, ...]:
    return tuple(q.name for q in QUESTIONS if q.kind == kind)


def values(name: str) -> Tuple[str, ...]:
    return BY_NAME[name].values
