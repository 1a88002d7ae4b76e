"""The web app of AsA-Assistent (FastAPI): health check, eligibility API, demo page."""
