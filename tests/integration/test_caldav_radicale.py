"""Staff calendars on a real Radicale server: push, move, cancel, busy times, outages."""
from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from calendar_helpers import berlin
from sqlalchemy import select

from scheduler_app.db import db
from scheduler_app.domain.intervals import Interval
from scheduler_app.models import (
    Booking,
    BusyInterval,
    CalDAVConnection,
    CalDAVEntry,
    Channel,
    Mode,
    OutboxMessage,
    OutboxStatus,
)
from scheduler_app.services.booking import Booker, book, cancel, move
from scheduler_app.services.caldav_accounts import connect_calendar
from scheduler_app.services.caldav_busy import FRESH_FOR
from scheduler_app.services.caldav_push import push_due
from scheduler_app.services.retention import purge
from scheduler_app.services.slots import slots_for

USER = "lehrkraft"
TUESDAY = date(2027, 2, 9)
BOOKER = Booker("Erika Mustermann", email="eltern@example.org")


@pytest.fixture
def session(any_session):
    """These tests run on SQLite and on PostgreSQL (the outbox is locked differently)."""
    return any_session


@pytest.fixture
def runner(any_app):
    return any_app.test_cli_runner()


@pytest.fixture
def setup(session, any_factory, radicale):
    """A teacher with Tuesday hours 09:00-12:00, 30-minute talks, a calendar on Radicale."""
    room = any_factory.room("B0.04")
    offering = any_factory.offering(rooms=[room], duration_minutes=30)
    any_factory.weekly(offering.staff, 1, "09:00", "12:00")
    url = radicale.make_calendar(USER, "sprechzeit")
    connect_calendar(session, offering.staff, url, USER, radicale.users[USER], datetime.now(UTC))
    session.commit()
    return offering


def calendar(radicale) -> list[str]:
    """The events as stored on the server."""
    return [path.read_text() for path in radicale.event_files(USER, "sprechzeit")]


def caldav_messages(session) -> list[OutboxMessage]:
    return list(session.scalars(select(OutboxMessage).where(
        OutboxMessage.channel == Channel.CALDAV).order_by(OutboxMessage.id)))


def test_push_move_and_cancel_appear_on_radicale(session, setup, radicale, runner):
    now = datetime.now(UTC)
    booking, _ = book(session, setup, berlin(2027, 2, 9, 9), Mode.IN_PERSON, BOOKER, now)
    session.commit()
    (message,) = caldav_messages(session)
    assert (message.topic, message.booking_id, message.staff_id) == (
        "caldav_put", booking.id, setup.staff_id)
    assert json.loads(message.payload)["booking_id"] == booking.id

    assert push_due(session).sent == 1
    (event,) = calendar(radicale)
    assert "Erika Mustermann" in event
    assert "DTSTART;TZID=Europe/Berlin:20270209T090000" in event
    assert f"UID:booking-{booking.id}@sprechzeit.test" in event
    assert "METHOD" not in event
    href = session.get(CalDAVEntry, booking.id).href

    move(session, session.get(Booking, booking.id), berlin(2027, 2, 9, 10, 30), now)
    session.commit()
    pushed = runner.invoke(args=["caldav", "push"])
    assert pushed.exit_code == 0 and "sent 1," in pushed.output, pushed.output
    (event,) = calendar(radicale)
    assert "DTSTART;TZID=Europe/Berlin:20270209T103000" in event
    assert "SEQUENCE:1" in event
    assert session.get(CalDAVEntry, booking.id).href == href  # re-PUT at the same URL

    cancel(session, session.get(Booking, booking.id), now)
    session.commit()
    assert [m.topic for m in caldav_messages(session)][-1] == "caldav_delete"
    assert push_due(session).sent == 1
    assert calendar(radicale) == []
    assert session.get(CalDAVEntry, booking.id) is None


EVENTS = {
    "single": ("DTSTART;TZID=Europe/Berlin:20270209T093000\r\n"
               "DTEND;TZID=Europe/Berlin:20270209T100000\r\n"),
    "weekly": ("DTSTART;TZID=Europe/Berlin:20270105T110000\r\n"
               "DTEND;TZID=Europe/Berlin:20270105T113000\r\nRRULE:FREQ=WEEKLY\r\n"),
    "transparent": ("DTSTART;TZID=Europe/Berlin:20270209T100000\r\n"
                    "DTEND;TZID=Europe/Berlin:20270209T103000\r\nTRANSP:TRANSPARENT\r\n"),
    "cancelled": ("DTSTART;TZID=Europe/Berlin:20270209T103000\r\n"
                  "DTEND;TZID=Europe/Berlin:20270209T110000\r\nSTATUS:CANCELLED\r\n"),
    "allday": "DTSTART;VALUE=DATE:20270216\r\nDTEND;VALUE=DATE:20270217\r\n",
}
VTIMEZONE = (
    "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"
    "BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\n"
    "DTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\n"
    "DTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n"
    "END:VTIMEZONE\r\n")


def put_foreign_event(radicale, name: str, times: str) -> None:
    radicale.add_event(radicale.calendar_url(USER, "sprechzeit"),
                       "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n" + VTIMEZONE
                       + f"BEGIN:VEVENT\r\nUID:{name}@test\r\nDTSTAMP:20261101T000000Z\r\n"
                       + times + f"SUMMARY:{name}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
                       f"{name}.ics")


def test_events_created_in_radicale_block_exactly_their_slots(session, setup, radicale, runner):
    last = TUESDAY + timedelta(days=14)
    assert runner.invoke(args=["caldav", "sync"]).exit_code == 0
    before = slots_for(session, setup, TUESDAY, last, datetime.now(UTC))
    assert len(before) == 3 * 6  # three Tuesdays, six half hours each

    for name, times in EVENTS.items():
        put_foreign_event(radicale, name, times)
    result = runner.invoke(args=["caldav", "sync"])
    assert result.exit_code == 0, result.output
    after = slots_for(db.session, db.session.get(type(setup), setup.id), TUESDAY, last,
                      datetime.now(UTC))

    blocks = [Interval(berlin(2027, 2, 9, 9, 30), berlin(2027, 2, 9, 10)),  # single
              Interval(berlin(2027, 2, 16, 0), berlin(2027, 2, 17, 0))]  # all-day
    blocks += [Interval(berlin(2027, 2, d, 11), berlin(2027, 2, d, 11, 30))  # weekly
               for d in (9, 16, 23)]
    expected = [s for s in before
                if not any(b.overlaps(Interval(s.start, s.end)) for b in blocks)]
    assert [s.start for s in after] == [s.start for s in expected]
    starts = {s.start for s in after}
    assert berlin(2027, 2, 9, 10) in starts  # transparent: free
    assert berlin(2027, 2, 9, 10, 30) in starts  # cancelled: free
    assert len(after) == len(before) - 1 - 6 - 1 - 1  # single, all-day, weekly twice more


def test_own_pushed_event_does_not_block_its_own_move(session, setup, radicale):
    now = datetime.now(UTC)
    booking, _ = book(session, setup, berlin(2027, 2, 9, 9), Mode.IN_PERSON, BOOKER, now)
    session.commit()
    push_due(session)
    later = now + timedelta(minutes=10)  # the busy cache is refreshed on the next search
    move(session, session.get(Booking, booking.id), berlin(2027, 2, 9, 9, 30), later)
    session.commit()
    assert session.scalars(select(BusyInterval)).all() == []


def test_radicale_stopped_mid_test_loses_no_update(session, setup, radicale):
    now = datetime.now(UTC)
    first, _ = book(session, setup, berlin(2027, 2, 9, 9), Mode.IN_PERSON, BOOKER, now)
    second, _ = book(session, setup, berlin(2027, 2, 9, 10), Mode.IN_PERSON, BOOKER, now)
    session.commit()
    assert push_due(session).sent == 2

    radicale.stop()
    move(session, session.get(Booking, first.id), berlin(2027, 2, 9, 11), now)
    cancel(session, session.get(Booking, second.id), now)
    book(session, setup, berlin(2027, 2, 9, 11, 30), Mode.IN_PERSON, Booker("Jonas Berg"),
         now)
    session.commit()
    result = push_due(session)
    assert result.sent == 0 and result.failed == 0 and result.retrying >= 1
    pending = [m for m in caldav_messages(session) if m.status == OutboxStatus.PENDING]
    assert len(pending) == 3 and all(m.next_attempt_at >= now for m in pending)
    connection = session.scalar(select(CalDAVConnection))
    assert connection.last_error

    radicale.start()
    untried = push_due(session)  # the failed one backs off; the others of that person go now
    assert untried.sent == 2
    result = push_due(session, datetime.now(UTC) + timedelta(hours=2))
    assert (result.sent, result.retrying, result.failed) == (1, 0, 0)
    assert all(m.status == OutboxStatus.SENT for m in caldav_messages(session))
    events = calendar(radicale)
    assert len(events) == 2
    text = "".join(events)
    assert "20270209T110000" in text and "20270209T113000" in text
    assert "20270209T100000" not in text and "Jonas Berg" in text
    assert session.scalar(select(CalDAVConnection)).last_error is None


def test_unreachable_calendar_hides_slots_unless_the_office_allows(
        session, setup, radicale, runner):
    now = datetime.now(UTC)
    assert runner.invoke(args=["caldav", "sync"]).exit_code == 0
    assert slots_for(session, setup, TUESDAY, TUESDAY, now)  # fresh cache, server up
    radicale.stop()
    soon = now + timedelta(minutes=10)  # stale enough to refresh, fresh enough to trust
    assert len(slots_for(session, setup, TUESDAY, TUESDAY, soon)) == 6
    session.commit()
    late = now + FRESH_FOR + timedelta(minutes=1)
    assert slots_for(session, setup, TUESDAY, TUESDAY, late) == []
    session.commit()
    connection = session.scalar(select(CalDAVConnection))
    assert "Kalender nicht lesbar" in connection.last_error

    result = runner.invoke(args=["caldav", "sync", "--timeout", "2"])
    assert result.exit_code == 1 and "Kalender nicht lesbar" in result.output
    allowed = runner.invoke(args=["caldav", "allow-unreachable", setup.staff.email, "--yes"])
    assert allowed.exit_code == 0, allowed.output
    assert len(slots_for(db.session, db.session.get(type(setup), setup.id), TUESDAY, TUESDAY,
                         late)) == 6


def test_outbox_send_delivers_calendar_updates_too(session, setup, radicale, runner):
    booking, _ = book(session, setup, berlin(2027, 2, 9, 9), Mode.IN_PERSON, BOOKER,
                      datetime.now(UTC))
    session.commit()
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    assert "caldav: 1 sent" in result.output
    (event,) = calendar(radicale)
    assert f"UID:booking-{booking.id}@sprechzeit.test" in event


def test_the_retention_purge_takes_the_name_out_of_the_staff_calendar(session, setup, radicale):
    now = datetime.now(UTC)
    booking, _ = book(session, setup, berlin(2027, 2, 9, 9), Mode.IN_PERSON, BOOKER, now)
    session.commit()
    assert push_due(session).sent == 1
    assert "Erika Mustermann" in calendar(radicale)[0]

    later = booking.ends_at + timedelta(days=91)
    assert purge(session, later, 90).bookings == 1
    assert push_due(session, later).sent == 1
    (event,) = calendar(radicale)
    assert "Erika Mustermann" not in event and "SUMMARY:anonymisiert" in event
    assert "DTSTART;TZID=Europe/Berlin:20270209T090000" in event  # still blocks the time
