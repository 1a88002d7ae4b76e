"""Which register a German text uses: "du", "Sie", neither, or both (a mistake).

Pure Python, for the tests that check every response variant and every reply of the
conversation tests. "Sie"/"Ihr" at the start of a sentence may mean "she"/"they"/"her",
so only forms that cannot be third person count: "Sie" inside a sentence, "Ihnen", and
"Ihr-" inside a sentence.
"""

from __future__ import annotations

import re
from typing import Optional

_DU = re.compile(r"\b(du|dich|dir|dein|deine|deinem|deinen|deiner|deines|du's)\b")
_SIE = re.compile(r"\b(Sie|Ihr|Ihre|Ihrem|Ihren|Ihrer|Ihres|Ihnen)\b")
_SENTENCE_END = ".!?:„“\"\n–-"
# button titles and quoted examples are the person's own voice ("Für mich", „ich suche …“)
_QUOTED = re.compile(r"„[^“]*“|\"[^\"]*\"")


def register_of(text: str) -> Optional[str]:
    """ "du", "sie", "mixed" or None (neutral)."""
    plain = _QUOTED.sub(" ", text or "")
    du = bool(_DU.search(plain))
    sie = any(_polite(plain, match) for match in _SIE.finditer(plain))
    if du and sie:
        return "mixed"
    return "du" if du else ("sie" if sie else None)


def fits(text: str, expected: str) -> bool:
    """True if the text is neutral or in the expected register ("du" or "sie")."""
    found = register_of(text)
    return found is None or found == expected


def _polite(text: str, match: "re.Match[str]") -> bool:
    """ "Ihnen" always; "Sie"/"Ihr…" only inside a sentence (at its start it may be "she"/"her")."""
    if match.group(1) == "Ihnen":
        return True
    before = text[: match.start()].rstrip()
    return bool(before) and before[-1] not in _SENTENCE_END
