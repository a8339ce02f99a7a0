"""Events, documents and the rule-based VTIMEZONE."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from calendars import (
    BERLIN,
    CalendarEvent,
    build_caldav_body,
    build_calendar,
    build_event_ics,
    vtimezone,
)


def event(**changes) -> CalendarEvent:
    values = {
        "uid": "booking-42@sprechzeit.example",
        "start": datetime(2027, 7, 1, 14, 0, tzinfo=BERLIN),
        "end": datetime(2027, 7, 1, 14, 20, tzinfo=BERLIN),
        "summary": "Beratung: Müller, Jonas; Telefon",
        "location": "B0.04",
        "description": "Zeile eins\nZeile zwei, mit Komma\\",
        "url": "https://sprechzeit.example/b/42",
        "sequence": 3,
        "created": datetime(2027, 6, 1, 8, 0, tzinfo=UTC),
        "last_modified": datetime(2027, 6, 2, 9, 30, 15, 999, tzinfo=UTC),
        "organizer_email": "beratung@schule.example",
        "attendee_email": "eltern@example.org",
    }
    values.update(changes)
    return CalendarEvent(**values)


def test_vtimezone_is_rule_based_with_last_sundays():
    tz = vtimezone()
    assert tz["TZID"] == "Europe/Berlin"
    text = tz.to_ical().decode()
    assert "RDATE" not in text
    daylight, = tz.walk("DAYLIGHT")
    standard, = tz.walk("STANDARD")
    assert daylight["RRULE"] == {"FREQ": ["YEARLY"], "BYMONTH": [3], "BYDAY": ["-1SU"]}
    assert standard["RRULE"] == {"FREQ": ["YEARLY"], "BYMONTH": [10], "BYDAY": ["-1SU"]}
    assert daylight.decoded("TZOFFSETFROM") == timedelta(hours=1)
    assert daylight.decoded("TZOFFSETTO") == timedelta(hours=2)
    assert standard.decoded("TZOFFSETFROM") == timedelta(hours=2)
    assert standard.decoded("TZOFFSETTO") == timedelta(hours=1)
    assert daylight.decoded("DTSTART").time().hour == 2
    assert standard.decoded("DTSTART").time().hour == 3


def test_vtimezone_for_other_zones():
    ny = vtimezone("America/New_York")
    assert {str(c["RRULE"].to_ical(), "ascii") for c in ny.subcomponents} == {
        "FREQ=YEARLY;BYDAY=2SU;BYMONTH=3", "FREQ=YEARLY;BYDAY=1SU;BYMONTH=11"}
    tokyo = vtimezone("Asia/Tokyo")
    assert [c.name for c in tokyo.subcomponents] == ["STANDARD"]


def test_event_ics_for_mail_has_method_and_one_event():
    body = build_event_ics(event(), method="REQUEST")
    cal = icalendar.Calendar.from_ical(body)
    assert cal["METHOD"] == "REQUEST"
    assert len(cal.walk("VEVENT")) == 1
    assert len(cal.walk("VTIMEZONE")) == 1
    assert b"\r\n" in body and b"\n" not in body.replace(b"\r\n", b"")
    assert icalendar.Calendar.from_ical(build_event_ics(event()))["METHOD"] == "PUBLISH"


def test_caldav_body_has_no_method():
    body = build_caldav_body(event())
    assert b"METHOD" not in body
    assert "METHOD" not in icalendar.Calendar.from_ical(body)


def test_values_survive_a_round_trip():
    original = event()
    vevent = build_calendar([original]).walk("VEVENT")[0]
    assert vevent["UID"] == original.uid
    assert vevent["SUMMARY"] == original.summary
    assert vevent["DESCRIPTION"] == original.description
    assert vevent["LOCATION"] == "B0.04"
    assert vevent["URL"] == original.url
    assert vevent.decoded("SEQUENCE") == 3
    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert vevent.decoded("DTSTART") == original.start
    assert vevent.decoded("DTEND") == original.end
    # DTSTAMP follows the last change, to the second
    assert vevent.decoded("DTSTAMP") == datetime(2027, 6, 2, 9, 30, 15, tzinfo=UTC)
    assert vevent.decoded("LAST-MODIFIED") == datetime(2027, 6, 2, 9, 30, 15, tzinfo=UTC)
    assert vevent.decoded("CREATED") == datetime(2027, 6, 1, 8, tzinfo=UTC)
    assert str(vevent["ORGANIZER"]) == "mailto:beratung@schule.example"
    assert str(vevent["ATTENDEE"]) == "mailto:eltern@example.org"
    assert vevent["STATUS"] == "CONFIRMED"
    assert vevent["TRANSP"] == "OPAQUE"


def test_times_in_other_zones_are_written_as_berlin_local_time():
    start = datetime(2027, 12, 6, 7, 0, tzinfo=UTC)
    body = build_caldav_body(event(start=start, end=start + timedelta(minutes=30)))
    assert b"DTSTART;TZID=Europe/Berlin:20271206T080000\r\n" in body
    start = datetime(2027, 7, 6, 1, 0, tzinfo=ZoneInfo("America/New_York"))
    body = build_caldav_body(event(start=start, end=start + timedelta(minutes=30)))
    assert b"DTSTART;TZID=Europe/Berlin:20270706T070000\r\n" in body


def test_cancelled_and_transparent_are_written():
    vevent = build_calendar([event(status="CANCELLED", transparent=True)]).walk("VEVENT")[0]
    assert vevent["STATUS"] == "CANCELLED"
    assert vevent["TRANSP"] == "TRANSPARENT"


@pytest.mark.parametrize("changes", [
    {"start": datetime(2027, 7, 1, 14, 0)},
    {"end": datetime(2027, 7, 1, 13, 0, tzinfo=BERLIN)},
    {"status": "MAYBE"},
    {"uid": "a\nb"},
])
def test_invalid_events_are_refused(changes):
    with pytest.raises(ValueError):
        event(**changes)


def test_control_characters_are_dropped_and_line_breaks_escaped():
    original = event(summary="Frau\x00 Müller\x1b[31m", description="a\r\nb\rc\td")
    body = build_caldav_body(original)
    assert b"\x00" not in body and b"\x1b" not in body
    vevent = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]
    assert vevent["SUMMARY"] == "Frau Müller[31m"
    assert vevent["DESCRIPTION"] == "a\nb\nc\td"
