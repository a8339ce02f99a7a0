"""Daylight saving: talks on the last Sundays of March and October show Berlin wall-clock time
on the page, in the mail and in the .ics, whatever the offset on the day of booking."""
from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import icalendar
from freezegun import freeze_time
from public_support import berlin
from sqlalchemy import select

from scheduler_app.models import BookerKind, Booking, Mode, OutboxMessage
from scheduler_app.services.booking import hash_token
from scheduler_app.services.manage_links import new_booking_code, token_for_code
from scheduler_app.services.notifications import Event, notify
from scheduler_app.services.slots import slots_for
from scheduler_app.web.public.views import slot_key

SUNDAY = 6


def sunday_talk(factory):
    room = factory.room("B0.04")
    # Open in the Easter holidays: the last Sunday of March 2027 is Easter Sunday.
    offering = factory.offering(rooms=[room], open_in_school_holidays=True)
    factory.weekly(offering.staff, SUNDAY, "09:00", "12:00")
    return offering


def mail_of(session) -> dict:
    message = session.scalar(select(OutboxMessage).where(OutboxMessage.channel == "mail"))
    return json.loads(message.payload)


def event_start(ics: str):
    calendar = icalendar.Calendar.from_ical(ics)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    [event] = calendar.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    return event["DTSTART"].dt


def book_through_the_page(client, offering, start):
    return client.post(f"/angebot/{offering.id}/buchen", data={
        "booker_kind": "parent", "name": "Frau Schmidt", "email": "schmidt@example.org",
        "mode": "in_person", "consent": "y", "start": slot_key(start)})


def check_booked_talk(client, session, location, start, label, day_text):
    page = client.get(location).get_data(as_text=True)
    assert label in page and day_text in page
    payload = mail_of(session)
    assert label in payload["body"] and day_text in payload["subject"]
    dtstart = event_start(payload["ics"])
    assert dtstart.strftime("%Y-%m-%d %H:%M") == start.astimezone(
        dtstart.tzinfo).strftime("%Y-%m-%d %H:%M")
    assert dtstart.astimezone(UTC) == start
    return dtstart


def test_last_sunday_of_march_2027_booked_in_winter_time(client, factory, session):
    offering = sunday_talk(factory)
    start = berlin(date(2027, 3, 28), "10:00")
    assert start == datetime(2027, 3, 28, 8, 0, tzinfo=UTC)  # CEST, UTC+2
    with freeze_time("2027-03-26 09:00:00"):  # Friday, still CET (UTC+1)
        page = client.get(f"/angebot/{offering.id}?ab=2027-03-28").get_data(as_text=True)
        assert "Sonntag, 28. März 2027" in page
        assert "10:00–10:30" in page and f"start={slot_key(start)}" in page
        response = book_through_the_page(client, offering, start)
        assert response.status_code == 302
        dtstart = check_booked_talk(client, session, response.headers["Location"], start,
                                    "10:00–10:30", "28. März 2027")
    assert dtstart.hour == 10 and dtstart.utcoffset() == timedelta(hours=2)


def test_last_sunday_of_october_2026_booked_in_summer_time(client, factory, session):
    offering = sunday_talk(factory)
    start = berlin(date(2026, 10, 25), "10:00")
    assert start == datetime(2026, 10, 25, 9, 0, tzinfo=UTC)  # CET, UTC+1
    with freeze_time("2026-10-23 09:00:00"):  # Friday, still CEST
        page = client.get(f"/angebot/{offering.id}?ab=2026-10-25").get_data(as_text=True)
        assert "10:00–10:30" in page and f"start={slot_key(start)}" in page
        response = book_through_the_page(client, offering, start)
        dtstart = check_booked_talk(client, session, response.headers["Location"], start,
                                    "10:00–10:30", "25. Oktober 2026")
    assert dtstart.hour == 10 and dtstart.utcoffset() == timedelta(hours=1)


def test_last_sunday_of_october_2027(client, factory, session):
    """31 Oct 2027 is Reformation Day, closed in Lower Saxony: the engine offers nothing, so
    the talk is written directly (as staff could arrange it) and then shown and mailed."""
    offering = sunday_talk(factory)
    start = berlin(date(2027, 10, 31), "10:00")
    assert start == datetime(2027, 10, 31, 9, 0, tzinfo=UTC)  # CET, UTC+1
    with freeze_time("2027-10-29 09:00:00"):  # Friday, CEST
        now = datetime.now(UTC)
        assert slots_for(session, offering, date(2027, 10, 31), date(2027, 10, 31), now) == []
        code = new_booking_code()
        token = token_for_code("test-secret", code)
        booking = Booking(offering=offering, staff_id=offering.staff_id,
                          room_id=offering.rooms[0].id, mode=Mode.IN_PERSON, starts_at=start,
                          ends_at=start + timedelta(minutes=30), booker_kind=BookerKind.PARENT,
                          booker_name="Frau Schmidt", booker_email="schmidt@example.org",
                          booking_code=code, manage_token_hash=hash_token(token))
        booking.claim_time()
        session.add(booking)
        with client.application.test_request_context():
            notify(session, booking, Event.CONFIRMED, now=now)
        session.commit()
        dtstart = check_booked_talk(client, session, f"/termin/{token}", start,
                                    "10:00–10:30", "31. Oktober 2027")
    assert dtstart.hour == 10 and dtstart.utcoffset() == timedelta(hours=1)
