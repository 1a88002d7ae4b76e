"""Hotline search quality over the running Rasa server: the right answer among the top three."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import search_report  # noqa: E402

from bot.hotline.search import rank, result_from_parse  # noqa: E402

pytestmark = pytest.mark.e2e
# What this version reaches on the real-world set (0.96), less a margin; issue 11's target is 0.95.
REALWORLD_SEARCH_FLOOR = 0.90


def test_right_answer_is_in_the_top_three_for_98_percent_of_held_out_questions(bot):
    pairs = search_report.held_out_faq_examples()
    assert len(pairs) >= 5 * 50
    figures = search_report.accuracy(pairs, bot.parse)
    assert figures["top3"] >= 0.98, figures["misses"]


def test_search_offers_the_check_for_an_eligibility_question(bot):
    result = result_from_parse("kann mein sohn bei asa mitmachen", bot.parse("kann mein sohn bei asa mitmachen"))
    assert result.intent == "check_eligibility"
    assert "Eignungs-Check" in result.hint
    assert len(rank(bot.parse("kosten?"))) == 3


def test_insights_count_what_the_bot_did_not_understand_outside_the_check(bot):
    from bot.hotline import insights

    sender = bot.new_sender()
    bot.say(sender, "Was kostet die AsA?")
    bot.say(sender, "qwxz plimm bramm")
    bot.say(sender, "Kann ich bei der AsA mitmachen?")
    bot.say(sender, "Ich bin Jugendlicher")
    bot.say(sender, "zorb flux wubb")  # a nonsense answer inside the check is re-asked, not "unanswered"
    figures = insights.collect(f"sqlite:///{bot.tracker_db}")
    texts = [text for _, text in figures.unanswered]
    assert "qwxz plimm bramm" in texts
    assert "zorb flux wubb" not in texts
    assert figures.conversations >= 1 and figures.messages >= 5
    assert dict(figures.top_topics).get(insights.topic_for_intent("faq/kosten").title, 0) >= 1
    assert 0 < figures.fallback_rate < 1


def test_real_world_questions_find_a_right_answer_in_the_top_three(bot):
    import realworld

    results = realworld.search_results(realworld.load(), search_report.ranked_keys(bot.parse))
    print(realworld.report(results, "real-world set, hotline top 3"))
    share = sum(r.ok for r in results) / len(results)
    assert share >= REALWORLD_SEARCH_FLOOR, realworld.report(results)


def test_staff_wording_of_a_conflict_finds_the_conflict_answer_first(bot):
    text = "Der Azubi von dem Anrufer hat Stress mit seinem Meister und will hinschmeißen"
    keys = [hit.topic.key for hit in rank(bot.parse(text))]
    assert keys[0] in ("konflikt_betrieb", "abbruch_gedanken"), keys
