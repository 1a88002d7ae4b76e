"""Custom Rasa NLU components of AsA-Assistent."""
