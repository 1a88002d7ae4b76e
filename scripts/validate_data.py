"""`rasa data validate --fail-on-warnings`, minus two false positives of Rasa 3.6.

Runs Rasa's own validator on the training data and domain and fails on every
warning, except:
  * "The utterance 'X' is not used in any story or rule." when X is provably used:
    a form question (utter_ask_<slot> of a form's slot) or a response a custom
    action sends (found in actions/*.py), or a stand-in the Rasa process sends itself
    (runtime/*.py, e.g. while the action server is down). Rasa's check only looks at stories.
  * "duplicated intents ... : faq": Rasa 3.6 always reports the retrieval intent
    when it is declared in the domain (as it must be for rules to use it).
"""

import re
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def used_outside_stories(domain) -> set:
    used = set()
    for form in domain.forms.values():
        used |= {f"utter_ask_{slot}" for slot in form.get("required_slots", [])}
    for source in [*(ROOT / "actions").rglob("*.py"), *(ROOT / "runtime").rglob("*.py")]:
        used |= set(re.findall(r"[\"'](utter_[a-z_]+)[\"']", source.read_text(encoding="utf-8")))
    return used


def main() -> int:
    from rasa.shared.importers.importer import TrainingDataImporter
    from rasa.utils.common import EXPECTED_WARNINGS
    from rasa.validator import Validator

    importer = TrainingDataImporter.load_from_config(
        str(ROOT / "config.yml"), str(ROOT / "domain.yml"), [str(ROOT / "data")]
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        validator = Validator.from_importer(importer)
        results = [
            validator.verify_domain_validity(),
            validator.verify_nlu(ignore_warnings=False),
            validator.verify_story_structure(ignore_warnings=False),
            validator.verify_utterances_in_stories(ignore_warnings=False),
            validator.verify_forms_in_stories_rules(),
            validator.verify_actions_in_stories_rules(),
            validator.verify_form_slots(),
            validator.verify_slot_mappings(),
        ]
    allowed = used_outside_stories(validator.domain)
    problems = []
    for warning in caught:
        text = str(warning.message)
        if not issubclass(warning.category, UserWarning) or any(
            issubclass(warning.category, category) and re.match(pattern, text)
            for category, pattern in EXPECTED_WARNINGS
        ):
            continue  # Rasa's CLI hides these itself
        unused = re.match(r"The utterance '(\w+)' is not used in any story or rule", text)
        if unused and unused.group(1) in allowed:
            continue
        if re.search(r"duplicated intents have been found across multiple domain files: faq$", text):
            continue
        problems.append(text)
    for problem in problems:
        print("WARNUNG:", problem)
    ok = all(r is not False for r in results) and not problems
    print("Daten und Domain: keine Fehler, keine Warnungen." if ok else "Validierung fehlgeschlagen.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
