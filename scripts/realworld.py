"""The real-world question set (tests/realworld/questions.yml): loading, judging, reporting.

Every question was written by a real person on a public page; the set is a TEST set and never
training data (tests/test_realworld.py checks that no question is in nlu/). A reply is right when

- the brochure answers the question: every `must` pattern is in the reply, no `must_not` pattern;
- it does not: the `referral` pattern (the contact who answers it) is in the reply, no `must_not`.

Used end to end over the REST channel (first message of a fresh conversation; `make nlu-report`
and the test suite) and for the hotline search (`make search-report`: is a right answer among
the three topics the search shows?).
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "tests" / "realworld" / "questions.yml"
TARGETS = {True: 0.85, False: 0.90}  # the goal: brochure answers it / a referral is the right answer
# What this version reaches, less a margin for retraining noise: the test suite guards these so
# that understanding cannot get worse unnoticed while the targets are not reached yet (issue 11).
FLOORS = {True: 0.75, False: 0.80}


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    source: str
    audience: str
    category: str
    brochure_answers: bool
    must: Tuple[str, ...] = ()
    referral: str = ""
    must_not: Tuple[str, ...] = ()


def load(path: Path = QUESTIONS) -> List[Question]:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Question(
            q["id"],
            q["text"],
            q["source"],
            q["audience"],
            q["category"],
            bool(q["brochure_answers"]),
            tuple(q.get("must") or ()),
            q.get("referral") or "",
            tuple(q.get("must_not") or ()),
        )
        for q in items
    ]


def judge(question: Question, reply: str) -> Optional[str]:
    """None if the reply is right, else why not."""
    for pattern in question.must_not:
        if re.search(pattern, reply, re.I):
            return f"says what it must not: /{pattern}/"
    if question.brochure_answers:
        missing = [p for p in question.must if not re.search(p, reply, re.I)]
        return f"missing /{'/, /'.join(missing)}/" if missing else None
    return None if re.search(question.referral, reply, re.I) else f"no referral /{question.referral}/"


@dataclass
class Result:
    question: Question
    reply: str
    problem: Optional[str]

    @property
    def ok(self) -> bool:
        return self.problem is None


def ask_all(questions: Iterable[Question], say: Callable[[str, str], str]) -> List[Result]:
    """Each question as the first message of a fresh conversation; `say(sender, text)` -> reply text."""
    results = []
    for question in questions:
        reply = say(f"rw-{question.id}-{uuid.uuid4().hex[:8]}", question.text)
        results.append(Result(question, reply, judge(question, reply)))
    return results


def shares(results: Sequence[Result], key: Callable[[Question], str]) -> Dict[str, Tuple[int, int]]:
    table: Dict[str, List[int]] = defaultdict(lambda: [0, 0])
    for result in results:
        row = table[key(result.question)]
        row[0] += result.ok
        row[1] += 1
    return {name: (ok, total) for name, (ok, total) in sorted(table.items())}


def kind(question: Question) -> str:
    return "brochure answers it" if question.brochure_answers else "referral expected"


def report(results: Sequence[Result], title: str = "real-world set, end to end over REST") -> str:
    lines = [f"{title}: {sum(r.ok for r in results)}/{len(results)} right"]
    for heading, key in (
        ("by kind", kind),
        ("by category", lambda q: q.category),
        ("by audience", lambda q: q.audience),
    ):
        lines.append(f"  {heading}:")
        for name, (ok, total) in shares(results, key).items():
            lines.append(f"    {name:<22} {ok:>3}/{total:<3} {ok / total:6.1%}")
    failures = [r for r in results if not r.ok]
    if failures:
        lines.append(f"  still wrong ({len(failures)}):")
        for r in failures:
            reply = " ".join(r.reply.split())[:140]
            lines.append(f"    {r.question.id} [{r.question.category}] {r.question.text[:90]!r}")
            lines.append(f"        {r.problem}; got: {reply!r}")
    return "\n".join(lines)


def meets(results: Sequence[Result], levels: Dict[bool, float] = TARGETS) -> Dict[str, bool]:
    by_kind = shares(results, kind)
    return {name: ok / total >= levels[name == "brochure answers it"] for name, (ok, total) in by_kind.items()}


def topic_texts() -> Dict[str, Tuple[str, str]]:
    from knowledge import topics

    return {key: (t.du, t.sie) for key, t in topics().items()}


def search_results(questions: Iterable[Question], ranked: Callable[[str], List[str]], top: int = 3) -> List[Result]:
    """Hotline search: right when one of the first `top` topics' answers is a right reply."""
    texts = topic_texts()
    results = []
    for question in questions:
        keys = ranked(question.text)[:top]
        problems = [judge(question, text) for key in keys for text in texts[key]]
        ok = any(p is None for p in problems)
        results.append(Result(question, " | ".join(keys), None if ok else (problems[0] if problems else "no hit")))
    return results
