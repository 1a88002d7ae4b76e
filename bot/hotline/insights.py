"""Usage figures for the hotline's insights page, read from Rasa's SQL tracker store.

Works on the same tables for SQLite (default) and PostgreSQL (scaled profile). Only
events of the last `days` days are read, which is also the default retention.
"""

from __future__ import annotations

import io
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Dict, List, Optional, Tuple

import sqlalchemy as sa

from bot.tracker_db import events_table
from knowledge import RETRIEVAL_INTENT, topic_for_intent

FALLBACK_INTENTS = ("nlu_fallback", "out_of_scope")


@dataclass
class Insights:
    days: int
    per_day: List[Tuple[str, int, int]]  # (day, conversations, messages)
    messages: int
    conversations: int
    fallbacks: int
    top_topics: List[Tuple[str, int]]
    unanswered: List[Tuple[str, str]]  # (time, text)

    @property
    def fallback_rate(self) -> float:
        return self.fallbacks / self.messages if self.messages else 0.0


def _topic_title(data: dict) -> Optional[str]:
    selector = ((data.get("parse_data") or {}).get("response_selector") or {}).get(RETRIEVAL_INTENT) or {}
    key = (selector.get("response") or {}).get("intent_response_key") or ""
    topic = topic_for_intent(key)
    return topic.title if topic else None


def collect(db_url: str, days: int = 30, now: Optional[datetime] = None, unanswered_limit: int = 50) -> Insights:
    now = now or datetime.now()
    since = (now - timedelta(days=days)).timestamp()
    with events_table(db_url) as connection:
        if connection is None:
            return Insights(days, [], 0, 0, 0, [], [])  # the Rasa server has not stored a conversation yet
        rows = connection.execute(
            sa.text(
                "SELECT sender_id, type_name, timestamp, intent_name, data FROM events "
                "WHERE type_name IN ('user', 'active_loop') AND timestamp >= :since ORDER BY timestamp, id"
            ),
            {"since": since},
        ).fetchall()
    senders_by_day: Dict[str, set] = defaultdict(set)
    messages_by_day: Counter = Counter()
    topics: Counter = Counter()
    unanswered: List[Tuple[str, str]] = []
    fallbacks = messages = 0
    in_form: Dict[str, bool] = {}
    for sender, kind, timestamp, intent, raw in rows:
        data = json.loads(raw) if raw else {}
        if kind == "active_loop":
            # inside the eligibility form a free-text answer is expected, not an FAQ intent
            in_form[sender] = bool(data.get("name"))
            continue
        messages += 1
        day = datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d")
        senders_by_day[day].add(sender)
        messages_by_day[day] += 1
        if intent == RETRIEVAL_INTENT:
            title = _topic_title(data)
            if title:
                topics[title] += 1
        elif intent == "check_eligibility":
            topics["Eignungs-Check"] += 1
        if intent in FALLBACK_INTENTS and not in_form.get(sender):
            fallbacks += 1
            unanswered.append((datetime.fromtimestamp(timestamp).strftime("%d.%m.%Y %H:%M"), data.get("text", "")))
    per_day = [(day, len(senders_by_day[day]), messages_by_day[day]) for day in sorted(messages_by_day)]
    conversations = len({sender for senders in senders_by_day.values() for sender in senders})
    return Insights(
        days,
        per_day,
        messages,
        conversations,
        fallbacks,
        topics.most_common(10),
        list(reversed(unanswered))[:unanswered_limit],
    )


def charts_svg(insights: Insights) -> Dict[str, str]:
    """Two server-side SVG charts; empty dict when there is nothing to draw."""
    if not insights.per_day:
        return {}
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    def svg(figure) -> str:
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", bbox_inches="tight")
        plt.close(figure)
        text = buffer.getvalue()
        return text[text.index("<svg") :]

    days = [datetime.strptime(d, "%Y-%m-%d").strftime("%d.%m.") for d, _, _ in insights.per_day]
    figure, axis = plt.subplots(figsize=(7, 2.8))
    positions = range(len(days))
    axis.bar(
        [p - 0.2 for p in positions], [c for _, c, _ in insights.per_day], width=0.4, label="Gespräche", color="#1f4e79"
    )
    axis.bar(
        [p + 0.2 for p in positions],
        [m for _, _, m in insights.per_day],
        width=0.4,
        label="Nachrichten",
        color="#c55a11",
    )
    axis.yaxis.set_major_locator(MaxNLocator(integer=True))
    axis.set_xticks(list(positions))
    axis.set_xticklabels(days, rotation=45, ha="right")
    axis.legend(frameon=False)
    axis.spines[["top", "right"]].set_visible(False)
    charts = {"per_day": svg(figure)}
    if insights.top_topics:
        figure, axis = plt.subplots(figsize=(7, 0.4 * len(insights.top_topics) + 0.6))
        titles = [t for t, _ in insights.top_topics][::-1]
        axis.barh(titles, [n for _, n in insights.top_topics][::-1], color="#1f4e79")
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))
        axis.spines[["top", "right"]].set_visible(False)
        charts["topics"] = svg(figure)
    return charts
