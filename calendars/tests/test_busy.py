"""Busy intervals from iCalendar data, as read from staff calendars."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from calendars import BERLIN, busy_intervals
from calendars.timezones import vtimezone

VTIMEZONE = vtimezone().to_ical().decode().replace("\r\n", "\n")


def calendar(*events: str, with_timezone: bool = True) -> str:
    body = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Test//EN\n"
    if with_timezone:
        body += VTIMEZONE
    for n, event in enumerate(events):
        uid = "" if "UID:" in event else f"UID:e{n}\n"  # overrides repeat their series' UID
        body += f"BEGIN:VEVENT\n{uid}DTSTAMP:20270101T000000Z\n{event.strip()}\nEND:VEVENT\n"
    return (body + "END:VCALENDAR\n").replace("\n", "\r\n")


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local(*args) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


WEEK = (local(2027, 3, 22), local(2027, 3, 29))


def test_single_event():
    ics = calendar("DTSTART;TZID=Europe/Berlin:20270323T100000\n"
                   "DTEND;TZID=Europe/Berlin:20270323T113000\nSUMMARY:Konferenz")
    assert busy_intervals(ics, *WEEK) == [(utc(2027, 3, 23, 9), utc(2027, 3, 23, 10, 30))]
    assert all(s.tzinfo is UTC and e.tzinfo is UTC for s, e in busy_intervals(ics, *WEEK))


def test_weekly_recurring_counts_every_occurrence_in_local_time_across_the_change():
    ics = calendar("DTSTART;TZID=Europe/Berlin:20270309T140000\n"
                   "DTEND;TZID=Europe/Berlin:20270309T153000\n"
                   "RRULE:FREQ=WEEKLY;BYDAY=TU\nSUMMARY:AG Robotik")
    got = busy_intervals(ics, local(2027, 3, 15), local(2027, 4, 8))
    # 14:00 Berlin is 13:00 UTC in winter and 12:00 UTC from 28 March 2027 on
    assert got == [
        (utc(2027, 3, 16, 13), utc(2027, 3, 16, 14, 30)),
        (utc(2027, 3, 23, 13), utc(2027, 3, 23, 14, 30)),
        (utc(2027, 3, 30, 12), utc(2027, 3, 30, 13, 30)),
        (utc(2027, 4, 6, 12), utc(2027, 4, 6, 13, 30)),
    ]


def test_exdate_and_overrides_are_respected():
    ics = calendar(
        "DTSTART;TZID=Europe/Berlin:20271004T080000\nDTEND;TZID=Europe/Berlin:20271004T090000\n"
        "RRULE:FREQ=WEEKLY;COUNT=6\nEXDATE;TZID=Europe/Berlin:20271011T080000\nSUMMARY:Dienst",
        # the 18 October occurrence moves to the afternoon, the 25 October one is cancelled
        "UID:e0\nRECURRENCE-ID;TZID=Europe/Berlin:20271018T080000\n"
        "DTSTART;TZID=Europe/Berlin:20271018T150000\nDTEND;TZID=Europe/Berlin:20271018T160000\n"
        "SUMMARY:Dienst (verlegt)",
        "UID:e0\nRECURRENCE-ID;TZID=Europe/Berlin:20271025T080000\n"
        "DTSTART;TZID=Europe/Berlin:20271025T080000\nDTEND;TZID=Europe/Berlin:20271025T090000\n"
        "STATUS:CANCELLED\nSUMMARY:Dienst (fällt aus)",
    )
    got = busy_intervals(ics, local(2027, 10, 1), local(2027, 11, 30))
    assert got == [
        (utc(2027, 10, 4, 6), utc(2027, 10, 4, 7)),
        (utc(2027, 10, 18, 13), utc(2027, 10, 18, 14)),
        (utc(2027, 11, 1, 7), utc(2027, 11, 1, 8)),  # winter time: 08:00 = 07:00 UTC
        (utc(2027, 11, 8, 7), utc(2027, 11, 8, 8)),
    ]


def test_transparent_and_cancelled_events_do_not_block():
    ics = calendar(
        "DTSTART;TZID=Europe/Berlin:20270323T100000\nDTEND;TZID=Europe/Berlin:20270323T110000\n"
        "TRANSP:TRANSPARENT\nSUMMARY:Erinnerung",
        "DTSTART;TZID=Europe/Berlin:20270324T100000\nDTEND;TZID=Europe/Berlin:20270324T110000\n"
        "STATUS:CANCELLED\nSUMMARY:Abgesagt",
        "DTSTART;TZID=Europe/Berlin:20270325T100000\nDTEND;TZID=Europe/Berlin:20270325T110000\n"
        "TRANSP:OPAQUE\nSTATUS:TENTATIVE\nSUMMARY:Vielleicht",
    )
    assert busy_intervals(ics, *WEEK) == [(utc(2027, 3, 25, 9), utc(2027, 3, 25, 10))]


def test_all_day_events_block_whole_local_days_including_a_23_hour_day():
    ics = calendar(
        "DTSTART;VALUE=DATE:20270323\nDTEND;VALUE=DATE:20270324\nSUMMARY:Klassenfahrt",
        "DTSTART;VALUE=DATE:20270327\nDTEND;VALUE=DATE:20270329\nSUMMARY:Wochenende",
    )
    assert busy_intervals(ics, *WEEK) == [
        (utc(2027, 3, 22, 23), utc(2027, 3, 23, 23)),
        (utc(2027, 3, 26, 23), utc(2027, 3, 28, 22)),  # 28 March has 23 hours
    ]


def test_all_day_without_dtend_is_one_day_and_timed_without_end_takes_no_time():
    ics = calendar("DTSTART;VALUE=DATE:20270324\nSUMMARY:Tag",
                   "DTSTART;TZID=Europe/Berlin:20270325T100000\nSUMMARY:Punkt")
    assert busy_intervals(ics, *WEEK) == [(utc(2027, 3, 23, 23), utc(2027, 3, 24, 23))]


def test_duration_utc_and_floating_times():
    ics = calendar(
        "DTSTART:20270323T080000Z\nDURATION:PT45M\nSUMMARY:UTC",
        "DTSTART:20270324T100000\nDTEND:20270324T110000\nSUMMARY:Floating = Berlin",
        "DTSTART;TZID=America/New_York:20270325T080000\n"
        "DTEND;TZID=America/New_York:20270325T090000\nSUMMARY:Ohne VTIMEZONE",
    )
    assert busy_intervals(ics, *WEEK) == [
        (utc(2027, 3, 23, 8), utc(2027, 3, 23, 8, 45)),
        (utc(2027, 3, 24, 9), utc(2027, 3, 24, 10)),
        (utc(2027, 3, 25, 12), utc(2027, 3, 25, 13)),  # New York is already on EDT
    ]


def test_intervals_are_clipped_merged_and_taken_from_several_documents():
    first = calendar(
        "DTSTART;TZID=Europe/Berlin:20270321T220000\nDTEND;TZID=Europe/Berlin:20270322T010000\n"
        "SUMMARY:Über Mitternacht",
        "DTSTART;TZID=Europe/Berlin:20270323T100000\nDTEND;TZID=Europe/Berlin:20270323T110000\n"
        "SUMMARY:A")
    second = calendar(
        "DTSTART;TZID=Europe/Berlin:20270323T103000\nDTEND;TZID=Europe/Berlin:20270323T120000\n"
        "SUMMARY:B",
        "DTSTART;TZID=Europe/Berlin:20270323T120000\nDTEND;TZID=Europe/Berlin:20270323T123000\n"
        "SUMMARY:C direkt danach").encode()
    assert busy_intervals([first, second], *WEEK) == [
        (utc(2027, 3, 21, 23), utc(2027, 3, 22, 0)),
        (utc(2027, 3, 23, 9), utc(2027, 3, 23, 11, 30)),
    ]
    assert busy_intervals([], *WEEK) == []


def test_naive_bounds_and_garbage_are_refused():
    with pytest.raises(ValueError):
        busy_intervals(calendar(), datetime(2027, 3, 22), datetime(2027, 3, 29))
    with pytest.raises(ValueError):
        busy_intervals("kein Kalender", *WEEK)


def test_long_weekly_series_is_fast_enough():
    ics = calendar("DTSTART;TZID=Europe/Berlin:20200106T080000\n"
                   "DTEND;TZID=Europe/Berlin:20200106T090000\n"
                   "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\nSUMMARY:Unterricht")
    got = busy_intervals(ics, local(2027, 8, 16), local(2027, 8, 16) + timedelta(weeks=8))
    assert len(got) == 40


OUTLOOK_TIMEZONE = """BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
"""


def test_outlook_zone_names_follow_their_own_vtimezone():
    ics = calendar("DTSTART;TZID=W. Europe Standard Time:20270323T100000\n"
                   "DTEND;TZID=W. Europe Standard Time:20270323T110000\n"
                   "RRULE:FREQ=WEEKLY;COUNT=2\nSUMMARY:Outlook", with_timezone=False)
    ics = ics.replace("PRODID:-//Test//EN\r\n",
                      "PRODID:-//Test//EN\r\n" + OUTLOOK_TIMEZONE.replace("\n", "\r\n"))
    assert busy_intervals(ics, *WEEK[:1], local(2027, 4, 5)) == [
        (utc(2027, 3, 23, 9), utc(2027, 3, 23, 10)),
        (utc(2027, 3, 30, 8), utc(2027, 3, 30, 9)),
    ]
