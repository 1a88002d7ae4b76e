"""Scripted conversations shared by the scale-out tests and `make load` (one copy of each)."""

# a young person, asylum procedure since March 2024, B1: likely eligible for the Vorphase
YOUTH_VORPHASE = [
    "/i_am_youth",
    "kann ich mitmachen",
    "Ich suche einen Ausbildungsplatz",
    "ja klar",
    "Keine deutsche Staatsangehörigkeit",
    "Nichts weiter",
    "Aufenthaltsgestattung",
    "seit März 2024",
    "B1 glaub ich",
    "ja",
]
# the index of the answer to "Wann bist du nach Deutschland eingereist?" (the middle of the check)
ENTRY_DATE_ANSWER = YOUTH_VORPHASE.index("seit März 2024")
FAQ_QUESTIONS = [
    "Was kostet die AsA?",
    "wie lange dauert das",
    "Wer kann bei der AsA mitmachen?",
    "Was ist die Vorphase?",
    "Muss mein Betrieb etwas bezahlen?",
    "wo melde ich mich an",
]
