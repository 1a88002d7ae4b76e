"""Turn a Verdict into the German message a person reads (chat, hotline summary)."""

from __future__ import annotations

from .model import Verdict

PHASE_NAMES = {
    "vorphase": "die Vorphase",
    "begleitende_phase": "die begleitende Phase",
    "nachbetreuung": "die Nachbetreuung",
}

# register: "du" (young person), "parent" (Sie, about the child), "company" (Sie, about the company)
_SUBJECT = {"du": "Du", "parent": "Ihr Kind", "company": "Ihr Betrieb"}
# after "für": the accusative, and "Ihr" keeps its capital as the polite form
_FOR_SUBJECT = {"du": "dich", "parent": "Ihr Kind", "company": "Ihren Betrieb"}
_HEADLINES = {
    "likely_eligible": {
        "du": "Gute Nachricht: Du kommst wahrscheinlich für die AsA in Frage{phase}.",
        "other": "Gute Nachricht: {subject} kommt wahrscheinlich für die AsA in Frage{phase}.",
    },
    "case_by_case": {
        "du": "Bei dir entscheidet die Agentur für Arbeit im Einzelfall{phase}.",
        "other": "Hier entscheidet die Agentur für Arbeit im Einzelfall{phase}.",
    },
    "not_eligible": {
        "du": "Die AsA ist für dich gerade wohl nicht möglich.",
        "other": "Die AsA ist für {for_subject} gerade wohl nicht möglich.",
    },
    "incomplete": {
        "du": "Mir fehlen noch Angaben für eine Orientierung.",
        "other": "Mir fehlen noch Angaben für eine Orientierung.",
    },
}
_REASON_HEADER = {
    "likely_eligible": "Warum:",
    "case_by_case": "Warum im Einzelfall:",
    "not_eligible": "Warum:",
    "incomplete": "Bisher:",
}
MAX_REASONS = 6


def headline(verdict: Verdict, register: str = "du") -> str:
    phase = f" – für {PHASE_NAMES[verdict.phase]}" if verdict.phase and verdict.outcome != "not_eligible" else ""
    subject = _SUBJECT.get(register, "Sie")
    template = _HEADLINES[verdict.outcome]["du" if register == "du" else "other"]
    return template.format(phase=phase, subject=subject, for_subject=_FOR_SUBJECT.get(register, "Sie"))


def render(verdict: Verdict, register: str = "du") -> str:
    """Headline, the deciding reasons first, the decision note, the next step."""
    order = {"exclude": 0, "weigh": 1, "note": 2}
    reasons = sorted((r for r in verdict.reasons if r.rule != "DECIDE"), key=lambda r: order[r.effect])
    lines = [headline(verdict, register), "", _REASON_HEADER[verdict.outcome]]
    lines += [f"• {r.text} (Quelle: {r.source})" for r in reasons[:MAX_REASONS]]
    decide = next((r for r in verdict.reasons if r.rule == "DECIDE"), None)
    if decide:
        lines += ["", decide.text]
    if verdict.next_step:
        lines += ["", f"Nächster Schritt: {verdict.next_step}"]
    return "\n".join(lines)
