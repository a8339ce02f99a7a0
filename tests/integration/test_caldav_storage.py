"""CalDAV connections and queued calendar updates, stored on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from calendar_helpers import berlin
from sqlalchemy import select

from scheduler_app.models import (
    Booking,
    CalDAVConnection,
    Channel,
    Mode,
    OutboxMessage,
)
from scheduler_app.services.booking import Booker, book, cancel, move
from scheduler_app.services.caldav_accounts import connect_calendar, disconnect_calendar
from scheduler_app.services.caldav_push import backoff
from scheduler_app.services.crypto import decrypt

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
BOOKER = Booker("Erika Mustermann", email="eltern@example.org")


def topics(session) -> list[str]:
    return list(session.scalars(select(OutboxMessage.topic).where(
        OutboxMessage.channel == Channel.CALDAV).order_by(OutboxMessage.id)))


def offline_connection(session, staff):
    """A connection whose busy cache counts as fresh, so no server is asked."""
    connection = connect_calendar(session, staff, "https://cal.example/lehrkraft/",
                                  "lehrkraft", "geheim-123", NOW, check=False,
                                  secret_key="test-secret")
    connection.last_sync_at = NOW
    session.commit()
    return connection


def test_password_is_stored_encrypted(any_session, any_factory):
    staff = any_factory.staff()
    offline_connection(any_session, staff)
    stored = any_session.scalar(select(CalDAVConnection))
    assert "geheim" not in stored.password_encrypted
    assert decrypt(stored.password_encrypted, "test-secret") == "geheim-123"


def test_booking_changes_queue_calendar_updates_in_the_same_transaction(
        any_session, any_factory):
    offering = any_factory.offering(rooms=[any_factory.room()])
    any_factory.weekly(offering.staff, 1, "09:00", "12:00")
    offline_connection(any_session, offering.staff)

    book(any_session, offering, berlin(2027, 2, 9, 9), Mode.IN_PERSON, BOOKER, NOW)
    any_session.rollback()  # a booking rolled back leaves no calendar update behind
    assert topics(any_session) == []
    assert any_session.scalars(select(Booking)).all() == []

    booking, _ = book(any_session, offering, berlin(2027, 2, 9, 9), Mode.IN_PERSON, BOOKER,
                      NOW)
    any_session.commit()
    move(any_session, booking, berlin(2027, 2, 9, 10), NOW)
    any_session.commit()
    cancel(any_session, booking, NOW)
    any_session.commit()
    assert topics(any_session) == ["caldav_put", "caldav_put", "caldav_delete"]
    messages = any_session.scalars(select(OutboxMessage)).all()
    assert {(m.booking_id, m.staff_id) for m in messages} == {(booking.id, offering.staff_id)}


def test_no_calendar_no_updates_and_connecting_later_queues_future_bookings(
        any_session, any_factory):
    offering = any_factory.offering(rooms=[any_factory.room()])
    any_factory.weekly(offering.staff, 1, "09:00", "12:00")
    kept, _ = book(any_session, offering, berlin(2027, 2, 9, 9), Mode.IN_PERSON, BOOKER, NOW)
    gone, _ = book(any_session, offering, berlin(2027, 2, 9, 10), Mode.IN_PERSON, BOOKER, NOW)
    cancel(any_session, gone, NOW)
    any_session.commit()
    assert topics(any_session) == []

    offline_connection(any_session, offering.staff)
    assert [(m.topic, m.booking_id) for m in any_session.scalars(select(OutboxMessage))] == [
        ("caldav_put", kept.id)]
    assert disconnect_calendar(any_session, offering.staff)
    any_session.commit()
    assert topics(any_session) == []  # pending updates to a disconnected calendar are dropped


def test_backoff_grows_and_is_capped():
    assert [backoff(n) for n in (1, 2, 3)] == [timedelta(minutes=m) for m in (1, 2, 4)]
    assert backoff(30) == timedelta(hours=1)


def test_a_silent_calendar_server_costs_a_slot_search_only_the_short_timeout(
        session, factory):
    import socket
    import time

    from scheduler_app.services.caldav_busy import calendar_busy

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()  # accepts connections, never answers
    try:
        staff = factory.staff()
        connect_calendar(session, staff, f"http://127.0.0.1:{silent.getsockname()[1]}/k/",
                         "k", "pw", NOW, check=False, secret_key="test-secret")
        session.commit()
        started = time.monotonic()
        assert calendar_busy(session, staff.id, NOW, NOW + timedelta(days=7), NOW,
                             timeout=0.5) is None
        assert time.monotonic() - started < 2
        connection = session.scalar(select(CalDAVConnection))
        assert "Kalender nicht lesbar" in connection.last_error
        # Right after a failure the next search does not wait again.
        started = time.monotonic()
        assert calendar_busy(session, staff.id, NOW, NOW + timedelta(days=7),
                             NOW + timedelta(seconds=10), timeout=0.5) is None
        assert time.monotonic() - started < 0.2
    finally:
        silent.close()
