"""Who uses which room when, for the office: confidential talks appear only as "belegt".

The entries carry no booker data at all, so no template can show it by mistake.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.time import day_bounds_utc, days, local_date
from ..models import Booking, BookingStatus, Room


@dataclass(frozen=True, slots=True)
class RoomEntry:
    start: datetime
    end: datetime
    confidential: bool
    who: str | None  # the staff member of a non-confidential talk; None when confidential


@dataclass(frozen=True)
class RoomDays:
    room: Room
    days: dict[date, list[RoomEntry]]


def room_overview(session: Session, first: date, last: date) -> list[RoomDays]:
    start, end = day_bounds_utc(first)[0], day_bounds_utc(last)[1]
    rooms = list(session.scalars(select(Room).where(Room.is_active).order_by(Room.code)))
    bookings = session.scalars(select(Booking).where(
        Booking.room_id.is_not(None), Booking.status != BookingStatus.CANCELLED,
        Booking.starts_at < end, Booking.ends_at > start).order_by(Booking.starts_at))
    by_room: dict[int, dict[date, list[RoomEntry]]] = defaultdict(lambda: defaultdict(list))
    for b in bookings:
        confidential = b.offering.confidential
        by_room[b.room_id][local_date(b.starts_at)].append(RoomEntry(
            b.starts_at, b.ends_at, confidential,
            None if confidential else b.staff.display_name))
    return [RoomDays(room, {d: by_room[room.id].get(d, []) for d in days(first, last)})
            for room in rooms]
