"""Bookable slots of an offering: the stored rules, bookings and closures, through the engine."""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..domain.intervals import Interval
from ..domain.slots import Slot, bookable_slots
from ..domain.time import day_bounds_utc, local_date
from ..models import Booking, BookingStatus, Offering
from .availability import person_availability, room_availability
from .caldav_busy import calendar_busy
from .closures import closed_days


def busy_of(session: Session, start: datetime, end: datetime, *, staff_id: int,
            room_ids: list[int]) -> tuple[list[Interval], dict[int, list[Interval]], list[Booking]]:
    """Active bookings touching [start, end) of a person and of rooms, as busy intervals."""
    bookings = list(session.scalars(select(Booking).where(
        Booking.status != BookingStatus.CANCELLED,
        Booking.starts_at < end, Booking.ends_at > start,
        or_(Booking.staff_id == staff_id, Booking.room_id.in_(room_ids)))))
    person = [Interval(b.starts_at, b.ends_at) for b in bookings if b.staff_id == staff_id]
    rooms: dict[int, list[Interval]] = defaultdict(list)
    for b in bookings:
        if b.room_id is not None:
            rooms[b.room_id].append(Interval(b.starts_at, b.ends_at))
    return person, rooms, bookings


def slots_for(session: Session, offering: Offering, first: date, last: date,
              now: datetime) -> list[Slot]:
    """Every bookable slot of `offering` starting on the Berlin dates first..last."""
    rules = offering.rules
    start = day_bounds_utc(first)[0] - rules.buffer_before - rules.duration
    end = day_bounds_utc(last)[1] + rules.buffer_after + rules.duration
    rooms = [r for r in offering.rooms if r.is_active]
    person_busy, room_busy, bookings = busy_of(
        session, start - timedelta(days=1), end, staff_id=offering.staff_id,
        room_ids=[r.id for r in rooms])
    external = calendar_busy(session, offering.staff_id, start - timedelta(days=1), end, now)
    if external is None:
        return []  # the person's own calendar cannot be read: an offered slot might clash
    person_busy += external
    per_day = Counter(local_date(b.starts_at) for b in bookings if b.offering_id == offering.id)
    return bookable_slots(
        rules,
        person_availability(session, offering.staff_id, start, end, offering.id),
        [room_availability(session, room, start, end) for room in rooms],
        closed_days(session, first, last),
        now=now, first=first, last=last,
        person_busy=person_busy, room_busy=room_busy, booked_per_day=per_day,
    )
