"""Booking and cancelling talks, atomically.

The slot engine decides what is offered; the occupancy rows decide who wins a race. A
booking is tried room by room inside a savepoint, so when two people take the same slot at
once the second gets the next free room, or a clear SlotTaken.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from ..domain.messages import N_, UserError
from ..domain.slots import Slot
from ..domain.time import ensure_utc, local_date
from ..models import BookerKind, Booking, BookingStatus, Mode, Offering
from .caldav_busy import refresh_if_stale
from .caldav_push import enqueue_calendar_update
from .slots import slots_for


class BookingError(UserError):
    """The request cannot become a booking as asked (wrong mode, no such slot, ...)."""


class SlotTaken(BookingError):
    """The slot was free when offered but somebody else has taken it meanwhile."""


@dataclass(frozen=True)
class Booker:
    name: str
    email: str | None = None
    phone: str | None = None
    kind: BookerKind = BookerKind.PARENT
    topic: str | None = None


# PostgreSQL's exclusion constraints may resolve two concurrent overlapping inserts as a
# deadlock (each waits for the other's row) instead of a unique violation: the victim lost
# the race just the same. 40001 is a serialization failure, the same story.
_LOST_RACE_STATES = {"40P01", "40001"}


def is_lost_race(exc: Exception) -> bool:
    """True when a write failed because a concurrent booking holds the same time."""
    if isinstance(exc, IntegrityError):
        return True
    return isinstance(exc, OperationalError) and getattr(
        getattr(exc, "orig", None), "sqlstate", None) in _LOST_RACE_STATES


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_manage_token() -> tuple[str, str]:
    """A manage token for the booker and the hash that is all the database keeps."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def find_slot(session: Session, offering: Offering, start: datetime, now: datetime) -> Slot:
    start = ensure_utc(start)
    day = local_date(start)
    for slot in slots_for(session, offering, day, day, now):
        if slot.start == start:
            return slot
    raise SlotTaken(N_("Dieser Termin ist nicht (mehr) frei."))


def book(session: Session, offering: Offering, start: datetime, mode: Mode, booker: Booker,
         now: datetime, *, manage_token: str | None = None, **columns) -> tuple[Booking, str]:
    """Books `offering` at `start`; returns the booking and its manage token.

    Flushes but does not commit, so the caller can add the confirmation mail to the outbox
    in the same transaction. `manage_token` (else a random one) and further `columns` (e.g.
    booking_code, locale) go into the INSERT itself: updating the fresh row afterwards would
    make PostgreSQL re-check the overlap guard outside the savepoint.
    """
    if mode == Mode.PHONE and not offering.phone:
        raise BookingError(N_("Dieses Angebot ist nicht telefonisch buchbar."))
    if mode == Mode.IN_PERSON and not offering.in_person:
        raise BookingError(N_("Dieses Angebot ist nur telefonisch buchbar."))
    if mode == Mode.PHONE and not booker.phone:
        raise BookingError(N_("Für ein Telefongespräch brauchen wir eine Telefonnummer."))
    slot = find_slot(session, offering, start, now)
    if mode == Mode.IN_PERSON and not slot.in_person:
        raise SlotTaken(N_("Zu dieser Zeit ist kein Raum mehr frei."))
    token, token_hash = new_manage_token()
    if manage_token is not None:
        token, token_hash = manage_token, hash_token(manage_token)
    rooms = list(slot.rooms) if mode == Mode.IN_PERSON and slot.rooms else [None]
    for room_id in rooms:
        booking = Booking(
            offering=offering, staff_id=offering.staff_id, room_id=room_id, mode=mode,
            starts_at=slot.start, ends_at=slot.end, booker_kind=booker.kind,
            booker_name=booker.name, booker_email=booker.email, booker_phone=booker.phone,
            topic=booker.topic if offering.topic_enabled else None,
            manage_token_hash=token_hash, **columns)
        booking.claim_time()
        try:
            with session.begin_nested():
                session.add(booking)
        except (IntegrityError, OperationalError) as exc:
            if not is_lost_race(exc):
                raise
            continue  # this room (or the person) was taken a moment ago: try the next room
        enqueue_calendar_update(session, booking)
        return booking, token
    raise SlotTaken(N_("Dieser Termin wurde soeben vergeben."))


def move(session: Session, booking: Booking, start: datetime, now: datetime,
         mode: Mode | None = None) -> Booking:
    """Moves a booking to another free slot of its offering, atomically.

    Inside one savepoint the old time is released and the new one claimed: if the new slot
    is taken meanwhile the savepoint rolls back and the booking keeps its old time. The
    booking row stays the same, so its calendar UID is stable; SEQUENCE goes up.
    """
    if booking.status == BookingStatus.CANCELLED:
        raise BookingError(N_("Ein abgesagter Termin kann nicht verschoben werden."))
    mode = mode or booking.mode
    # The slot search below runs after the old time is released (a write): it would not
    # ask the calendar server then, so a stale busy cache is refreshed now, while the
    # transaction has only read and can be ended before the server is asked.
    refresh_if_stale(session, booking.staff_id, now)
    old = (booking.starts_at, booking.ends_at, booking.room_id, booking.mode)
    try:
        with session.begin_nested():
            booking.release_time()
            session.flush()  # the old time is free for the slot search below
            slot = find_slot(session, booking.offering, start, now)
            rooms = list(slot.rooms) if mode == Mode.IN_PERSON and slot.rooms else [None]
            if mode == Mode.IN_PERSON and not slot.in_person:
                raise SlotTaken(N_("Zu dieser Zeit ist kein Raum mehr frei."))
            booking.starts_at, booking.ends_at, booking.mode = slot.start, slot.end, mode
            booking.room_id = rooms[0]
            booking.claim_time()
            session.flush()
    except (IntegrityError, OperationalError) as exc:
        if not is_lost_race(exc):
            raise
        booking.starts_at, booking.ends_at, booking.room_id, booking.mode = old
        raise SlotTaken(N_("Dieser Termin wurde soeben vergeben.")) from None
    except BookingError:
        booking.starts_at, booking.ends_at, booking.room_id, booking.mode = old
        raise
    booking.sequence += 1
    enqueue_calendar_update(session, booking)
    return booking


def cancel(session: Session, booking: Booking, now: datetime) -> None:
    """Cancels a booking and frees its time; the row stays for the statistics."""
    if booking.status == BookingStatus.CANCELLED:
        return
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = now
    booking.sequence += 1
    booking.release_time()
    session.flush()
    enqueue_calendar_update(session, booking)


def booking_by_token(session: Session, token: str) -> Booking | None:
    return session.scalar(select(Booking).where(Booking.manage_token_hash == hash_token(token)))
