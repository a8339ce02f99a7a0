"""Reading iCalendar data: all-day periods (school holidays)."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import icalendar


def parse_all_day_periods(ics: bytes) -> list[tuple[str, date, date]]:
    """(summary, first day, last day inclusive) of every all-day VEVENT."""
    try:
        cal = icalendar.Calendar.from_ical(ics)
    except Exception as exc:  # icalendar raises a mix of ValueError and others
        raise ValueError(str(exc)) from exc
    periods = []
    for event in cal.walk("VEVENT"):
        start = event.decoded("DTSTART")
        if isinstance(start, datetime):
            continue
        end = event.decoded("DTEND") if "DTEND" in event else start + timedelta(days=1)
        periods.append((str(event.get("SUMMARY", "Ferien")), start, end - timedelta(days=1)))
    return periods
