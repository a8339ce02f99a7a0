"""Connecting a staff member's own CalDAV calendar, and the account the library needs."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..domain.messages import N_, UserError
from ..models import (
    Booking,
    BookingStatus,
    BusyInterval,
    CalDAVConnection,
    CalDAVEntry,
    Channel,
    OutboxMessage,
    OutboxStatus,
    StaffMember,
)
from .crypto import decrypt, encrypt

ERROR_LENGTH = 500


class ConnectionRefused(UserError):
    """The calendar could not be connected; the message says why, in German."""


def connection_of(session: Session, staff_id: int) -> CalDAVConnection | None:
    return session.scalar(select(CalDAVConnection).where(CalDAVConnection.staff_id == staff_id))


def account_of(connection: CalDAVConnection, secret_key: str | None = None,
               timeout: float | None = None):
    """The library's account value, with the password decrypted just for this use."""
    from calendars.caldav_sync import CalDAVAccount

    account = CalDAVAccount(url=connection.url, username=connection.username,
                            password=decrypt(connection.password_encrypted, secret_key))
    return account if timeout is None else replace(account, timeout=timeout)


def record_error(connection: CalDAVConnection, message: str, now: datetime) -> None:
    connection.last_error = message[:ERROR_LENGTH]
    connection.last_error_at = now


def connect_calendar(session: Session, staff: StaffMember, url: str, username: str,
                     password: str, now: datetime, *, secret_key: str | None = None,
                     check: bool = True) -> CalDAVConnection:
    """Stores (or replaces) the staff member's calendar after checking that it answers.

    Every future booking is queued for pushing, so the calendar is complete from the start.
    """
    url, username = url.strip(), username.strip()
    if not url.startswith(("https://", "http://")):
        raise ConnectionRefused(
            N_("Die Kalender-Adresse muss mit https:// (oder http://) beginnen."))
    if check:
        from calendars.caldav_sync import CalDAVAccount, CalDAVError, check_connection

        from .transactions import end_read

        end_read(session)  # a transaction that has only read holds no lock while we wait
        try:
            check_connection(CalDAVAccount(url=url, username=username, password=password))
        except CalDAVError as exc:
            raise ConnectionRefused(N_("Der Kalender antwortet nicht wie erwartet: %(detail)s"),
                                    detail=str(exc)) from exc
    old = connection_of(session, staff.id)
    allow = old.allow_booking_when_unreachable if old is not None else False
    if old is not None:
        _forget(session, old)
    connection = CalDAVConnection(staff_id=staff.id, url=url, username=username,
                                  password_encrypted=encrypt(password, secret_key),
                                  allow_booking_when_unreachable=allow, created_at=now)
    session.add(connection)
    session.flush()
    from .caldav_push import enqueue_calendar_update

    for booking in session.scalars(select(Booking).where(
            Booking.staff_id == staff.id, Booking.status != BookingStatus.CANCELLED,
            Booking.ends_at > now)):
        enqueue_calendar_update(session, booking)
    return connection


def _forget(session: Session, connection: CalDAVConnection) -> None:
    """Drops what belongs to a connection; events already in the calendar stay there."""
    staff_id = connection.staff_id
    session.execute(delete(CalDAVEntry).where(CalDAVEntry.staff_id == staff_id))
    session.execute(delete(BusyInterval).where(BusyInterval.staff_id == staff_id))
    session.execute(delete(OutboxMessage).where(
        OutboxMessage.channel == Channel.CALDAV, OutboxMessage.staff_id == staff_id,
        OutboxMessage.status.in_((OutboxStatus.PENDING, OutboxStatus.LEASED))))
    session.delete(connection)
    session.flush()


def disconnect_calendar(session: Session, staff: StaffMember) -> bool:
    connection = connection_of(session, staff.id)
    if connection is None:
        return False
    _forget(session, connection)
    return True


def set_unreachable_policy(session: Session, staff: StaffMember, allow: bool) -> None:
    """The office's choice: offer this person's slots while their calendar is unreadable."""
    connection = connection_of(session, staff.id)
    if connection is None:
        raise ConnectionRefused(N_("Für diese Person ist kein Kalender verbunden."))
    connection.allow_booking_when_unreachable = allow
    session.flush()


def connections_overview(session: Session) -> list[tuple[CalDAVConnection, int, int]]:
    """Every connection with its numbers of pending and failed calendar updates."""
    rows = session.execute(
        select(OutboxMessage.staff_id, OutboxMessage.status, func.count())
        .where(OutboxMessage.channel == Channel.CALDAV,
               OutboxMessage.status != OutboxStatus.SENT)
        .group_by(OutboxMessage.staff_id, OutboxMessage.status))
    tally: dict[tuple[int, OutboxStatus], int] = {(s, st): n for s, st, n in rows}
    connections = session.scalars(
        select(CalDAVConnection).join(StaffMember).order_by(StaffMember.display_name))
    return [(c, tally.get((c.staff_id, OutboxStatus.PENDING), 0)
             + tally.get((c.staff_id, OutboxStatus.LEASED), 0),
             tally.get((c.staff_id, OutboxStatus.FAILED), 0)) for c in connections]
