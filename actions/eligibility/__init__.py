"""Eligibility rules for the Assistierte Ausbildung: pure Python, no Rasa import.

The chat dialogue, the JSON API and the hotline tool all call `assess`.
"""

from .catalog import RULES, Rule
from .engine import assess, validate
from .model import Answers, InvalidAnswer, Reason, Verdict

__all__ = ["Answers", "InvalidAnswer", "Reason", "RULES", "Rule", "Verdict", "assess", "validate"]
