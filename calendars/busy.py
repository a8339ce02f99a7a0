"""Reading iCalendar data: busy intervals of a calendar and all-day periods (school holidays)."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from .timezones import BERLIN

Interval = tuple[datetime, datetime]


def _parse(ics: bytes | str) -> icalendar.Calendar:
    try:
        return icalendar.Calendar.from_ical(ics)
    except Exception as exc:  # icalendar raises a mix of ValueError and others
        raise ValueError(str(exc)) from exc


def _documents(ics) -> list[bytes | str]:
    return [ics] if isinstance(ics, bytes | str) else list(ics)


def _instant(value: date | datetime, tz: ZoneInfo, *, end_of_day: bool = False) -> datetime:
    """UTC instant of a DTSTART/DTEND value; a date means local midnight, floating means tz."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(), tzinfo=tz)
    elif value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value.astimezone(UTC)


def _is_free(component) -> bool:
    transp = str(component.get("TRANSP", "OPAQUE")).upper()
    status = str(component.get("STATUS", "")).upper()
    return transp == "TRANSPARENT" or status == "CANCELLED"


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, with overlapping and touching intervals joined."""
    merged: list[list[datetime]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def busy_intervals(ics: bytes | str | Iterable[bytes | str], start: datetime, end: datetime,
                   tz: ZoneInfo = BERLIN) -> list[Interval]:
    """Busy UTC intervals within [start, end) of one or more iCalendar documents.

    Recurring events count in every occurrence (RRULE, RDATE, EXDATE and RECURRENCE-ID
    overrides expanded by recurring-ical-events); TRANSP:TRANSPARENT and STATUS:CANCELLED
    events are free; an all-day event blocks its whole local day(s) in tz, which is 23 or 25
    hours on the days clocks change.
    """
    if start.utcoffset() is None or end.utcoffset() is None:
        raise ValueError("start and end must be timezone-aware")
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    found: list[Interval] = []
    for document in _documents(ics):
        cal = _parse(document)
        # Widen by a day on both sides: all-day and floating events are matched by
        # recurring-ical-events in their own (local) terms.
        query = recurring_ical_events.of(cal, components=["VEVENT"])
        for occurrence in query.between(start - timedelta(days=1), end + timedelta(days=1)):
            if _is_free(occurrence) or "DTSTART" not in occurrence:
                continue
            first = occurrence.decoded("DTSTART")
            if "DTEND" in occurrence:
                last = occurrence.decoded("DTEND")
            elif "DURATION" in occurrence:
                last = first + occurrence.decoded("DURATION")
            elif isinstance(first, datetime):
                last = first  # RFC 5545: no duration, takes no time
            else:
                last = first + timedelta(days=1)
            s, e = _instant(first, tz), _instant(last, tz)
            s, e = max(s, start), min(e, end)
            if s < e:
                found.append((s, e))
    return merge(found)


def parse_all_day_periods(ics: bytes | str) -> list[tuple[str, date, date]]:
    """(summary, first day, last day inclusive) of every all-day VEVENT."""
    cal = _parse(ics)
    periods = []
    for event in cal.walk("VEVENT"):
        start = event.decoded("DTSTART")
        if isinstance(start, datetime):
            continue
        end = event.decoded("DTEND") if "DTEND" in event else start + timedelta(days=1)
        periods.append((str(event.get("SUMMARY", "Ferien")), start, end - timedelta(days=1)))
    return periods
