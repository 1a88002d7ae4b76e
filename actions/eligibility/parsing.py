"""Understand free-text answers to the check's questions ("ja klar", "nö", "seit März 2024", "B1 glaub ich").

Pure Python. Each parser returns the canonical value stored in the slot / sent to the
API, or raises NotUnderstood. DONT_KNOW is returned for "weiß nicht".
"""

from __future__ import annotations

import re
from datetime import date
from typing import Callable, Dict, Optional, Union

from .catalog import GERMAN_LEVELS
from .dates import MONTHS_DE, add_months
from .model import NOT_EMPLOYED


class NotUnderstood(ValueError):
    pass


DONT_KNOW = "dont_know"

_YES = re.compile(
    r"^\s*(ja+|jo+|jap|jup|yes|klar|genau|stimmt|richtig|sicher|natürlich|natuerlich|auf jeden fall|"
    r"ok|okay|jawohl|joa|eindeutig|doch)\b",
    re.I,
)
_NO = re.compile(
    r"^\s*(nein|nö+|noe|nee+|ne|no|nope|nicht|keine?n?|niemals|gar nicht|auf keinen fall|eher nicht|"
    r"noch nie|nie)\b",
    re.I,
)
_DONT_KNOW = re.compile(
    r"(weiß nicht|weiss nicht|weis nicht|keine ahnung|k\.?\s?a\.?$|^kp$|keinen plan|nicht sicher|"
    r"unsicher|überfragt|ueberfragt|keine schimmer|keinen schimmer|vielleicht|unklar|"
    # "was heißt das?": the question needs explaining, which is what a "weiß nicht" gets
    r"was (hei(ß|ss)t|bedeutet|meinst du mit|meinen sie mit) (das|dies)|was ist (damit )?gemeint|"
    r"versteh(e)? (ich |die frage )?nicht|^\s*hä\??\s*$)",
    re.I,
)

_NUMBER_WORDS = {
    "null": 0,
    "kein": 0,
    "keine": 0,
    "keinen": 0,
    "ein": 1,
    "einen": 1,
    "eine": 1,
    "einem": 1,
    "einer": 1,
    "eins": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "fuenf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwölf": 12,
    "zwoelf": 12,
    "halben": 6,
}

_MONTH_NAMES: Dict[str, int] = {}
for _i, _name in enumerate(MONTHS_DE, start=1):
    _MONTH_NAMES[_name.lower()] = _i
    _MONTH_NAMES[_name.lower()[:3]] = _i
_MONTH_NAMES.update({"maerz": 3, "marz": 3, "mrz": 3, "sept": 9, "jänner": 1, "jaenner": 1})


def is_dont_know(text: str) -> bool:
    return bool(_DONT_KNOW.search(text or ""))


def parse_bool(text: str) -> Union[bool, str]:
    text = (text or "").strip().lower()
    if is_dont_know(text):
        return DONT_KNOW
    if _NO.search(text):
        return False
    if _YES.search(text):
        return True
    raise NotUnderstood(text)


def _keyword(text: str, table) -> str:
    low = (text or "").lower()
    for value, pattern in table:
        if re.search(pattern, low):
            return value
    raise NotUnderstood(text)


_SITUATIONS = (
    # a failed final exam is no completed training (N-AFTER): still in the begleitende Phase
    (
        "in_training",
        r"nicht bestanden|durchgefallen|durchgerasselt|nicht geschafft|wiederholungsprüfung|"
        r"wiederholungspruefung",
    ),
    ("training_ended_early", r"abgebrochen|vorzeitig|gekündigt|gekuendigt|geschmissen|rausgeflogen|aufgelöst|abbruch"),
    ("training_completed", r"abgeschlossen|ausgelernt|fertig|bestanden|geselle|abschluss gemacht"),
    ("in_eq", r"\beq\b|einstiegsqualifizierung"),
    ("looking_for_training", r"such|kein(en)? (ausbildungs)?(platz|vertrag|lehrstelle)|noch nichts|bewerb"),
    (
        "in_training",
        r"in (der )?ausbildung|lehrjahr|ausbildungsvertrag|vertrag|azubi|auszubildend|lehre|"
        r"ausbildung (zum|zur|als)|mache? (eine )?ausbildung|bin in|ist in",
    ),
)
# Order matters: the specific statuses first, so that "Aufenthaltserlaubnis in Deutschland" is no citizen,
# "Asylberechtigter" no Gestattung and "Ausbildungsduldung" no plain Duldung.
_RESIDENCE = (
    (
        "employment_ban",
        r"beschäftigungsverbot|beschaeftigungsverbot|arbeitsverbot|darf nicht arbeiten|"
        r"keine arbeitserlaubnis",
    ),
    ("ausbildungsduldung", r"ausbildungsduldung"),
    ("beschaeftigungsduldung", r"beschäftigungsduldung|beschaeftigungsduldung"),
    (
        "recognised_refugee",
        r"asylberechtigt|anerkannt|flüchtlingseigenschaft|fluechtlingseigenschaft|"
        r"flüchtlingsschutz|fluechtlingsschutz|subsidiär|subsidiaer|asyl bekommen|"
        r"asyl erhalten|asyl bewilligt|blauer pass|reiseausweis",
    ),
    ("duldung", r"duldung|geduldet"),
    (
        "residence_permit",
        r"aufenthaltserlaubnis|16 ?g|§ ?24|paragraph 24|paragraf 24|§ ?25\b|§ ?104 ?c|"
        r"chancen-?aufenthalt|ukrain|vorübergehende[nr]? schutz|voruebergehende[nr]? schutz",
    ),
    ("gestattung", r"gestattung|asyl|gestattet|ankunftsnachweis"),
    (
        "work_permitted",
        r"aufenthaltstitel|arbeitserlaubnis|niederlassung|blaue karte|daueraufenthalt|visum|"
        r"darf arbeiten|arbeiten erlaubt",
    ),
    (
        "eu",
        r"\beu\b|\bewr\b|europ|schweiz|italien|polen|polnisch|rumän|rumaen|kroat|bulgar|griech|spanien|"
        r"österreich|oesterreich|franz|ungarn|tschech|portug|niederl|belg|slowak|sloven|litauen|lettland|"
        r"estland|schwed|finn|dänemark|irland|luxemburg|zypern|malta|norweg|island|liechtenstein",
    ),
    ("citizen", r"deutsch|\bde\b|deutsche staats"),
)
_KINDS = (
    ("ausserbetrieblich", r"außerbetrieb|ausserbetrieb|\bbae\b|beim (bildungs)?träger|beim traeger|überbetrieb"),
    ("school_based", r"schulisch|berufsfachschule|vollzeitschule|fachschule"),
    (
        "pflege_pflbg_altenpflege",
        r"(vertiefung|schwerpunkt|abschluss|generalistisch\w*|pflegeberufegesetz|pflbg)"
        r"[^.]*altenpfleg|altenpfleg[^.]*(vertiefung|pflegeberufegesetz|pflbg|neu)",
    ),
    ("altenpflege", r"altenpfleg"),
    (
        "pflege_other",
        r"andere pflege|pflegehilfe|pflegehelfer|pflegeassist|krankenpflegehilfe|sonstige pflege|"
        r"landesrecht",
    ),
    ("pflege_pflbg", r"pflege|pflegefach|pflegeberufegesetz|pflbg|krankenpfleg"),
    ("dual", r"dual|betrieb|betrieblich|lehre|mechatron|kauf|elektron|handwerk|ausbildung|zweit"),
)
SECOND_TRAINING = re.compile(r"zweit(e|en)? ausbildung|zweitausbildung|zweite lehre|noch eine ausbildung", re.I)
_AUDIENCE = (
    ("parent", r"kind|sohn|tochter|eltern|mutter|vater|mama|papa|enkel"),
    ("company", r"betrieb|firma|unternehmen|arbeitgeber|ausbilder|wir\b"),
    ("youth", r"mich|ich|selbst|youth"),
)


def parse_situation(text: str) -> str:
    return _keyword(text, _SITUATIONS)


def parse_residence(text: str) -> str:
    return _keyword(text, _RESIDENCE)


def parse_training_kind(text: str) -> str:
    try:
        return _keyword(text, _KINDS)
    except NotUnderstood:
        if is_dont_know(text):
            return DONT_KNOW
        raise


def parse_audience(text: str) -> str:
    if text in ("youth", "parent", "company"):
        return text
    return _keyword(text, _AUDIENCE)


def parse_german_level(text: str) -> str:
    if is_dont_know(text):
        return DONT_KNOW
    match = re.search(r"\b([abc])\s*-?\s*([12])\b", (text or "").lower())
    if match:
        level = f"{match.group(1).upper()}{match.group(2)}"
        if level in GERMAN_LEVELS:
            return level
    if re.search(r"muttersprach|fließend|fliessend|perfekt|sehr gut", (text or "").lower()):
        return "C2"
    raise NotUnderstood(text)


def parse_lives_abroad(text: str) -> bool:
    low = (text or "").lower()
    if re.search(r"ausland|nicht in deutschland|österreich|tschechien|polen|frankreich|schweiz|niederlande", low):
        return True
    if re.search(r"deutschland|hier", low):
        return False
    answer = parse_bool(low)
    if answer == DONT_KNOW:
        raise NotUnderstood(text)
    return not answer  # the question is "Wohnst du in Deutschland?"


def parse_count(text: str, unit_pattern: str = r"monat") -> int:
    """Whole number from '4 Monate', 'vier', 'ein halbes Jahr', '2 Jahre'."""
    low = (text or "").lower()
    if re.search(r"noch nie|\bnie\b|^\s*(nein|nö|nee|no|keine?)\s*$|gar nicht", low):
        return 0
    if re.search(r"halbes jahr", low):
        return 6
    factor = 12 if re.search(r"jahr", low) and not re.search(unit_pattern, low) else 1
    match = re.search(r"-?\d+", low)
    if match:
        return int(match.group()) * factor
    for word in re.findall(r"[a-zäöüß]+", low):
        if word in _NUMBER_WORDS:
            return _NUMBER_WORDS[word] * factor
    raise NotUnderstood(text)


def parse_hours(text: str) -> int:
    low = (text or "").lower()
    if re.search(r"vollzeit|ganztags", low):
        return 39
    match = re.search(r"(weniger|unter) als (\d+)|unter (\d+)", low)
    if match:
        return int(match.group(2) or match.group(3)) - 1  # the range's upper bound is what the rule needs
    return parse_count(low, unit_pattern=r"stund")


def parse_employment(text: str) -> Union[int, str]:
    low = (text or "").lower()
    if re.search(r"keine? (arbeit|job|stelle|arbeitsstelle)|noch keine|arbeitslos|^\s*(nein|nö|nee)\b", low):
        return NOT_EMPLOYED
    if re.search(r"gerade erst|diesen monat|frisch", low):
        return 0
    return parse_count(low)


def parse_date(text: str, today: date) -> date:
    """'15.03.2024', '03/2024', 'März 2024', 'seit März 2024', 'vor 8 Monaten', 'seit 2 Jahren', '2024-03-15'."""
    low = (text or "").lower().strip()
    match = re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})", low)
    if match:
        return _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)), text)
    match = re.search(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{2,4})\b", low)
    if match:
        return _safe_date(_year(match.group(3)), int(match.group(2)), int(match.group(1)), text)
    match = re.search(r"\b(\d{1,2})\s?[./]\s?(\d{4})\b", low)
    if match:
        return _safe_date(int(match.group(2)), int(match.group(1)), 1, text)
    match = re.search(r"\bvor\s+(\S+)\s+(monat|jahr)", low)
    if match:
        count = parse_count(match.group(1))
        return add_months(today, -count * (1 if match.group(2).startswith("monat") else 12))
    match = re.search(r"\bseit\s+(\S+)\s+(monat|jahr)", low)
    if match:
        count = parse_count(match.group(1))
        return add_months(today, -count * (1 if match.group(2).startswith("monat") else 12))
    for name, month in _MONTH_NAMES.items():
        found = re.search(rf"\b{re.escape(name)}\w*\.?\s*(\d{{2,4}})\b", low)
        if found:
            day = re.search(rf"\b(\d{{1,2}})\.?\s*{re.escape(name)}", low)
            return _safe_date(_year(found.group(1)), month, int(day.group(1)) if day else 1, text)
    raise NotUnderstood(text)


def _year(value: str) -> int:
    year = int(value)
    return year + 2000 if year < 100 else year


def _safe_date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise NotUnderstood(text) from exc


# field name -> parser(text, today); the dialogue uses this table for every question.
Parser = Callable[[str, date], Union[bool, int, str, date]]
PARSERS: Dict[str, Parser] = {
    "audience": lambda t, d: parse_audience(t),
    "situation": lambda t, d: parse_situation(t),
    "school_obligation": lambda t, d: parse_bool(t),
    "needs_support": lambda t, d: parse_bool(t),
    "residence_status": lambda t, d: parse_residence(t),
    "entry_date": parse_date,
    "german_level": lambda t, d: parse_german_level(t),
    "transition_expected": lambda t, d: parse_bool(t),
    "lives_abroad": lambda t, d: parse_lives_abroad(t),
    "company_in_germany": lambda t, d: parse_bool(t),
    "training_kind": lambda t, d: parse_training_kind(t),
    "training_start": parse_date,
    "vorphase_months": lambda t, d: parse_count(t),
    "hours_per_week": lambda t, d: parse_hours(t),
    "berufseinstiegsbegleitung": lambda t, d: parse_bool(t),
    "asa_supported_training": lambda t, d: parse_bool(t),
    "months_since_training_end": lambda t, d: parse_count(t),
    "months_since_employment_start": lambda t, d: parse_employment(t),
    "has_trainee_or_eq": lambda t, d: parse_bool(t),
    "trainee_eligible": lambda t, d: parse_bool(t),
    "willing_to_train": lambda t, d: parse_bool(t),
}


def parse_answer(field: str, text: str, today: date) -> Optional[Union[bool, int, str, date]]:
    """Canonical value for `field` from free text; NotUnderstood if it is no answer to that question."""
    return PARSERS[field](text or "", today)


# What a message says about the person's situation, read before the check asks (strict: a
# statement, not a question that merely mentions a contract).
_STATED_SITUATIONS = (
    (
        "training_ended_early",
        r"\b(hab|habe|hat|haben)\b[^.?!]{0,40}\b(ausbildung|lehre)\b[^.?!]{0,20}\b(abgebrochen|"
        r"geschmissen|beendet)|\b(bin|wurde|ist|wurden)\b[^.?!]{0,30}(gekündigt|gekuendigt|"
        r"rausgeflogen|rausgeworfen)",
    ),
    (
        "training_completed",
        r"\b(bin|ist)\s+(schon\s+)?(ausgelernt|geselle|gesellin|fertig mit der ausbildung)|"
        r"\b(hab|habe|hat)\b[^.?!]{0,30}\b(ausbildung|lehre|abschlussprüfung|gesellenprüfung)\b"
        r"[^.?!]{0,20}\b(abgeschlossen|bestanden|geschafft)",
    ),
    ("in_eq", r"\b(bin|ist|mache|macht)\b[^.?!]{0,20}\b(in\s+(der\s+|einer\s+)?)?(eq|einstiegsqualifizierung)\b"),
    (
        "in_training",
        r"\b(ich bin|bin|er ist|sie ist|ist)\s+(gerade\s+|jetzt\s+|noch\s+)?(azubi|auszubildende[r]?|lehrling|"
        r"in (der|einer) (ausbildung|lehre)|im (\d\.|ersten|zweiten|dritten|vierten|\w+ten) lehrjahr)|"
        r"\b(ich mache|mach|mache|er macht|sie macht|macht)\s+(gerade\s+|jetzt\s+)?(eine |die )?(ausbildung|lehre)\b|"
        r"\blehrjahr\b",
    ),
    (
        "looking_for_training",
        r"\b(such|suche|sucht|suchen)\w*\b[^.?!]{0,30}\b(lehrstelle|ausbildung\w*|lehre)\b|"
        r"\b(finde|findet|finden)\b[^.?!]{0,20}\b(keine|nix|nichts)\b|"
        r"\bkeine[nr]?\s+(lehrstelle|ausbildungsplatz|ausbildungsstelle)\b|"
        r"\b(nur\s+)?absagen\b|\bbewerbe?\b[^.?!]{0,20}\b(mich|sich)\b",
    ),
)


def stated_situation(text: str) -> Optional[str]:
    """'ich bin Azubi im zweiten Lehrjahr' -> 'in_training'; None unless the message says it plainly."""
    if not text or text.startswith("/"):
        return None
    return next((value for value, pattern in _STATED_SITUATIONS if re.search(pattern, text, re.I)), None)


_CORRECTION = re.compile(
    r"(^\s*(nein|nee|nö)\s*,|\bdoch\b|\beigentlich\b|korrigier|\bfalsch\b|\bsorry\b|"
    r"ich meinte|ich meine)",
    re.I,
)


def correction_of_situation(text: str) -> Optional[str]:
    """'nein, ich habe doch schon einen Vertrag' -> 'in_training' (a correction of an earlier answer)."""
    if not text or not _CORRECTION.search(text):
        return None
    try:
        return parse_situation(text)
    except NotUnderstood:
        return None
