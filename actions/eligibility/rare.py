"""Rare conditions, asked together in one question of the chat check: "Trifft etwas davon zu?".

Pure Python. Most young people live in Germany, are German, do a training in a company and
are not in a Berufseinstiegsbegleitung; asking each of these on its own made a typical
apprentice answer six questions. The chat offers the ones the rules still need (the verdict's
`missing`) as one list; what is not chosen gets its usual value, what is chosen is either
stored at once ("Wohnsitz im Ausland") or asked in detail afterwards ("Keine deutsche
Staatsangehörigkeit" -> the residence question). The API and the hotline form keep asking
every field on its own (actions/eligibility/schema.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple

from .catalog import VORPHASE_MIN_HOURS

ASK = object()  # chosen: the detailed question follows
QUESTION = "special_cases"  # the chat's slot for the combined question


@dataclass(frozen=True)
class Condition:
    field: str
    label: str  # button title and list entry; a noun phrase, so it fits du and Sie
    chosen: Any  # value when it applies, or ASK
    otherwise: Any  # value when it does not apply
    words: str  # how people type it


CONDITIONS: Tuple[Condition, ...] = (
    Condition(
        "residence_status",
        "Keine deutsche Staatsangehörigkeit",
        ASK,
        "citizen",
        r"staatsangeh|nicht deutsch|kein(e|en)?\s+deutsch|ausländ|auslaend|gefl[uü]cht|fl[uü]cht|"
        r"aufenthalt|duldung|asyl|\beu\b|pass\b",
    ),
    Condition("lives_abroad", "Wohnsitz im Ausland", True, False, r"ausland|nicht in deutschland|wohn"),
    Condition(
        "school_obligation", "Noch vollzeitschulpflichtig", True, False, r"schulpflicht|noch (zur |in die )?schule"
    ),
    Condition(
        "training_kind",
        "Ausbildung nicht in einem Betrieb oder in der Pflege",
        ASK,
        "dual",
        r"schulisch|au(ß|ss)erbetrieb|pflege|nicht (im|in einem) betrieb|tr[aä]ger|fachschule",
    ),
    Condition("vorphase_months", "Schon in einer AsA-Vorphase gewesen", ASK, 0, r"vorphase"),
    Condition(
        "hours_per_week",
        f"Weniger als {VORPHASE_MIN_HOURS} Stunden pro Woche Zeit",
        ASK,
        VORPHASE_MIN_HOURS,
        r"stunden|weniger als|wenig zeit|teilzeit|kind",
    ),
    Condition(
        "berufseinstiegsbegleitung",
        "Schon in der Berufseinstiegsbegleitung",
        True,
        False,
        r"berufseinstieg|bereb|einstiegsbegleit",
    ),
)
BY_FIELD: Dict[str, Condition] = {c.field: c for c in CONDITIONS}
NONE_OF_THESE = "Nichts davon"
NOTHING_MORE = "Nichts weiter"  # once one condition was chosen
_NONE = re.compile(
    r"^\s*(nichts?( davon| weiter| mehr)?|nein|nö+|nee+|ne|keins?e?s?|trifft nicht zu|nix|"
    r"nichts trifft zu|alles nicht|passt nicht)\b",
    re.I,
)


class NotAChoice(ValueError):
    pass


def pending(missing: Sequence[str], handled: Sequence[str]) -> List[Condition]:
    """The rare conditions the rules still need and the chat has not asked about yet."""
    return [BY_FIELD[name] for name in missing if name in BY_FIELD and name not in handled]


def next_question(missing: Sequence[str], handled: Sequence[str]) -> Optional[str]:
    """The main questions first (situation, need), then the rare conditions in one go, then details."""
    if not missing:
        return None
    if pending(missing, handled):
        main = [name for name in missing if name not in BY_FIELD]
        return main[0] if main else QUESTION
    return missing[0]


def parse_choice(text: str, offered: Sequence[Condition]) -> List[Condition]:
    """The offered conditions a reply names ("1 und 3", a button title, own words); [] for "nichts davon".

    Raises NotAChoice when the reply names none of them and does not say "nothing"."""
    low = (text or "").strip().lower()
    chosen = [c for c in offered if c.label.lower() == low]  # a button ("Keine deutsche …" is no "keine")
    if chosen:
        return chosen
    says_none = bool(_NONE.search(low))
    if says_none and len(low.split()) <= 3:
        return []
    numbers = [int(n) for n in re.findall(r"\b(\d)\b", low)]
    chosen = [offered[n - 1] for n in numbers if 1 <= n <= len(offered)]
    chosen += [c for c in offered if re.search(c.words, low) and c not in chosen]
    if not chosen and not says_none:
        raise NotAChoice(text)
    return chosen


def answers_for(chosen: Sequence[Condition], offered: Sequence[Condition], final: bool) -> Dict[str, Any]:
    """Slot values from a reply: chosen ones now (None = asked in detail next), the others only once final."""
    values: Dict[str, Any] = {}
    for condition in offered:
        if condition in chosen:
            values[condition.field] = None if condition.chosen is ASK else condition.chosen
        elif final:
            values[condition.field] = condition.otherwise
    return values
