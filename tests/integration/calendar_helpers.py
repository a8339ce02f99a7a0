"""Shared helpers of the calendar tests: bookings at Berlin wall-clock times."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar

from scheduler_app.domain.time import BERLIN
from scheduler_app.models import BookerKind, Booking, Mode, OfferingKind, Role
from scheduler_app.services.booking import new_manage_token


def berlin(year, month, day, hour, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


def add_booking(session, offering, start: datetime, *, minutes=30, room=None, mode=None,
                name="Erika Mustermann", phone=None, kind=BookerKind.PARENT) -> Booking:
    """A booking written straight to the database (no slot rules involved)."""
    mode = mode or (Mode.IN_PERSON if room else Mode.PHONE)
    booking = Booking(offering=offering, staff_id=offering.staff_id,
                      room_id=room.id if room else None, mode=mode, starts_at=start,
                      ends_at=start + timedelta(minutes=minutes), booker_name=name,
                      booker_kind=kind, booker_phone=phone or "+49 511 123456",
                      booker_email="eltern@example.org",
                      manage_token_hash=new_manage_token()[1])
    booking.claim_time()
    session.add(booking)
    session.commit()
    return booking


def counselling(factory, room=None, **kw):
    """A counsellor with a confidential counselling offering."""
    staff = factory.staff(role=Role.COUNSELLOR, display_name="Frau Petersen")
    return factory.offering(staff=staff, rooms=[room] if room else [],
                            kind=OfferingKind.COUNSELLING, confidential=True,
                            topic_enabled=False, phone=True, title="Beratung", **kw)


def vevents(body: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(body).walk("VEVENT"))
