"""A message that ends by asking to take part: "… kann er bei der AsA mitmachen?".

People describe their situation first and ask at the end whether they (or their child, their
Azubi) can join. The classifier then follows the long description ("hat aufgegeben" sounds like
quitting) and answers that topic, although the person asked for the check. Pure Python:
components/knowledge_ranker.py starts the check when the *last* sentence is such a request and
names nothing but the AsA; a condition in it ("mit 26 noch mitmachen?", "mit Behinderung
teilnehmen?") is a question for the FAQ and is left to the classifier.
"""

from __future__ import annotations

import re

_WHO = (
    r"(?:ich|er|sie|man|wir|mein\w*\s+(?:sohn|tochter|kind|azubi\w*|auszubildende\w*|lehrling)|"
    r"unser\w*\s+(?:sohn|tochter|kind|azubi\w*|auszubildende\w*|lehrling)|die\s+kleine|der\s+kleine)"
)
# words that add no condition: the request stays a plain "can … take part?"
_FILLER = (
    r"(?:auch|schon|denn|da|jetzt|[uü]berhaupt|ueberhaupt|eigentlich|noch|trotzdem|mal|dann|so|"
    r"bei|an|der|die|dem|den|asa|assistierten|assistierte|ausbildung|dabei|daran|diesem|dieser|programm)"
)
_JOIN = re.compile(
    rf"^\s*(?:und\s+|also\s+)?(?:kann|k[oö]nnte|koennte|darf|d[uü]rfte)\s+{_WHO}\s+(?:{_FILLER}\s+){{0,6}}"
    r"(?:mitmachen|teilnehmen|dabei\s+sein|mit\s+machen)\s*[?!.]*\s*$",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def asks_to_join(text: str) -> bool:
    """True when the message's last sentence asks plainly whether someone can take part."""
    if not text or text.startswith("/"):
        return False
    sentences = [s for s in _SENTENCE_END.split(text.strip()) if s.strip()]
    return bool(sentences) and bool(_JOIN.match(sentences[-1]))
