"""The reminder mail the day before a talk."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..domain.time import day_bounds_utc, local_date
from ..models import Booking, BookingStatus
from .notifications import Event, notify


def enqueue_reminders(session: Session, now: datetime) -> int:
    """Queues a reminder for every active talk tomorrow (Berlin date) not yet reminded of.

    `reminder_for` holds the start the reminder was for, so running this often sends one
    reminder per talk, and a talk moved to another day gets a fresh one. Commits.
    """
    tomorrow = local_date(now) + timedelta(days=1)
    start, end = day_bounds_utc(tomorrow)
    bookings = session.scalars(select(Booking).where(
        Booking.status == BookingStatus.CONFIRMED, Booking.booker_email.is_not(None),
        Booking.starts_at >= start, Booking.starts_at < end,
        or_(Booking.reminder_for.is_(None), Booking.reminder_for != Booking.starts_at)))
    count = 0
    for booking in bookings:
        notify(session, booking, Event.REMINDER, now=now)
        booking.reminder_for = booking.starts_at
        count += 1
    session.commit()
    return count
