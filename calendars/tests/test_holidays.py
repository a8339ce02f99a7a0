"""All-day periods, used to import school holidays."""
from __future__ import annotations

from datetime import date

import pytest

from calendars import parse_all_day_periods

HOLIDAYS = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Test//EN\r
BEGIN:VEVENT\r
UID:h1\r
DTSTAMP:20260101T000000Z\r
DTSTART;VALUE=DATE:20270701\r
DTEND;VALUE=DATE:20270811\r
SUMMARY:Sommerferien\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:h2\r
DTSTAMP:20260101T000000Z\r
DTSTART;VALUE=DATE:20271003\r
SUMMARY:Tag der Deutschen Einheit\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:t1\r
DTSTAMP:20260101T000000Z\r
DTSTART:20270702T080000Z\r
SUMMARY:Timed\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_all_day_periods_with_inclusive_last_day():
    assert parse_all_day_periods(HOLIDAYS) == [
        ("Sommerferien", date(2027, 7, 1), date(2027, 8, 10)),
        ("Tag der Deutschen Einheit", date(2027, 10, 3), date(2027, 10, 3)),
    ]
    assert parse_all_day_periods(HOLIDAYS.decode()) == parse_all_day_periods(HOLIDAYS)


def test_garbage_raises_value_error():
    with pytest.raises(ValueError):
        parse_all_day_periods(b"not a calendar")
