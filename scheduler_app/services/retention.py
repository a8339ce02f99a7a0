"""Removing personal data once its retention period has run out, in one transaction.

- Bookings that ended before the cut-off are anonymised, not deleted: the booker's name,
  contact data, topic, language, booking code and manage link go; offering, person, room,
  mode, times and status stay, so the yearly statistics and the calendars keep their shape.
  An event already pushed to a staff member's CalDAV calendar is queued for a re-PUT, so
  the name leaves that calendar too.
- Outbox messages sent or given up before the cut-off are deleted: a mail carries names,
  addresses and the .ics of a talk. Pending ones are still to be delivered and stay.
- Elternsprechtage whose last day lies before the cut-off day are deleted with their
  families, students, wishes, codes and appointments.

Staff accounts, rooms and offerings are the school's own records and stay. Nothing else
needs it: sign-in attempts prune themselves (services/throttle.py), and reset and
invitation links are signed, never stored.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import String, and_, cast, delete, func, literal, or_, select, update
from sqlalchemy.orm import Session

from ..domain.retention import Cutoff, cutoff
from ..models import (
    Booking,
    BookingStatus,
    CalDAVEntry,
    Family,
    OutboxMessage,
    OutboxStatus,
    ParentsDayDay,
)
from .caldav_push import enqueue_calendar_update
from .parentsday.setup import delete_events

# Never a SHA-256 in hex, so no manage token opens an anonymised booking; the id keeps the
# (unique, NOT NULL) column unique.
ANONYMISED_TOKEN_PREFIX = "anonymised:"


@dataclass(frozen=True)
class PurgeResult:
    cutoff: Cutoff
    bookings: int  # anonymised
    messages: int  # deleted from the outbox
    events: int  # Elternsprechtage deleted
    families: int  # their families, gone with them


def purge(session: Session, now: datetime, days: int, *, dry_run: bool = False) -> PurgeResult:
    """Removes what has outlived `days`; commits, or with `dry_run` counts and rolls back."""
    limit = cutoff(now, days)
    bookings = _anonymise_bookings(session, limit.instant, now)
    messages = _delete_messages(session, limit.instant)
    events, families = _delete_events(session, limit.day)
    if dry_run:
        session.rollback()
    else:
        session.commit()
    return PurgeResult(limit, bookings, messages, events, families)


def _anonymise_bookings(session: Session, before: datetime, now: datetime) -> int:
    expired = and_(Booking.ends_at < before, Booking.anonymised_at.is_(None))
    in_calendars = list(session.scalars(
        select(Booking).join(CalDAVEntry, CalDAVEntry.booking_id == Booking.id)
        .where(expired, Booking.status != BookingStatus.CANCELLED)))
    # A bulk UPDATE of columns the overlap guard does not watch (its SQLite triggers fire
    # on times, people, rooms and status only), so old rows are never re-checked.
    result = session.execute(
        update(Booking)
        .where(expired)
        .values(booker_name="", booker_email=None, booker_phone=None, topic=None,
                booking_code=None, locale="de",
                manage_token_hash=literal(ANONYMISED_TOKEN_PREFIX, String)
                + cast(Booking.id, String),
                anonymised_at=now, updated_at=now)  # updated_at: feeds see the change
        .execution_options(synchronize_session="fetch"))
    for booking in in_calendars:
        # Pushes follow the booking's current state: the re-PUT carries "anonymisiert".
        enqueue_calendar_update(session, booking)
    return result.rowcount


def _delete_messages(session: Session, before: datetime) -> int:
    expired = or_(
        and_(OutboxMessage.status == OutboxStatus.SENT, OutboxMessage.sent_at < before),
        # A message given up on keeps no time of its own; next_attempt_at is where its last
        # attempt's lease left it, minutes after that attempt.
        and_(OutboxMessage.status == OutboxStatus.FAILED,
             OutboxMessage.next_attempt_at < before))
    result = session.execute(delete(OutboxMessage).where(expired))
    return result.rowcount


def _delete_events(session: Session, before: date) -> tuple[int, int]:
    """Events whose last day lies before `before`; one without days has no end and stays."""
    event_ids = list(session.scalars(
        select(ParentsDayDay.event_id).group_by(ParentsDayDay.event_id)
        .having(func.max(ParentsDayDay.day) < before)))
    if not event_ids:
        return 0, 0
    families = session.scalar(select(func.count(Family.id))
                              .where(Family.event_id.in_(event_ids)))
    return delete_events(session, event_ids), families or 0
