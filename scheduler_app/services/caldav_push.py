"""Pushing bookings into staff members' CalDAV calendars, through the outbox.

Every change of a booking queues a CALDAV message in the same transaction as the change
(`enqueue_calendar_update`, called from services/booking.py). Delivery is idempotent and
follows the booking's *current* state rather than the message's history: an active booking
is PUT (created or replaced at its stored href), a cancelled or deleted one is DELETEd. So
messages may be retried, repeated or delivered out of order after an outage, and the
calendar still ends up matching the booking. An unreachable server (CalDAVUnavailable) is
retried with backoff for as long as it takes; nothing is lost.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import (
    Booking,
    BookingStatus,
    CalDAVEntry,
    Channel,
    OutboxMessage,
    OutboxStatus,
)
from .caldav_accounts import account_of, connection_of, record_error
from .crypto import SecretUnreadable

log = logging.getLogger(__name__)

TOPIC_PUT = "caldav_put"
TOPIC_DELETE = "caldav_delete"
# A server that refuses (e.g. 403, 412) is retried this often, then the office sees FAILED.
MAX_REFUSALS = 8
MAX_BACKOFF = timedelta(hours=1)


def enqueue_calendar_update(session: Session, booking: Booking) -> OutboxMessage | None:
    """Queues the booking's new state for its staff member's calendar, if one is connected."""
    if connection_of(session, booking.staff_id) is None:
        return None
    session.flush()  # the booking needs its id
    topic = TOPIC_DELETE if booking.status == BookingStatus.CANCELLED else TOPIC_PUT
    message = OutboxMessage(
        channel=Channel.CALDAV, topic=topic, booking_id=booking.id, staff_id=booking.staff_id,
        payload=json.dumps({"booking_id": booking.id, "sequence": booking.sequence}))
    session.add(message)
    return message


def _base_url(base_url: str | None) -> str:
    if base_url:
        return base_url
    from flask import current_app

    return current_app.config["BASE_URL"]


def deliver_caldav(session: Session, message: OutboxMessage, *, now: datetime | None = None,
                   base_url: str | None = None, secret_key: str | None = None) -> None:
    """Makes the staff member's calendar match the booking of `message`.

    Raises calendars' CalDAVUnavailable (retry later) or CalDAVError (refused). Does not
    commit; the caller marks the message and commits.
    """
    from calendars.caldav_sync import CalDAVError, delete_event, put_event

    from .feeds import booking_event, uid_host

    now = now or datetime.now(UTC)
    booking_id = message.booking_id or json.loads(message.payload or "{}").get("booking_id")
    connection = connection_of(session, message.staff_id) if message.staff_id else None
    if connection is None or booking_id is None:
        return  # calendar disconnected meanwhile: nothing to write to
    try:
        account = account_of(connection, secret_key)
    except SecretUnreadable as exc:
        raise CalDAVError(str(exc)) from exc
    booking = session.get(Booking, booking_id)
    entry = session.get(CalDAVEntry, booking_id)
    if booking is None or booking.status == BookingStatus.CANCELLED \
            or booking.staff_id != connection.staff_id:
        if entry is not None:
            delete_event(account, entry.href)
            session.delete(entry)
    else:
        base = _base_url(base_url)
        event = booking_event(booking, host=uid_host(base), private=True, base_url=base)
        href = put_event(account, event, entry.href if entry is not None else None)
        if entry is None:
            entry = CalDAVEntry(booking_id=booking.id, staff_id=booking.staff_id, href=href,
                                starts_at=booking.starts_at, ends_at=booking.ends_at)
            session.add(entry)
        entry.href, entry.starts_at, entry.ends_at = href, booking.starts_at, booking.ends_at
        entry.sequence, entry.pushed_at = booking.sequence, now
    connection.last_push_at = now
    connection.last_error = None  # the server answered: an old error no longer holds
    session.flush()


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, ... minutes, at most an hour."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


@dataclass
class PushResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def _due(session: Session, now: datetime, skip_staff: set[int]) -> OutboxMessage | None:
    query = (select(OutboxMessage)
             .where(OutboxMessage.channel == Channel.CALDAV,
                    OutboxMessage.status == OutboxStatus.PENDING,
                    OutboxMessage.next_attempt_at <= now)
             .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(1)
             .with_for_update(skip_locked=True))
    if skip_staff:
        query = query.where(OutboxMessage.staff_id.not_in(skip_staff))
    return session.scalar(query)


def handle_caldav(session: Session, message: OutboxMessage, now: datetime, **settings) -> str:
    """Delivers one message and records the outcome on it: "sent", "retrying" or "failed".

    Does not commit. Usable from a generic outbox loop as well as from `caldav push`.
    """
    from calendars.caldav_sync import CalDAVError, CalDAVUnavailable

    message.attempts += 1
    try:
        with session.begin_nested():
            try:
                deliver_caldav(session, message, now=now, **settings)
            except CalDAVError:
                raise
            except Exception as exc:  # noqa: BLE001
                # A bug or bad data must not block the queue: count it as a refusal, so
                # the message ends FAILED (shown to the office) instead of crashing each run.
                log.exception("CalDAV delivery of outbox message %s failed", message.id)
                raise CalDAVError(f"{type(exc).__name__}: {exc}") from exc
    except CalDAVError as exc:
        connection = connection_of(session, message.staff_id) if message.staff_id else None
        if connection is not None:
            record_error(connection, f"Kalender: {exc}", now)
        message.last_error = str(exc)[:500]
        refused = not isinstance(exc, CalDAVUnavailable)
        if refused and message.attempts >= MAX_REFUSALS:
            message.status = OutboxStatus.FAILED
            return "failed"
        message.next_attempt_at = now + backoff(message.attempts)
        return "retrying"
    message.status = OutboxStatus.SENT
    message.sent_at = now
    message.last_error = None
    return "sent"


def push_due(session: Session, now: datetime | None = None, *, limit: int = 500,
             **settings) -> PushResult:
    """Delivers the due CALDAV messages, one transaction each.

    After one unreachable server, the rest of that person's messages wait for the next run
    instead of each waiting for its own timeout.
    """
    from calendars.caldav_sync import CalDAVUnavailable  # noqa: F401  (fail early if missing)

    now = now or datetime.now(UTC)
    result = PushResult()
    unreachable: set[int] = set()
    for _ in range(limit):
        message = _due(session, now, unreachable)
        if message is None:
            break
        outcome = handle_caldav(session, message, now, **settings)
        if outcome == "retrying" and message.staff_id is not None:
            unreachable.add(message.staff_id)
        setattr(result, outcome, getattr(result, outcome) + 1)
        session.commit()
    session.commit()
    return result
