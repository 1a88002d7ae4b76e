"""The FAQ responses for Rasa, made from knowledge/faq.yml, and the whole domain for our tools.

    python scripts/build_domain.py --responses   writes data/faq_responses.yml (make faq-responses)
    python scripts/build_domain.py [target]      checks, then writes build/domain.yml

knowledge/faq.yml is the only source of the FAQ texts. data/faq_responses.yml is made from it and
committed, so that the stock Rasa CLI finds every response from the repository root (`rasa train`,
`rasa data validate`: domain.yml plus the `responses` of the training data under data/); it is
never edited by hand: the second command, and so `make`, stop when it is not the one faq.yml gives.
Each answer has a "du" variant (audience = youth) and a default "Sie" variant, some a company
variant; its topic and chapter travel as response metadata.
The check's answer slots (one per question of actions/eligibility/schema.py) are written out in
domain.yml; the check stops with the lines to paste when they differ from the schema.
build/domain.yml (domain.yml plus the FAQ responses) is what the hotline, the reports and the tests
read as "the domain": the one Rasa assembles for training.
"""

import sys
from pathlib import Path
from typing import Optional

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from actions.eligibility.schema import CHAT_SLOTS  # noqa: E402
from knowledge import topics  # noqa: E402

FORM = "eligibility_form"


def _metadata(topic) -> dict:
    return {"topic": topic.key, "chapter": topic.chapter, "title": topic.title}


def faq_responses() -> dict:
    responses = {}
    every = topics()
    for topic in every.values():
        variants = [
            {
                "condition": [{"type": "slot", "name": "audience", "value": "youth"}],
                "text": topic.du,
                "metadata": _metadata(topic),
            }
        ]
        if topic.betrieb or topic.for_company:
            answering = every[topic.for_company] if topic.for_company else topic
            variants.append(
                {
                    "condition": [{"type": "slot", "name": "audience", "value": "company"}],
                    "text": topic.company_text(),
                    "metadata": _metadata(answering),
                }
            )
        variants.append({"text": topic.sie, "metadata": _metadata(topic)})
        responses[topic.response] = variants
    return responses


def answer_slot(name: str) -> dict:
    """A check answer is the raw text while its question is asked; the form's validation parses it."""
    return {
        "type": "any",
        "influence_conversation": False,
        "mappings": [
            {
                "type": "from_text",
                "not_intent": ["stop", "check_eligibility"],
                "conditions": [{"active_loop": FORM, "requested_slot": name}],
            }
        ],
    }


def answer_slot_line(name: str) -> str:
    """answer_slot(name) as the one line domain.yml holds it in."""
    return (
        f"  {name}: {{type: any, influence_conversation: false, mappings: [{{type: from_text, "
        f"not_intent: [stop, check_eligibility], conditions: [{{active_loop: {FORM}, requested_slot: {name}}}]}}]}}"
    )


RESPONSES = ROOT / "data" / "faq_responses.yml"
RESPONSES_HEADER = (
    "# made by `make faq-responses` (scripts/build_domain.py) from knowledge/faq.yml - do not edit;\n"
    "# Rasa merges these responses into the domain (rasa train, rasa data validate)\n"
)


def responses_file(responses: Optional[dict] = None) -> str:
    return RESPONSES_HEADER + yaml.safe_dump(
        {"version": "3.1", "responses": responses if responses is not None else faq_responses()},
        allow_unicode=True,
        sort_keys=False,
        width=1000,
    )


def answer_slot_problems(domain: dict) -> list:
    """What domain.yml's answer slots and form get wrong against the schema, with the fix."""
    problems = []
    for name in CHAT_SLOTS:
        if domain["slots"].get(name) != answer_slot(name):
            problems.append(
                f"domain.yml, slots: {name} fehlt oder weicht ab; so muss er lauten:\n{answer_slot_line(name)}"
            )
    required = domain["forms"][FORM]["required_slots"]
    if [name for name in required if name in CHAT_SLOTS] != list(CHAT_SLOTS) or required[-len(CHAT_SLOTS) :] != list(
        CHAT_SLOTS
    ):
        problems.append(f"domain.yml, forms: {FORM}.required_slots endet mit den Antwort-Slots: {list(CHAT_SLOTS)}")
    return problems


def check(domain: dict, responses: dict) -> None:
    problems = answer_slot_problems(domain)
    if RESPONSES.read_text(encoding="utf-8") != responses_file(responses):
        problems.append(f"{RESPONSES.relative_to(ROOT)} ist nicht der aus knowledge/faq.yml: make faq-responses")
    clashes = set(domain["responses"]) & set(responses)
    if clashes:
        problems.append(f"FAQ responses must only come from knowledge/faq.yml: {sorted(clashes)}")
    if problems:
        raise SystemExit("\n".join(problems))


def build(target: Path) -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    responses = faq_responses()
    check(domain, responses)
    domain["responses"].update(responses)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        "# generated by scripts/build_domain.py from domain.yml and knowledge/faq.yml - do not edit\n"
        + yaml.safe_dump(domain, allow_unicode=True, sort_keys=False, width=1000),
        encoding="utf-8",
    )
    print(f"domain written to {target} ({len(topics())} FAQ topics)")


if __name__ == "__main__":
    if sys.argv[1:] == ["--responses"]:
        RESPONSES.write_text(responses_file(), encoding="utf-8")
        print(f"{RESPONSES.relative_to(ROOT)} written ({len(topics())} FAQ topics)")
    else:
        build(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "domain.yml")
