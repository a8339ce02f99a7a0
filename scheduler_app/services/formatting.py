"""Times as people read them: Berlin wall-clock time in German or English."""
from __future__ import annotations

from datetime import datetime

from babel.dates import format_date, format_time

from ..domain.time import to_local


def when(start: datetime, end: datetime | None = None, locale: str = "de") -> str:
    """"Dienstag, 1. Dezember 2026, 14:00–14:20 Uhr" in Europe/Berlin time."""
    local = to_local(start)
    day = format_date(local.date(), "full", locale=locale)
    hhmm = format_time(local.time(), "HH:mm", locale=locale)
    if end is not None:
        hhmm += "–" + format_time(to_local(end).time(), "HH:mm", locale=locale)
    return f"{day}, {hhmm} Uhr" if locale == "de" else f"{day}, {hhmm}"


def day_label(start: datetime, locale: str = "de") -> str:
    return format_date(to_local(start).date(), "full", locale=locale)


def clock(start: datetime, locale: str = "de") -> str:
    return format_time(to_local(start).time(), "HH:mm", locale=locale)
