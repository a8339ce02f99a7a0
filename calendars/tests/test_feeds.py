"""Feeds: conformance on the raw text, two independent parsers, validators and 304."""
from __future__ import annotations

import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from calendars import BERLIN, CalendarEvent, build_event_ics
from calendars.conformance import (
    assert_conformant,
    parse_with_icaljs,
    parse_with_vobject,
    problems,
)
from calendars.feeds import FeedDocument, is_not_modified, key_etag, render_feed
from calendars.ical_text import escape_text, fold, single_line
from calendars.testing import FOREIGN_PARSERS, foreign_parser, require_icaljs

CHANGED = datetime(2027, 6, 1, 12, 0, 0, 123456, tzinfo=UTC)

# Summer and winter appointments, and both sides of both 2027 changes (28 March, 31 October),
# including the repeated 02:xx hour, once in each occurrence.
LOCAL_STARTS = [
    datetime(2027, 7, 6, 10, 0, tzinfo=BERLIN),
    datetime(2027, 12, 7, 15, 30, tzinfo=BERLIN),
    datetime(2027, 3, 27, 16, 0, tzinfo=BERLIN),
    datetime(2027, 3, 28, 1, 30, tzinfo=BERLIN),
    datetime(2027, 3, 28, 3, 30, tzinfo=BERLIN),
    datetime(2027, 3, 29, 8, 0, tzinfo=BERLIN),
    datetime(2027, 10, 30, 16, 0, tzinfo=BERLIN),
    datetime(2027, 10, 31, 2, 30, tzinfo=BERLIN),
    datetime(2027, 10, 31, 2, 30, fold=1, tzinfo=BERLIN),
    datetime(2027, 11, 1, 8, 0, tzinfo=BERLIN),
]


def appointments() -> list[CalendarEvent]:
    return [CalendarEvent(
        uid=f"booking-{n}@sprechzeit.example", start=start, end=start + timedelta(minutes=20),
        summary=f"Beratung {n}: Jörg Müller-Lüdenscheidt, Elterngespräch; Telefon – 📞",
        location="Raum B0.04", description="Anliegen:\n" + "Übergang in die Oberstufe. " * 6,
        sequence=n % 3, created=CHANGED - timedelta(days=3),
        last_modified=CHANGED - timedelta(hours=n))
        for n, start in enumerate(LOCAL_STARTS)]


@pytest.fixture
def feed():
    return render_feed(appointments(), name="Sprechzeit – Frau Özdemir", changed_at=CHANGED)


def test_feed_is_conformant(feed):
    assert problems(feed.body) == []
    body = feed.body
    assert b"\n" not in body.replace(b"\r\n", b"")
    assert max(len(line) for line in body.split(b"\r\n")) <= 75
    assert b"\r\n " in body  # the long summaries were folded
    assert body.count(b"BEGIN:VTIMEZONE") == 1 and b"TZID:Europe/Berlin\r\n" in body


def test_feed_header_and_event_properties(feed):
    cal = icalendar.Calendar.from_ical(feed.body)
    assert cal["NAME"] == cal["X-WR-CALNAME"] == "Sprechzeit – Frau Özdemir"
    assert cal["X-WR-TIMEZONE"] == "Europe/Berlin"
    assert cal["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert cal.decoded("REFRESH-INTERVAL") == timedelta(minutes=15)
    assert str(cal["X-PUBLISHED-TTL"]) == "PT15M"
    assert "METHOD" not in cal
    events = cal.walk("VEVENT")
    assert [e["UID"] for e in events] == [a.uid for a in appointments()]
    for event, appointment in zip(events, appointments(), strict=True):
        # timestamps: PEP 495 makes ambiguous times unequal to anything in another zone
        assert event.decoded("DTSTART").timestamp() == appointment.start.timestamp()
        assert event.decoded("DTEND").timestamp() == appointment.end.timestamp()
        assert event.decoded("SEQUENCE") == appointment.sequence
        stamp = appointment.last_modified.replace(microsecond=0)
        assert event.decoded("DTSTAMP") == event.decoded("LAST-MODIFIED") == stamp
        assert event["SUMMARY"] == appointment.summary
        assert event["DESCRIPTION"] == appointment.description


def expected_local(start: datetime) -> tuple[str, datetime]:
    return start.replace(tzinfo=None).isoformat(), start.astimezone(UTC)


def check_parsed(parsed: dict) -> None:
    assert [e.uid for e in parsed["events"]] == [a.uid for a in appointments()]
    for event, appointment in zip(parsed["events"], appointments(), strict=True):
        assert event.summary == appointment.summary
        assert event.utc_start == appointment.start.astimezone(UTC), event
        assert event.utc_end == appointment.end.astimezone(UTC), event
        local = appointment.start.astimezone(BERLIN)
        if local.replace(fold=1 - local.fold).utcoffset() == local.utcoffset():
            # unambiguous: written and read back as Berlin wall-clock time
            assert event.local_start == local.replace(tzinfo=None).isoformat(), event


def test_vobject_reads_the_same_times(feed):
    parsed = parse_with_vobject(feed.body)
    assert parsed["name"] == "Sprechzeit – Frau Özdemir"
    check_parsed(parsed)


def test_icaljs_reads_the_same_times(feed):
    require_icaljs()
    parsed = parse_with_icaljs(feed.body)
    assert parsed["name"] == parsed["x_wr_calname"] == "Sprechzeit – Frau Özdemir"
    assert parsed["refresh"] == "PT15M"
    check_parsed(parsed)


def test_cancelled_events_leave_the_feed():
    events = appointments()
    cancelled = CalendarEvent(**{**events[0].__dict__, "status": "CANCELLED"})
    feed = render_feed([cancelled, *events[1:]], name="x", changed_at=CHANGED)
    assert events[0].uid.encode() not in feed.body
    assert events[1].uid.encode() in feed.body


def test_unchanged_feed_has_the_same_body_and_etag_and_a_change_alters_it():
    first = render_feed(appointments(), name="x", changed_at=CHANGED)
    again = render_feed(appointments(), name="x", changed_at=CHANGED)
    assert first == again
    assert first.last_modified == CHANGED.replace(microsecond=0)
    assert first.etag.startswith('"') and first.etag.endswith('"')
    moved = appointments()
    moved[0] = CalendarEvent(**{**moved[0].__dict__, "start": moved[0].start + timedelta(hours=1),
                                "end": moved[0].end + timedelta(hours=1), "sequence": 1})
    assert render_feed(moved, name="x", changed_at=CHANGED).etag != first.etag


def test_events_without_times_of_their_own_are_stamped_with_the_change_time():
    start = datetime(2027, 7, 6, 10, tzinfo=BERLIN)
    bare = CalendarEvent("u1", start, start + timedelta(minutes=5), "belegt")
    feed = render_feed([bare], name="Raum", changed_at=CHANGED)
    assert b"DTSTAMP:20270601T120000Z\r\n" in feed.body
    assert render_feed([bare], name="Raum", changed_at=CHANGED).etag == feed.etag


def test_empty_feed_is_conformant():
    feed = render_feed([], name="leer", changed_at=CHANGED)
    assert_conformant(feed.body)
    assert parse_with_vobject(feed.body)["events"] == []


def test_conditional_get(feed):
    assert is_not_modified(feed, feed.etag, None)
    assert is_not_modified(feed, f'"other", W/{feed.etag}', None)
    assert is_not_modified(feed, "*", None)
    assert not is_not_modified(feed, '"other"', None)
    # If-None-Match wins over If-Modified-Since
    assert not is_not_modified(feed, '"other"', feed.last_modified_http)
    assert is_not_modified(feed, None, feed.last_modified_http)
    assert is_not_modified(feed, None, "Wed, 02 Jun 2027 00:00:00 GMT")
    assert not is_not_modified(feed, None, "Tue, 01 Jun 2027 11:59:59 GMT")
    assert not is_not_modified(feed, None, "gestern")
    assert not is_not_modified(feed, None, None)
    assert not is_not_modified(feed, "", None)


def test_folding_never_splits_utf8_nor_escapes():
    rng = random.Random(5545)
    alphabet = "aé€𝄞\\;,n "
    for _ in range(500):
        line = "DESCRIPTION:" + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300)))
        folded = fold(line)
        physical = folded.split(b"\r\n")[:-1]
        assert all(len(p) <= 75 for p in physical)
        assert all(p.startswith(b" ") for p in physical[1:])
        for p in physical:
            p.decode("utf-8")
        assert b"".join(p[1:] if i else p for i, p in enumerate(physical)).decode() == line


def test_problems_are_found_in_broken_documents():
    bad = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nLOCATION:a\nb\r\n"
           b"DTSTART;TZID=Europe/Paris:20270101T100000\r\nSUMMARY:" + b"x" * 80 + b"\r\n"
           b"END:VEVENT\r\nEND:VCALENDAR\r\n")
    found = "\n".join(problems(bad))
    for text in ("bare CR or LF", "octets", "PRODID", "UID", "DTSTAMP", "Europe/Paris"):
        assert text in found


def test_a_large_feed_is_conformant():
    start = datetime(2027, 1, 4, 8, tzinfo=BERLIN)
    events = [CalendarEvent(f"booking-{n}@x", start + timedelta(hours=7 * n),
                            start + timedelta(hours=7 * n, minutes=15), f"Termin {n} – Ärger")
              for n in range(2000)]
    feed = render_feed(events, name="groß", changed_at=CHANGED)
    assert_conformant(feed.body)
    assert len(icalendar.Calendar.from_ical(feed.body).walk("VEVENT")) == 2000


@pytest.mark.parametrize("parser", FOREIGN_PARSERS)
def test_mail_attachment_reads_the_same_in_every_parser(parser):
    event = appointments()[0]
    body = build_event_ics(event, method="REQUEST")
    assert_conformant(body)
    assert foreign_parser(parser)(body)["events"][0].utc_start == event.start.astimezone(UTC)


def test_the_library_imports_neither_flask_nor_the_app():
    code = ("import sys, calendars, calendars.testing, calendars.conformance; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('flask', 'scheduler_app')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stdout + done.stderr


def _escape_by_the_rfc(value: str) -> str:
    """RFC 5545 TEXT escaping character by character: the definition escape_text follows."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for c in value:
        if c in "\\;,":
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\n")
        elif (c < " " and c != "\t") or c == "\x7f":
            continue  # control characters other than HTAB are not allowed in TEXT
        else:
            out.append(c)
    return "".join(out)


def test_escaping_matches_the_rfc_for_any_characters():
    rng = random.Random(5545)
    alphabet = "ab \\;,\n\r\t\x00\x07\x1b\x1f\x7f:\"äß€😀\u00a0\u2028"
    for _ in range(5000):
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        assert escape_text(value) == _escape_by_the_rfc(value), repr(value)
        assert single_line(value) == "".join(
            c for c in value if c >= " " and c != "\x7f"), repr(value)
    assert escape_text("Müller-Lüdenscheidt") == "Müller-Lüdenscheidt"


def test_an_etag_from_the_data_is_stable_and_used_for_conditional_get():
    etag = key_etag(["feed", 2, CHANGED])
    assert etag == key_etag(["feed", 2, CHANGED]) and etag.startswith('"')
    assert etag != key_etag(["feed", 3, CHANGED]) != key_etag(["feed2", CHANGED])
    doc = render_feed(appointments(), name="x", changed_at=CHANGED, etag=etag)
    assert doc.etag == etag
    assert doc.body == render_feed(appointments(), name="x", changed_at=CHANGED).body
    validators = FeedDocument(b"", etag, CHANGED.replace(microsecond=0))
    assert is_not_modified(validators, etag, None)
    assert not is_not_modified(validators, key_etag(["other"]), None)
