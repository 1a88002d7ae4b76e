"""A hung action server (paused with SIGSTOP) in the middle of the check, on the running assistant:
the polite answer within 5 s instead of silence, the form where it was, and the check going on
once the server is back (runtime/action_outage.py)."""

from __future__ import annotations

import os
import signal
import time

import pytest
from conftest import PORTS
from processes import action_server
from test_scaled import response_text

pytestmark = pytest.mark.e2e
PROMISED_SECONDS = 5.0


def test_paused_action_server_gets_the_polite_answer_in_time_and_the_check_resumes(bot):
    sender = bot.new_sender()
    bot.say(sender, "/i_am_youth")
    assert "Wie ist deine Situation" in bot.text(sender, "kann ich mitmachen")
    paused = action_server(PORTS["actions"])
    os.kill(paused, signal.SIGSTOP)
    try:
        started = time.monotonic()
        replies = bot.say(sender, "Ich bin in Ausbildung")
        waited = time.monotonic() - started
        slots = bot.tracker(sender)["slots"]
    finally:
        os.kill(paused, signal.SIGCONT)
    assert [r.get("text") for r in replies] == [response_text("utter_check_unavailable", "youth")]
    assert waited < PROMISED_SECONDS
    # the form is where it was: nothing of the failed step is recorded (Rasa's own slot extraction
    # before it keeps the raw text, which the next answer replaces), earlier answers are kept
    assert slots["requested_slot"] == "situation" and slots["situation"] != "in_training"
    assert slots["audience"] == "youth"

    # the same answer once more, now that the server answers again: the next question
    next_question = bot.text(sender, "Ich bin in Ausbildung")
    assert "Brauchst du Unterstützung" in next_question
    slots = bot.tracker(sender)["slots"]
    assert slots["situation"] == "in_training" and slots["requested_slot"] == "needs_support"
