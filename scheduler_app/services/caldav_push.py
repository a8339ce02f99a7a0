"""Pushing bookings into staff members' CalDAV calendars, through the outbox.

Every change of a booking queues a CALDAV message in the same transaction as the change
(`enqueue_calendar_update`, called from services/booking.py). Delivery is idempotent and
follows the booking's *current* state rather than the message's history: an active booking
is PUT (created or replaced at its stored href), a cancelled or deleted one is DELETEd. So
messages may be retried, repeated or delivered out of order after an outage, and the
calendar still ends up matching the booking. An unreachable server (CalDAVUnavailable) is
retried with backoff for as long as it takes; nothing is lost.

No database transaction is open while a calendar server is asked: a message is leased and
committed first, then delivered, then its outcome recorded in a short transaction (see
push_one). On SQLite an open transaction holds the write lock, so a slow calendar server
would otherwise stall every booking.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased

from ..models import (
    Booking,
    BookingStatus,
    CalDAVConnection,
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
# How long a sender may take for one message (several requests of up to 10 s each) before
# another sender may take it over; only a sender that died ever lets a lease run out.
LEASE = timedelta(minutes=10)
PUT, DELETE, NOTHING = "put", "delete", "nothing"


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


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, ... minutes, at most an hour."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


@dataclass
class PushResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


@dataclass(frozen=True)
class PushJob:
    """One leased message and everything its delivery needs, as plain values.

    Built in the claiming transaction; delivered with no transaction open.
    """
    message_id: int
    staff_id: int | None
    connection_id: int | None = None
    account: object | None = None  # calendars' CalDAVAccount, password decrypted
    action: str = NOTHING  # PUT, DELETE or NOTHING
    booking_id: int | None = None
    href: str | None = None  # where the event is stored, if it was pushed before
    event: object | None = None  # calendars' CalendarEvent, for PUT
    starts_at: datetime | None = None  # what is pushed, stored in CalDAVEntry afterwards
    ends_at: datetime | None = None
    sequence: int = 0


def _leased_elsewhere(now: datetime):
    """A CALDAV message of the same person that another sender is delivering right now."""
    other = aliased(OutboxMessage)
    return exists().where(other.channel == Channel.CALDAV,
                          other.staff_id == OutboxMessage.staff_id,
                          other.status == OutboxStatus.LEASED,
                          other.next_attempt_at > now)


def _due(session: Session, now: datetime, skip_staff: set[int]) -> OutboxMessage | None:
    """The next due message whose person has no delivery in flight.

    A message is due when PENDING and its time has come, or LEASED by a sender that died
    (the lease ran out). Messages of one person are never delivered concurrently, so an
    earlier create cannot land after a later move; one after the other, each delivery
    writes the booking's current state, so their order no longer matters. On PostgreSQL the
    person's connection row is locked with the message, so a second sender skips the
    person's other messages until this claim is committed and its lease visible.
    """
    due = (OutboxMessage.channel == Channel.CALDAV,
           OutboxMessage.status.in_((OutboxStatus.PENDING, OutboxStatus.LEASED)),
           OutboxMessage.next_attempt_at <= now)
    if skip_staff:
        due += (OutboxMessage.staff_id.not_in(skip_staff),)
    order = (OutboxMessage.next_attempt_at, OutboxMessage.id)
    message = session.scalar(
        select(OutboxMessage)
        .join(CalDAVConnection, CalDAVConnection.staff_id == OutboxMessage.staff_id)
        .where(*due, ~_leased_elsewhere(now)).order_by(*order).limit(1)
        .with_for_update(skip_locked=True, of=[OutboxMessage, CalDAVConnection]))
    if message is None:  # messages of a person without a calendar: delivered as no-ops
        message = session.scalar(
            select(OutboxMessage)
            .where(*due, ~exists().where(CalDAVConnection.staff_id == OutboxMessage.staff_id))
            .order_by(*order).limit(1).with_for_update(skip_locked=True))
    return message


def _prepare(session: Session, message: OutboxMessage, base_url: str | None = None,
             secret_key: str | None = None) -> PushJob:
    """Reads what the delivery needs: the account, the booking's current state, its href.

    Raises CalDAVError when the account cannot be used (the password is unreadable).
    """
    from calendars.caldav_sync import CalDAVError

    from .feeds import booking_event, uid_host

    job = PushJob(message_id=message.id, staff_id=message.staff_id)
    booking_id = message.booking_id or json.loads(message.payload or "{}").get("booking_id")
    connection = connection_of(session, message.staff_id) if message.staff_id else None
    if connection is None or booking_id is None:
        return job  # calendar disconnected meanwhile: nothing to write to
    try:
        account = account_of(connection, secret_key)
    except SecretUnreadable as exc:
        raise CalDAVError(str(exc)) from exc
    job = replace(job, connection_id=connection.id, account=account, booking_id=booking_id)
    booking = session.get(Booking, booking_id)
    entry = session.get(CalDAVEntry, booking_id)
    href = entry.href if entry is not None else None
    if booking is None or booking.status == BookingStatus.CANCELLED \
            or booking.staff_id != connection.staff_id:
        return replace(job, action=DELETE if entry is not None else NOTHING, href=href)
    base = _base_url(base_url)
    return replace(job, action=PUT, href=href,
                   event=booking_event(booking, host=uid_host(base), private=True,
                                       base_url=base),
                   starts_at=booking.starts_at, ends_at=booking.ends_at,
                   sequence=booking.sequence)


def deliver_caldav(job: PushJob) -> str | None:
    """Makes the calendar match the job: PUT (returns the event's URL) or DELETE.

    Talks to the server only; the caller holds no database transaction meanwhile. Raises
    calendars' CalDAVUnavailable (retry later) or CalDAVError (refused).
    """
    from calendars.caldav_sync import delete_event, put_event

    if job.action == PUT:
        return put_event(job.account, job.event, job.href)
    if job.action == DELETE:
        delete_event(job.account, job.href)
    return None


def _record_success(session: Session, job: PushJob, href: str | None, now: datetime) -> None:
    connection = session.get(CalDAVConnection, job.connection_id) if job.connection_id else None
    if connection is None:
        return  # disconnected (or replaced) while the server answered: nothing to remember
    entry = session.get(CalDAVEntry, job.booking_id)
    if job.action == DELETE:
        if entry is not None and entry.href == job.href:
            session.delete(entry)
    elif job.action == PUT and session.get(Booking, job.booking_id) is not None:
        if entry is None:
            entry = CalDAVEntry(booking_id=job.booking_id, staff_id=connection.staff_id,
                                href=href, starts_at=job.starts_at, ends_at=job.ends_at)
            session.add(entry)
        entry.href, entry.starts_at, entry.ends_at = href, job.starts_at, job.ends_at
        entry.sequence, entry.pushed_at = job.sequence, now
    connection.last_push_at = now
    connection.last_error = None  # the server answered: an old error no longer holds


def _record(session: Session, job: PushJob, now: datetime, *, href: str | None = None,
            error: Exception | None = None) -> str:
    """Records the outcome on the leased message, in a short transaction; returns
    "sent", "retrying" or "failed" ("" if the message was dropped meanwhile)."""
    from calendars.caldav_sync import CalDAVUnavailable

    message = session.get(OutboxMessage, job.message_id, populate_existing=True)
    if message is None or message.status != OutboxStatus.LEASED:
        session.commit()
        return ""  # dropped by a disconnect while we were delivering it
    message.attempts += 1
    if error is None:
        _record_success(session, job, href, now)
        message.status = OutboxStatus.SENT
        message.sent_at = now
        message.last_error = None
        outcome = "sent"
    else:
        connection = connection_of(session, message.staff_id) if message.staff_id else None
        if connection is not None:
            record_error(connection, f"Kalender: {error}", now)
        message.last_error = str(error)[:500]
        refused = not isinstance(error, CalDAVUnavailable)
        if refused and message.attempts >= MAX_REFUSALS:
            message.status = OutboxStatus.FAILED
            outcome = "failed"
        else:
            message.status = OutboxStatus.PENDING
            message.next_attempt_at = now + backoff(message.attempts)
            outcome = "retrying"
    session.commit()
    return outcome


def _as_refusal(exc: Exception, message_id: int) -> Exception:
    """A bug or bad data must not block the queue: it counts as a refusal, so the message
    ends FAILED (shown to the office) instead of crashing each run."""
    from calendars.caldav_sync import CalDAVError

    if isinstance(exc, CalDAVError):
        return exc
    log.error("CalDAV delivery of outbox message %s failed", message_id, exc_info=exc)
    return CalDAVError(f"{type(exc).__name__}: {exc}")


def push_one(session: Session, now: datetime, skip_staff: set[int] = frozenset(),
             **settings) -> tuple[str, int | None] | None:
    """Claims, delivers and records one due message: (outcome, staff_id), or None.

    Like the mail sender, it leases the message (status LEASED until now + LEASE) and
    commits before talking to the server, then records the answer in a new short
    transaction: no database lock is held while a slow calendar server answers. A sender
    that dies mid-delivery leaves the lease to run out; the message is then due again.
    """
    session.expire_all()  # read the current state, not what this session saw before
    message = _due(session, now, set(skip_staff))
    if message is None:
        session.commit()
        return None
    message.status = OutboxStatus.LEASED
    message.next_attempt_at = now + LEASE
    job, error = PushJob(message_id=message.id, staff_id=message.staff_id), None
    try:
        job = _prepare(session, message, **settings)
    except Exception as exc:  # noqa: BLE001  (recorded on the message below)
        error = _as_refusal(exc, message.id)
    session.commit()  # the lease; from here on no transaction is open
    href = None
    if error is None:
        try:
            href = deliver_caldav(job)
        except Exception as exc:  # noqa: BLE001  (recorded on the message below)
            error = _as_refusal(exc, job.message_id)
    return _record(session, job, now, href=href, error=error), job.staff_id


def push_due(session: Session, now: datetime | None = None, *, limit: int = 500,
             **settings) -> PushResult:
    """Delivers the due CALDAV messages, each in short transactions of its own.

    After one unreachable server, the rest of that person's messages wait for the next run
    instead of each waiting for its own timeout.
    """
    from calendars.caldav_sync import CalDAVUnavailable  # noqa: F401  (fail early if missing)

    now = now or datetime.now(UTC)
    result = PushResult()
    unreachable: set[int] = set()
    session.commit()  # whatever the caller read: no lock is kept while servers answer
    for _ in range(limit):
        done = push_one(session, now, unreachable, **settings)
        if done is None:
            break
        outcome, staff_id = done
        if outcome == "retrying" and staff_id is not None:
            unreachable.add(staff_id)
        if outcome:
            setattr(result, outcome, getattr(result, outcome) + 1)
    return result
