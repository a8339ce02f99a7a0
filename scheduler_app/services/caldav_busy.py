"""Busy times from staff members' CalDAV calendars, cached in the database for the slots.

`flask caldav sync` refreshes every connected calendar (run it from cron every few
minutes); the slot search refreshes a stale cache itself with a short timeout. Sprechzeit's
own pushed events are subtracted, so a booking never blocks its own move.

When a calendar cannot be read and the cache is not fresh, the person's slots are not
offered (`None` from calendar_busy), unless the office allowed booking in that case.
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

REFRESH_AFTER = timedelta(minutes=5)  # older caches are refreshed by the slot search
FRESH_FOR = timedelta(minutes=30)  # a cache this young is trusted while the server is down
LAZY_TIMEOUT = 3.0  # seconds a slot search waits for a calendar server
RETRY_AFTER = timedelta(minutes=1)  # after a failed read, searches do not wait again at once
SYNC_PAST = timedelta(days=1)
DEFAULT_HORIZON_DAYS = 56
MAX_HORIZON_DAYS = 400


class _Timeout(Exception):
    pass


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


def refresh_busy(session: Session, connection: CalDAVConnection, now: datetime, *,
                 timeout: float | None = None, secret_key: str | None = None) -> bool:
    """Replaces the cached busy times of one calendar; on failure keeps them and the error.

    Does not commit.
    """
    from calendars.caldav_sync import CalDAVError

    start, end = sync_window(session, connection.staff_id, now)
    try:
        fetched = _fetch(account_of(connection, secret_key, timeout), start, end, timeout)
    except (CalDAVError, SecretUnreadable) as exc:
        record_error(connection, f"Kalender nicht lesbar: {exc}", now)
        session.flush()
        return False
    own = [Interval(e.starts_at, e.ends_at) for e in session.scalars(
        select(CalDAVEntry).where(CalDAVEntry.staff_id == connection.staff_id))]
    foreign = subtract((Interval(s, e) for s, e in fetched if e > s), own)
    session.execute(delete(BusyInterval).where(BusyInterval.staff_id == connection.staff_id))
    session.add_all(BusyInterval(staff_id=connection.staff_id, starts_at=iv.start,
                                 ends_at=iv.end, fetched_at=now) for iv in foreign)
    connection.last_sync_at = now
    connection.last_error = None
    connection.last_error_at = None
    session.flush()
    return True


def is_fresh(connection: CalDAVConnection, now: datetime, within: timedelta) -> bool:
    return connection.last_sync_at is not None and now - connection.last_sync_at <= within


def calendar_busy(session: Session, staff_id: int, start: datetime, end: datetime,
                  now: datetime, *, timeout: float | None = LAZY_TIMEOUT) -> list[Interval] | None:
    """The person's CalDAV busy times in [start, end), or None: unknown, offer nothing.

    Without a connected calendar there is nothing to add. A stale cache is refreshed on
    the spot (in a savepoint of the caller's transaction, which commits it or not).
    """
    connection = connection_of(session, staff_id)
    if connection is None:
        return []
    if not is_fresh(connection, now, REFRESH_AFTER):
        failed_lately = (connection.last_error_at is not None
                         and now - RETRY_AFTER < connection.last_error_at <= now)
        refreshed = False
        if not failed_lately:
            with session.begin_nested():
                refreshed = refresh_busy(session, connection, now, timeout=timeout)
        if not refreshed and not is_fresh(connection, now, FRESH_FOR) \
                and not connection.allow_booking_when_unreachable:
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
    """Refreshes every connected calendar, committing each on its own."""
    now = now or datetime.now(UTC)
    outcomes = []
    ids = list(session.scalars(select(CalDAVConnection.id).order_by(CalDAVConnection.id)))
    for connection_id in ids:
        connection = session.get(CalDAVConnection, connection_id)
        ok = refresh_busy(session, connection, now, timeout=timeout)
        count = session.scalar(select(func.count()).select_from(BusyInterval).where(
            BusyInterval.staff_id == connection.staff_id))
        outcomes.append(SyncOutcome(connection.staff.email, ok, count, connection.last_error))
        session.commit()
    return outcomes

