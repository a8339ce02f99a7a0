"""Busy times from staff members' CalDAV calendars, cached in the database for the slots.

`flask caldav sync` refreshes every connected calendar (run it from cron every few
minutes); the slot search refreshes a stale cache itself with a short timeout. Sprechzeit's
own pushed events are subtracted, so a booking never blocks its own move.

When a calendar cannot be read and the cache is not fresh, the person's slots are not
offered (`None` from calendar_busy), unless the office allowed booking in that case.

No database transaction is open while a server is asked (refresh_calendar): on SQLite it
would hold the write lock and stall every booking until a slow server answered.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..domain.intervals import Interval, subtract
from ..models import BusyInterval, CalDAVConnection, CalDAVEntry, Offering
from .caldav_accounts import account_of, connection_of, record_error
from .crypto import SecretUnreadable
from .transactions import end_read

REFRESH_AFTER = timedelta(minutes=5)  # older caches are refreshed by the slot search
FRESH_FOR = timedelta(minutes=30)  # a cache this young is trusted while the server is down
LAZY_TIMEOUT = 3.0  # seconds a slot search waits for a calendar server
RETRY_AFTER = timedelta(minutes=1)  # after a failed read, searches do not wait again at once
SYNC_PAST = timedelta(days=1)
DEFAULT_HORIZON_DAYS = 56
MAX_HORIZON_DAYS = 400


@dataclass(frozen=True)
class _Read:
    connection_id: int
    staff_id: int
    account: object | None  # calendars' CalDAVAccount, password decrypted
    start: datetime
    end: datetime
    error: str | None  # the account could not be built (password unreadable)


def sync_window(session: Session, staff_id: int, now: datetime) -> tuple[datetime, datetime]:
    """From yesterday to the furthest horizon of the person's active offerings."""
    horizon = session.scalar(select(func.max(Offering.horizon_days)).where(
        Offering.staff_id == staff_id, Offering.is_active)) or DEFAULT_HORIZON_DAYS
    days = min(max(horizon, 1), MAX_HORIZON_DAYS) + 1
    return now - SYNC_PAST, now + timedelta(days=days)


def _fetch(account, start: datetime, end: datetime, timeout: float | None):
    """fetch_busy, given up on after `timeout` seconds (the thread finishes on its own)."""
    from calendars.caldav_sync import CalDAVUnavailable, fetch_busy

    if timeout is None:
        return fetch_busy(account, start, end)
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = fetch_busy(account, start, end)
        except Exception as exc:  # noqa: BLE001  (handed to the waiting thread below)
            outcome["error"] = exc

    worker = threading.Thread(target=run, daemon=True, name="caldav-fetch")
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise CalDAVUnavailable(f"keine Antwort innerhalb von {timeout:g} Sekunden")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _snapshot(session: Session, staff_id: int, now: datetime, secret_key: str | None,
              timeout: float | None) -> _Read | None:
    """What a read of the calendar needs, as plain values (the connection freshly loaded)."""
    connection = session.scalar(
        select(CalDAVConnection).where(CalDAVConnection.staff_id == staff_id)
        .execution_options(populate_existing=True))
    if connection is None:
        return None
    start, end = sync_window(session, staff_id, now)
    try:
        account = account_of(connection, secret_key, timeout)
    except SecretUnreadable as exc:
        return _Read(connection.id, staff_id, None, start, end, str(exc))
    return _Read(connection.id, staff_id, account, start, end, None)


def refresh_calendar(session: Session, staff_id: int, now: datetime, *,
                     timeout: float | None = None, secret_key: str | None = None) -> bool:
    """Reads one person's calendar and replaces their cached busy times; False on failure.

    The session must hold no uncommitted change (see transactions.end_read): it reads the
    account in a short transaction and commits, asks the server with no transaction open,
    and writes the cache (or the error) in a second short transaction that it commits.
    So a slow server holds no database lock, and the new cache stays even if the caller
    commits nothing afterwards.

    The caller's own session is used rather than a second one on purpose: on SQLite the
    caller's open transaction holds the write lock (BEGIN IMMEDIATE), so a second session
    would wait for its own caller; the caller's transaction has to end first either way.
    """
    from calendars.caldav_sync import CalDAVError

    if not end_read(session):
        raise RuntimeError("refresh_calendar needs a session without uncommitted changes")
    read = _snapshot(session, staff_id, now, secret_key, timeout)
    session.commit()
    if read is None:
        return False
    fetched, error = None, read.error
    if read.account is not None:
        try:
            fetched = _fetch(read.account, read.start, read.end, timeout)  # no transaction open
        except CalDAVError as exc:
            error = str(exc)
    connection = session.get(CalDAVConnection, read.connection_id, populate_existing=True)
    if connection is None or connection.staff_id != staff_id:
        session.commit()
        return False  # disconnected (or replaced) while the server answered
    if fetched is None:
        record_error(connection, f"Kalender nicht lesbar: {error}", now)
        session.commit()
        return False
    own = [Interval(e.starts_at, e.ends_at) for e in session.scalars(
        select(CalDAVEntry).where(CalDAVEntry.staff_id == staff_id)
        .execution_options(populate_existing=True))]
    foreign = subtract((Interval(s, e) for s, e in fetched if e > s), own)
    session.execute(delete(BusyInterval).where(BusyInterval.staff_id == staff_id))
    session.add_all(BusyInterval(staff_id=staff_id, starts_at=iv.start, ends_at=iv.end,
                                 fetched_at=now) for iv in foreign)
    connection.last_sync_at = now
    connection.last_error = None
    connection.last_error_at = None
    session.commit()
    return True


def is_fresh(connection: CalDAVConnection, now: datetime, within: timedelta) -> bool:
    return connection.last_sync_at is not None and now - connection.last_sync_at <= within


def _failed_lately(connection: CalDAVConnection, now: datetime) -> bool:
    return (connection.last_error_at is not None
            and now - RETRY_AFTER < connection.last_error_at <= now)


def refresh_if_stale(session: Session, staff_id: int, now: datetime, *,
                     timeout: float | None = LAZY_TIMEOUT) -> CalDAVConnection | None:
    """Refreshes the person's cache if it is older than REFRESH_AFTER and the caller's
    transaction has only read (it is ended first); returns the connection, if any.

    A transaction that has already written is not ended: the cache is then used as it is,
    on the terms of calendar_busy. Callers that write before they search (a move) call
    this first, while their transaction is still clean.
    """
    connection = connection_of(session, staff_id)
    if connection is None or is_fresh(connection, now, REFRESH_AFTER) \
            or _failed_lately(connection, now):
        return connection
    if end_read(session):
        refresh_calendar(session, staff_id, now, timeout=timeout)
        connection = connection_of(session, staff_id)  # the same object, now up to date
    return connection


def calendar_busy(session: Session, staff_id: int, start: datetime, end: datetime,
                  now: datetime, *, timeout: float | None = LAZY_TIMEOUT) -> list[Interval] | None:
    """The person's CalDAV busy times in [start, end), or None: unknown, offer nothing.

    Without a connected calendar there is nothing to add. A stale cache is refreshed on
    the spot (refresh_if_stale: outside the caller's transaction, committed on its own, so
    a GET of the slot page keeps the fresh cache). A cache that could not be refreshed is
    trusted for FRESH_FOR, or for good if the office allowed booking while unreachable.
    """
    connection = refresh_if_stale(session, staff_id, now, timeout=timeout)
    if connection is None:
        return []
    if not is_fresh(connection, now, FRESH_FOR) and not connection.allow_booking_when_unreachable:
        return None
    rows = session.scalars(select(BusyInterval).where(
        BusyInterval.staff_id == staff_id, BusyInterval.starts_at < end,
        BusyInterval.ends_at > start))
    return [Interval(r.starts_at, r.ends_at) for r in rows]


@dataclass(frozen=True)
class SyncOutcome:
    email: str
    ok: bool
    busy: int
    error: str | None


def sync_all(session: Session, now: datetime | None = None, *,
             timeout: float | None = None) -> list[SyncOutcome]:
    """Refreshes every connected calendar, each in short transactions of its own.

    No transaction is open while a server is asked (refresh_calendar), so `caldav sync`
    against a slow server never holds up bookings.
    """
    now = now or datetime.now(UTC)
    outcomes = []
    staff_ids = list(session.scalars(
        select(CalDAVConnection.staff_id).order_by(CalDAVConnection.id)))
    session.commit()
    for staff_id in staff_ids:
        ok = refresh_calendar(session, staff_id, now, timeout=timeout)
        connection = connection_of(session, staff_id)
        if connection is not None:
            count = session.scalar(select(func.count()).select_from(BusyInterval).where(
                BusyInterval.staff_id == staff_id))
            outcomes.append(SyncOutcome(connection.staff.email, ok, count,
                                        connection.last_error))
        session.commit()
    return outcomes
