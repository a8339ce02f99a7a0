"""A slow calendar server holds up no booking: no CalDAV request inside a transaction.

Each test keeps the stand-in server busy with a request (it answers only when released)
and books through the API meanwhile: the booking must be through while the server is still
silent. On SQLite a transaction open during the request would hold the write lock, and the
booking would wait for the server's answer.
"""
from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from calendar_helpers import HeldCalDAVServer
from public_support import berlin, next_weekday, parent_talk
from sqlalchemy import func, select

from scheduler_app.db import db
from scheduler_app.models import (
    BusyInterval,
    CalDAVConnection,
    CalDAVEntry,
    Channel,
    OutboxMessage,
    OutboxStatus,
)
from scheduler_app.services.caldav_accounts import connect_calendar
from scheduler_app.services.caldav_busy import calendar_busy, sync_all
from scheduler_app.services.caldav_push import push_due

TUESDAY = next_weekday(1)
BUSY = (berlin(TUESDAY, "15:00"), berlin(TUESDAY, "15:30"))


def _body(offering, start, name="Frau Schmidt"):
    return {"offering": offering.id, "start": start.isoformat(), "name": name,
            "email": "schmidt@example.org", "phone": None, "mode": "in_person"}


@pytest.fixture
def server():
    with HeldCalDAVServer(busy=[BUSY]) as held:
        yield held


@pytest.fixture
def teacher(any_session, any_factory, server):
    """Tuesday 14:00-16:00 parent talks; a calendar on the held server, its cache fresh."""
    offering = parent_talk(any_factory)
    connection = connect_calendar(any_session, offering.staff, server.url, "lehrkraft", "pw",
                                  datetime.now(UTC), check=False)
    connection.last_sync_at = datetime.now(UTC)  # no slot search asks the server
    any_session.commit()
    return offering


def in_background(app, work) -> tuple[threading.Thread, dict]:
    """Runs work(session) in a thread with its own app context and session."""
    outcome: dict = {}

    def run():
        with app.app_context():
            try:
                outcome["result"] = work(db.session)
            except Exception as exc:  # noqa: BLE001  (the test reports it)
                outcome["error"] = exc
            finally:
                db.session.remove()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def book_while_server_is_busy(client, server, offering, start) -> None:
    assert server.received.wait(10), "the calendar server got no request"
    created = client.post("/api/v1/bookings", json=_body(offering, start, name="Herr Yılmaz"))
    assert created.status_code == 201, created.get_json()
    assert not server.answered.is_set()  # booked while the calendar server kept silent


def test_a_slow_calendar_server_does_not_hold_up_bookings_during_a_push(
        any_app, any_session, teacher, server):
    client = any_app.test_client()
    first = client.post("/api/v1/bookings", json=_body(teacher, berlin(TUESDAY, "14:00")))
    assert first.status_code == 201
    thread, outcome = in_background(any_app, push_due)
    try:
        book_while_server_is_busy(client, server, teacher, berlin(TUESDAY, "14:30"))
    finally:
        server.release.set()
        thread.join(30)
    assert "error" not in outcome, outcome
    assert outcome["result"].sent == 1
    any_session.expire_all()
    assert push_due(any_session).sent == 1  # the booking made meanwhile, on the next run
    assert [method for method, _ in server.requests] == ["PUT", "PUT"]
    assert any_session.scalar(select(func.count()).select_from(CalDAVEntry)) == 2
    statuses = any_session.scalars(select(OutboxMessage.status).where(
        OutboxMessage.channel == Channel.CALDAV))
    assert set(statuses) == {OutboxStatus.SENT}


def test_a_slow_calendar_server_does_not_hold_up_bookings_during_a_sync(
        any_app, any_session, teacher, server):
    thread, outcome = in_background(any_app, sync_all)
    try:
        book_while_server_is_busy(any_app.test_client(), server, teacher,
                                  berlin(TUESDAY, "14:00"))
    finally:
        server.release.set()
        thread.join(30)
    assert "error" not in outcome, outcome
    (synced,) = outcome["result"]
    assert synced.ok and synced.busy == 1
    any_session.expire_all()
    (busy,) = any_session.scalars(select(BusyInterval))
    assert (busy.starts_at, busy.ends_at) == BUSY


def test_a_slot_search_waiting_for_a_calendar_holds_up_no_booking(
        any_app, any_session, any_factory, teacher, server):
    """A search refreshing a stale cache waits for the server outside any transaction."""
    other = parent_talk(any_factory, room=any_factory.room("B0.05"))
    any_session.scalar(select(CalDAVConnection)).last_sync_at = None  # stale: the search asks
    any_session.commit()
    staff_id, now = teacher.staff_id, datetime.now(UTC)

    def search(session):
        return calendar_busy(session, staff_id, now, now + timedelta(days=14), now,
                             timeout=30)

    thread, outcome = in_background(any_app, search)
    try:
        book_while_server_is_busy(any_app.test_client(), server, other,
                                  berlin(TUESDAY, "14:00"))
    finally:
        server.release.set()
        thread.join(30)
    assert "error" not in outcome, outcome
    assert [(b.start, b.end) for b in outcome["result"]] == [BUSY]


def test_a_busy_cache_refreshed_while_showing_slots_is_kept(any_app, any_session, teacher,
                                                            server):
    """Showing the slot page writes nothing else and commits nothing: the cache stays."""
    server.release.set()  # answers at once
    any_session.scalar(select(CalDAVConnection)).last_sync_at = None
    any_session.commit()
    client = any_app.test_client()
    page = client.get(f"/angebot/{teacher.id}")
    assert page.status_code == 200
    assert [method for method, _ in server.requests] == ["REPORT"]
    # The test client shares this thread's session with the test: end it the way a request
    # that commits nothing ends, by rolling back.
    any_session.rollback()
    (busy,) = any_session.scalars(select(BusyInterval))
    assert (busy.starts_at, busy.ends_at) == BUSY
    assert any_session.scalar(select(CalDAVConnection)).last_sync_at is not None
    slots = client.get(f"/api/v1/offerings/{teacher.id}/slots?from={TUESDAY}&to={TUESDAY}")
    starts = [datetime.fromisoformat(s["start"]) for s in slots.get_json()]
    assert BUSY[0] not in starts and berlin(TUESDAY, "14:30") in starts
    assert [method for method, _ in server.requests] == ["REPORT"]  # the cache served it


def test_a_second_pusher_leaves_a_person_alone_while_one_of_their_updates_is_in_flight(
        any_app, any_session, any_factory, teacher, server):
    """One person's updates go one at a time, so a move never overtakes its create."""
    client = any_app.test_client()
    for hhmm in ("14:00", "14:30"):
        assert client.post("/api/v1/bookings",
                           json=_body(teacher, berlin(TUESDAY, hhmm))).status_code == 201
    with HeldCalDAVServer() as quick:
        quick.release.set()
        colleague = parent_talk(any_factory, room=any_factory.room("B0.05"))
        connect_calendar(any_session, colleague.staff, quick.url, "kollegin", "pw",
                         datetime.now(UTC), check=False)
        any_session.scalar(select(CalDAVConnection).where(
            CalDAVConnection.staff_id == colleague.staff_id)).last_sync_at = datetime.now(UTC)
        any_session.commit()
        assert client.post("/api/v1/bookings",
                           json=_body(colleague, berlin(TUESDAY, "14:00"))).status_code == 201
        thread, outcome = in_background(any_app, push_due)
        try:
            assert server.received.wait(10)
            second = push_due(any_session)  # the colleague's update only
            assert (second.sent, second.retrying, second.failed) == (1, 0, 0)
            assert len(server.requests) == 1 and len(quick.requests) == 1
        finally:
            server.release.set()
            thread.join(30)
    assert "error" not in outcome, outcome
    assert outcome["result"].sent == 2  # both of the teacher's, one after the other
    assert [method for method, _ in server.requests] == ["PUT", "PUT"]

