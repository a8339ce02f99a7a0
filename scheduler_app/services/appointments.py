"""A staff member's own appointments: listing, cancelling, moving, marking no-shows.

Every change notifies the booker through the outbox in the same transaction.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.messages import N_, UserError
from ..domain.slots import Slot
from ..domain.time import day_bounds_utc, days, local_date
from ..models import Booking, BookingStatus, StaffMember
from . import booking as booking_service
from .notifications import Event, notify
from .slots import slots_for


class NotYours(PermissionError):
    """The booking belongs to someone else's calendar."""


class AppointmentError(UserError):
    """The change cannot be made; the message is German and safe to show."""


def week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def appointments_of(session: Session, staff_id: int, first: date,
                    last: date) -> dict[date, list[Booking]]:
    """Non-cancelled bookings of a person on the Berlin dates first..last, by day."""
    start, end = day_bounds_utc(first)[0], day_bounds_utc(last)[1]
    rows = session.scalars(select(Booking).where(
        Booking.staff_id == staff_id, Booking.status != BookingStatus.CANCELLED,
        Booking.starts_at < end, Booking.ends_at > start).order_by(Booking.starts_at))
    by_day: dict[date, list[Booking]] = defaultdict(list)
    for row in rows:
        by_day[local_date(row.starts_at)].append(row)
    return {day: by_day.get(day, []) for day in days(first, last)}


def next_appointments(session: Session, staff_id: int, now: datetime,
                      limit: int = 5) -> list[Booking]:
    return list(session.scalars(select(Booking).where(
        Booking.staff_id == staff_id, Booking.status == BookingStatus.CONFIRMED,
        Booking.ends_at > now).order_by(Booking.starts_at).limit(limit)))


def own_booking(session: Session, staff: StaffMember, booking_id: int) -> Booking:
    booking = session.get(Booking, booking_id)
    if booking is None:
        raise LookupError(booking_id)
    if booking.staff_id != staff.id:
        raise NotYours(booking_id)
    return booking


def cancel_by_staff(session: Session, booking: Booking, now: datetime,
                    message: str | None = None) -> None:
    if booking.status == BookingStatus.CANCELLED:
        raise AppointmentError(N_("Dieser Termin ist bereits abgesagt."))
    if booking.starts_at <= now:
        raise AppointmentError(N_("Ein vergangener Termin kann nicht abgesagt werden."))
    booking_service.cancel(session, booking, now)
    notify(session, booking, Event.CANCELLED_BY_STAFF, now=now, message=message or "")
    session.commit()


def move_options(session: Session, booking: Booking, now: datetime,
                 days_ahead: int = 28) -> list[Slot]:
    """Free slots of the booking's offering it could move to (its own time excluded)."""
    first = local_date(now)
    slots = slots_for(session, booking.offering, first, first + timedelta(days=days_ahead), now)
    return [s for s in slots if s.start != booking.starts_at]


def move_by_staff(session: Session, booking: Booking, start: datetime, now: datetime,
                  message: str | None = None) -> None:
    if booking.status != BookingStatus.CONFIRMED:
        raise AppointmentError(N_("Nur bestätigte Termine können verschoben werden."))
    old = booking.starts_at
    try:
        booking_service.move(session, booking, start, now)
    except booking_service.BookingError as exc:
        session.rollback()
        raise AppointmentError(exc.message) from exc
    notify(session, booking, Event.MOVED_BY_STAFF, now=now, previous_start=old,
           message=message or "")
    session.commit()


def mark_no_show(session: Session, booking: Booking, now: datetime) -> None:
    """Recorded after the talk, for the anonymous statistics; no mail is sent."""
    if booking.status != BookingStatus.CONFIRMED:
        raise AppointmentError(N_("Nur bestätigte Termine können so markiert werden."))
    if booking.starts_at > now:
        raise AppointmentError(N_("Erst nach Beginn des Termins möglich."))
    booking.status = BookingStatus.NO_SHOW
    session.commit()
