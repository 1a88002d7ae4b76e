"""Calendar arithmetic for the rules (whole months, German date format)."""

from __future__ import annotations

import calendar
from datetime import date

MONTHS_DE = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


def add_months(day: date, months: int) -> date:
    """Same day `months` later (or earlier); clamps to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(start: date, end: date) -> int:
    """Completed months from start to end (0 if end is before start)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return max(months, 0)


def format_date_de(day: date) -> str:
    return f"{day.day}. {MONTHS_DE[day.month - 1]} {day.year}"
