"""Who is asking, from how they write: a parent, a company or the young person.

Pure Python. The NLU component components/asker_detector.py turns the result into an
`audience` entity, so the slot (and with it du/Sie and the company's answers) follows
what the person wrote without forcing the audience buttons. The check reads `check_asker`
for the message that started it.

Only clear statements count: "mein Sohn", "unser Azubi", "ich bin im zweiten Lehrjahr".
A plain "ich" is not enough on its own, because parents and Ausbilder write "ich" too;
a later clear statement (or a button) corrects an earlier one.
"""

from __future__ import annotations

import re
from typing import Optional

_POSSESSIVE = r"(?:mein|meine|meinem|meinen|meiner|unser|unsere|unserem|unseren|unserer|unsre)"
_OUR = r"(?:unser|unsere|unserem|unseren|unserer|unsre|unsrem|unsren)"
_CHILD = r"(?:sohn|sohnemann|tochter|kind|kinder|enkel\w*|stiefsohn|stieftochter|pflegekind|pflegesohn|pflegetochter)"
_TRAINEE = (
    r"(?:azubi\w*|auszubildende\w*|lehrling\w*|lehrlinge|stift|eq-?\s?praktikant\w*|"
    r"eq-?\s?teilnehmer\w*|nachwuchs\w*|ausbildungsanf[aä]nger\w*)"
)
_COMPANY_WORD = (
    r"(?:betrieb|firma|unternehmen|ausbildungsbetrieb|handwerksbetrieb|praxis|kanzlei|werkstatt|"
    r"laden|hotel|restaurant|salon|b[aä]ckerei|metzgerei|autohaus|arbeitgeber)"
)
_TRAINING_WORD = (
    r"(?:azubi|ausbildung|lehre\b|lehrstelle|ausbildungsplatz|ausbildungsstelle|lehrjahr|"
    r"berufsschule|ausbilder|ausbilderin|chef|chefin|meister|pr[uü]fung|bewerbung|bewerbungen|"
    r"beworben|lehrling|abschlusspr[uü]fung|zwischenpr[uü]fung|berufsausbildung|eq\b|"
    r"einstiegsqualifizierung|schulabschluss|hauptschulabschluss|realschulabschluss|noten)"
)

_PARENT = re.compile(
    rf"\b(?:f[uü]r|mit|um|von|bei)\s+{_POSSESSIVE}n?\s+{_CHILD}\b"
    rf"|\b{_POSSESSIVE}\s+{_CHILD}\b"
    r"|\bals\s+(?:mutter|vater|mama|papa|eltern(?:teil)?|erziehungsberechtigte\w*)\b"
    r"|\bwir\s+(?:als\s+)?eltern\b|\bich\s+bin\s+(?:die\s+|der\s+)?(?:mutter|vater|mama|papa)\b",
    re.I,
)
_COMPANY = re.compile(
    rf"\b{_POSSESSIVE}\s+(?:neue[nrm]?\s+|jetzige[nrm]?\s+|aktuelle[nrm]?\s+)?{_TRAINEE}"
    rf"|\b(?:wir|uns)\s+als\s+{_COMPANY_WORD}\b|\b{_OUR}\s+{_COMPANY_WORD}\b|\buns\s+im\s+{_COMPANY_WORD}\b"
    rf"|\b(?:seine[mnr]?|ihre[mnr]?)\s+(?:neue[nrm]?\s+)?{_TRAINEE}"
    r"|\bich\s+bin\s+(?:der\s+|die\s+)?(?:ausbilder\w*|ausbildungsleiter\w*|ausbildungsbeauftragte\w*|"
    r"personaler\w*|personalchef\w*|inhaber\w*|gesch[aä]ftsf[uü]hrer\w*)\b"
    r"|\bwir\s+(?:bilden|suchen\s+(?:einen|eine)\s+(?:azubi|auszubildende|lehrling)|haben\s+(?:einen|eine|zwei|drei)\s+"
    rf"(?:neue[nr]?\s+)?{_TRAINEE}|(?:w[uü]rden|wollen|m[oö]chten)\s+(?:gern\w*\s+)?(?:einen|eine|jemanden)\b[^.?!]{{0,40}}"
    r"(?:ausbilden|einstellen))"
    rf"|\bals\s+(?:ausbilder\w*|ausbildungsbetrieb|arbeitgeber\w*|{_COMPANY_WORD})\b"
    r"|\barbeitgeber-?service\b.*\b(?:wir|uns)\b",
    re.I,
)
_YOUTH = re.compile(
    rf"\b(?:ich|bin|hab|habe|mach|mache|such|suche)\b[^.?!]{{0,60}}\b{_TRAINING_WORD}"
    rf"|\bmein(?:e|em|en|er)?\s+(?:ausbilder\w*|chef\w*|meister\w*|ausbildung\w*|lehre|berufsschul\w*|lehrer\w*|"
    r"betrieb|lehrstelle|ausbildungsplatz|pr[uü]fung\w*|noten|zeugnis\w*|eltern|mutter|vater|mama|papa)\b"
    r"|\b(?:kann|darf|könnte|koennte)\s+ich\b[^.?!]{0,40}\b(?:mitmachen|teilnehmen|dabei\s+sein|machen|bekommen|kriegen|nutzen)\b"
    r"|\b(?:bin|ich\s+bin)\s+(?:\d+|sechzehn|siebzehn|achtzehn|neunzehn|zwanzig)\b",
    re.I,
)


def detect_asker(text: str) -> Optional[str]:
    """'parent', 'company', 'youth' or None when the message does not say who writes."""
    if not text or text.startswith("/"):
        return None
    parent = _PARENT.search(text)
    company = _COMPANY.search(text)
    youth = _YOUTH.search(text)
    if company and not parent:
        return "company"
    if parent:
        # "ich mache eine Ausbildung und habe ein Kind" / "mit meinem Kind": a young parent writes
        if (
            youth
            and not re.search(rf"{_POSSESSIVE}\s+(?:sohn|tochter|stiefsohn|stieftochter|enkel\w*)", text, re.I)
            and not re.search(rf"\bf[uü]r\s+{_POSSESSIVE}n?\s+{_CHILD}", text, re.I)
        ):
            return "youth"
        return "parent"
    if youth:
        return "youth"
    return None


def check_asker(text: str) -> Optional[str]:
    """Who a check is for, from the message that asked for it: as `detect_asker`, and there a plain
    "ich" ("bin ich berechtigt?") does mean the person themselves."""
    found = detect_asker(text)
    if found or not text or text.startswith("/"):
        return found
    return "youth" if re.search(r"\b(ich|mich|mir)\b", text, re.I) else None
