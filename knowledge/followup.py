"""Follow-up questions that only make sense with the previous answer.

"und was kostet das?", "wo meld ich mich da?", "wie lange geht das?", "und für uns als Betrieb?"
name an *aspect* (costs, where to sign up, duration, the company's side) of whatever the
conversation was about. Pure Python: components/knowledge_ranker.py marks such a message as a
follow-up, and actions.actions.ActionAnswerFollowUp picks the answer from the aspect and the
topic of the last answer, with `answer_for`.

Every answer text stays in knowledge/faq.yml; this module only says which topic answers which
aspect in which context.
"""

from __future__ import annotations

import re
from typing import Optional

from knowledge import topics
from knowledge.asker import detect_asker

# the aspect "money for the person" (Berufsausbildungsbeihilfe, pay), not what the AsA costs
MONEY = "geld"
# aspect -> (pattern, topic that answers it when the context says nothing more specific);
# the company and parent aspects come last: "was kostet das für den Betrieb" asks about costs;
# time before costs: "wie viel Zeit kostet uns das?" asks about time
_ASPECTS = (
    (
        "zeit",
        re.compile(
            r"\bwie\s+oft\b|\bwie\s+viele\s+stunden\b|\bwie\s+viel\s+zeit\b|\bwann\s+(?:genau|findet|ist)\b", re.I
        ),
        "betrieb_zeitumfang",
    ),
    # money for the person ("krieg ich da Geld?") is no question about what the AsA costs
    (
        MONEY,
        re.compile(
            r"\b(?:krieg\w*|bekomm\w*|gibt\s+es|gibts)\b[^?]{0,20}\bgeld\b|\bbab\b|\bbeihilfe\b|"
            r"\bverdien\w*\b|\bverg[uü]tung\b",
            re.I,
        ),
        "ref_geld",
    ),
    (
        "kosten",
        re.compile(
            r"\bkost\w*|\bbezahl\w*|\bzahl(?:en|t|e)\b|\bgeb[uü]hr\w*|\bumsonst\b|\bgratis\b|"
            r"\bkostenlos\b|\bgeld\b",
            re.I,
        ),
        "kosten",
    ),
    (
        "anmeldung",
        re.compile(
            r"\b(?:meld\w*|anmeld\w*|beantrag\w*|bewerb\w*)\b|\ban\s+wen\b|\bwohin\b|"
            r"\bwo\s+(?:muss|soll|kann|geh|gehe|krieg|kriege|bekomm|bekomme|frag|frage)\w*\b|"
            r"\bwer\s+(?:ist\s+)?(?:da\s+)?zust[aä]ndig\b|\bansprechpartner\w*\b|\bkontakt\w*\b",
            re.I,
        ),
        "anmeldung_jugendliche",
    ),
    (
        "dauer",
        re.compile(
            r"\bwie\s+lange?\b|\bdauer\w*\b|\bwie\s+viele\s+(?:monate|wochen|jahre)\b|\bbis\s+wann\b|"
            r"\bwie\s+lang\b",
            re.I,
        ),
        "foerderdauer",
    ),
    (
        "betrieb",
        re.compile(
            r"\b(?:f[uü]r|als|bei)\s+(?:uns|den|einen|unseren|unserem|meinen|meinem|die)?\s*"
            r"(?:als\s+)?(?:betrieb\w*|firma|firmen|arbeitgeber\w*|unternehmen|ausbilder\w*|chef\w*)\b"
            r"|\bwas\s+(?:haben|hat|bringt)\s+(?:wir|uns|der\s+betrieb|die\s+firma)\b",
            re.I,
        ),
        "betrieb_unterstuetzung",
    ),
    # "hilft uns die AsA dabei?" asks what the AsA does for what was just talked about
    (
        "hilfe",
        re.compile(
            r"\bhilft\s+(?:uns|mir|ihm|ihr|euch|einem)\s+(?:die\s+asa|das|ihr|die\s+assistierte\s+ausbildung|"
            r"die\s+agentur)?\s*(?:da|dabei|damit|dann|hier)\b|\b(?:kann|k[oö]nnte)\s+(?:uns|mir)?\s*"
            r"(?:die\s+asa|das|ihr)\s+(?:da|dabei|damit|hier)\s+(?:helfen|unterst[uü]tzen)\b",
            re.I,
        ),
        "was_ist_asa",
    ),
    (
        "eltern",
        re.compile(
            r"\b(?:f[uü]r|als)\s+(?:die\s+|uns\s+)?(?:als\s+)?eltern\b|\bwas\s+k[oö]nnen\s+(?:wir|ich)\s+"
            r"(?:als\s+eltern\s+)?(?:da\s+)?tun\b",
            re.I,
        ),
        "eltern",
    ),
)

# A follow-up points back ("das", "da", "dafür") or starts with "und"/"aber", and is short:
# a long message carries its own topic and goes through the normal understanding.
_POINTS_BACK = re.compile(
    r"^\s*(?:und|aber|also|ok(?:ay)?|gut|danke|alles\s+klar)\b|\b(?:das|da|dafür|dafuer|dort|"
    r"davon|dabei|damit|dazu|denn|dann|hin|an\s+wen|wohin|zust[aä]ndig)\b",
    re.I,
)
MAX_WORDS = 9

VORPHASE = {
    "vorphase_ziel",
    "vorphase_inhalte",
    "vorphase_dauer",
    "vorphase_stunden",
    "vorphase_bab",
    "vorphase_ende",
    "vorphase_angebot",
    "vorphase_betriebe",
    "alternativen",
}
BEGLEITEND = {
    "begleitende_phase",
    "foerderunterricht",
    "pruefungsvorbereitung",
    "freistellung",
    "betrieb_unterstuetzung",
    "betrieb_zeitumfang",
    "ausbildungsbegleiter",
    "sozialpaedagoge",
    "konflikt_betrieb",
    "abbruch_gedanken",
    "private_probleme",
    "pruefung_nicht_bestanden",
    "abh",
    "teilzeit",
}
# (aspect, topics of the context) -> the topic that answers the aspect there
_IN_CONTEXT = (
    ("dauer", VORPHASE, "vorphase_dauer"),
    ("dauer", {"nachbetreuung"}, "nachbetreuung"),
    ("zeit", VORPHASE, "vorphase_stunden"),
    ("zeit", BEGLEITEND - {"betrieb_unterstuetzung", "betrieb_zeitumfang"}, "freistellung"),
    ("betrieb", VORPHASE, "vorphase_betriebe"),
    ("betrieb", {"anmeldung_jugendliche", "anmeldung_betriebe"}, "anmeldung_betriebe"),
    ("betrieb", {"kosten"}, "kosten"),
    ("betrieb", {"was_ist_asa", "zielgruppe_jugendliche", "zielgruppe_betriebe"}, "zielgruppe_betriebe"),
    ("kosten", VORPHASE, "kosten"),
    ("geld", VORPHASE, "vorphase_bab"),
    ("hilfe", {"ref_ausbildungsbetrieb", "anmeldung_betriebe", "zielgruppe_betriebe"}, "erstausbildende_betriebe"),
    ("hilfe", {"ref_pruefung", "pruefung_nicht_bestanden"}, "pruefungsvorbereitung"),
    ("hilfe", {"konflikt_betrieb", "abbruch_gedanken", "ref_vertrag"}, "konflikt_betrieb"),
    ("hilfe", {"berufswahl", "keine_lehrstelle"}, "vorphase_ziel"),
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# after a statement of who asks, only a question about a property of the AsA is a follow-up
_PROPERTY_ASPECTS = {"zeit", "geld", "kosten", "anmeldung", "dauer"}
_MAX_WORDS_AFTER_STATEMENT = 6


def follow_up_aspect(text: str, understood_as: Optional[str] = None) -> Optional[str]:
    """The aspect a short, pointing-back message asks about, or None if it is no follow-up.

    `understood_as`: the topic the message was understood as on its own, if any. One other than
    the aspect's general topic means the message names its own topic ("wie lange dauert das in der
    Vorphase?") and is no follow-up.

    "Wir haben einen Azubi im zweiten Lehrjahr. Wie lange wird das bewilligt?": a statement of who
    asks followed by a short pointing-back question is a follow-up too; the whole message's topic
    then says nothing about the question, so `understood_as` does not count."""
    if not text or text.startswith("/"):
        return None
    sentences = _SENTENCE_END.split(text.strip())
    if len(sentences) > 1 and detect_asker(" ".join(sentences[:-1])):
        if len(sentences[-1].split()) > _MAX_WORDS_AFTER_STATEMENT:
            return None  # "An wen wenden wir uns wegen dem Aufenthalt?" names its own topic
        aspect = _aspect_of(sentences[-1], None)
        # "… weiß nicht, was sie werden will. Kann die AsA da helfen?" points back into the message itself
        return aspect if aspect in _PROPERTY_ASPECTS else None
    return _aspect_of(text, understood_as)


def _aspect_of(text: str, understood_as: Optional[str]) -> Optional[str]:
    if len(text.split()) > MAX_WORDS or not _POINTS_BACK.search(text):
        return None
    for aspect, pattern, general in _ASPECTS:
        if pattern.search(text):
            return aspect if understood_as in (None, general) else None
    return None


def default_topic(aspect: str) -> str:
    return next(topic for name, _, topic in _ASPECTS if name == aspect)


def answer_for(aspect: str, context_topic: Optional[str], audience: Optional[str]) -> str:
    """The topic that answers `aspect` after an answer on `context_topic`, for this asker."""
    topic = next(
        (target for name, contexts, target in _IN_CONTEXT if name == aspect and context_topic in contexts),
        default_topic(aspect),
    )
    if audience == "company":
        topic = topics()[topic].for_company or topic  # "where do I sign up" depends on who asks
    return topic
