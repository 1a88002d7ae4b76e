"""Hotline reference tool: search, topics, eligibility form, conversation lookup, insights."""
