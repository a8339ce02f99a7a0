"""Sessions, statistics and the room overview on SQLite and PostgreSQL alike."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from scheduler_app.models import Booking, BookingStatus, Mode, Role
from scheduler_app.services.auth import end_sessions, load_session_user
from scheduler_app.services.room_overview import room_overview
from scheduler_app.services.statistics import month_counts, published_statistics
from scheduler_app.domain.time import local_date

START = datetime(2027, 3, 1, 8, tzinfo=UTC)  # a Monday; 09:00 in Berlin


def _booking(session, offering, start, status=BookingStatus.CONFIRMED, name="Kind"):
    booking = Booking(offering=offering, staff_id=offering.staff_id,
                      room_id=offering.rooms[0].id if offering.rooms else None,
                      mode=Mode.IN_PERSON, starts_at=start, ends_at=start + timedelta(minutes=30),
                      status=status, booker_name=name, manage_token_hash=uuid.uuid4().hex)
    if status != BookingStatus.CANCELLED:
        booking.claim_time()
    session.add(booking)
    session.commit()
    return booking


def test_session_version_ends_sessions(any_session, any_factory):
    staff = any_factory.staff(Role.COUNSELLOR)
    session_id = staff.get_id()
    assert load_session_user(any_session, session_id) is staff
    end_sessions(staff)
    any_session.commit()
    assert load_session_user(any_session, session_id) is None
    assert load_session_user(any_session, staff.get_id()) is staff
    staff.is_active = False
    any_session.commit()
    assert load_session_user(any_session, staff.get_id()) is None
    assert load_session_user(any_session, "nonsense") is None


def test_monthly_counts_and_room_overview(any_session, any_factory):
    room = any_factory.room("B0.05")
    secret = any_factory.offering(rooms=[room], confidential=True, title="Beratung")
    talk = any_factory.offering(rooms=[any_factory.room("B0.04")], title="Elterngespräch")
    for i in range(3):
        _booking(any_session, talk, START + timedelta(hours=i))
    _booking(any_session, talk, START + timedelta(days=31), BookingStatus.CANCELLED)
    _booking(any_session, secret, START, BookingStatus.NO_SHOW, name="Mia")

    counts = {(c.offering, c.month): c for c in month_counts(any_session, 2027)}
    assert (counts[("Elterngespräch", 3)].bookings, counts[("Elterngespräch", 4)].cancellations,
            counts[("Beratung", 3)].no_shows) == (3, 1, 1)
    shown = {(r.offering, r.month): r for r in published_statistics(any_session, 2027)}
    assert shown[("Elterngespräch", 3)].bookings == "3"
    assert shown[("Beratung", 3)].no_shows == "< 3"

    day = local_date(START)
    overview = {r.room.code: r.days[day] for r in room_overview(any_session, day, day)}
    assert [e.who for e in overview["B0.05"]] == [None]
    assert all(e.confidential for e in overview["B0.05"])
    assert len(overview["B0.04"]) == 3 and overview["B0.04"][0].who
