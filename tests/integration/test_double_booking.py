"""The schema refuses double bookings of a person or a room, on SQLite and PostgreSQL."""
from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from scheduler_app.db import db
from scheduler_app.models import Booking, BookingStatus, Mode, Occupancy
from scheduler_app.services.booking import (
    Booker,
    SlotTaken,
    book,
    cancel,
    move,
    new_manage_token,
)

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
# Tuesday 1 December 2026, 14:00 in Berlin (CET) is 13:00 UTC.
T14 = datetime(2026, 12, 1, 13, 0, tzinfo=UTC)


def raw_booking(offering, start, end, room=None, staff=None) -> Booking:
    """A booking written straight to the database, past every check in Python."""
    booking = Booking(offering=offering, staff_id=(staff or offering.staff).id,
                      room_id=room.id if room else None,
                      mode=Mode.IN_PERSON if room else Mode.PHONE,
                      starts_at=start, ends_at=end, booker_name="Test",
                      manage_token_hash=new_manage_token()[1])
    booking.claim_time()
    return booking


def minutes(m):
    return timedelta(minutes=m)


# These tests write past the ORM's own identity check on purpose, to reach the constraint.
bypass_orm_check = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")


@bypass_orm_check
@pytest.mark.parametrize("first,second", [
    ((0, 30), (15, 45)),   # partial overlap
    ((0, 30), (0, 30)),    # the same time
    ((0, 60), (20, 25)),   # contained, a different duration
    ((0, 45), (40, 50)),   # overlap of five minutes
])
def test_schema_refuses_overlapping_bookings_of_a_room(any_factory, any_session, first, second):
    room = any_factory.room("B0.04")
    a = any_factory.offering(rooms=[room])
    b = any_factory.offering(rooms=[room])  # another teacher, the same shared room
    any_session.add(raw_booking(a, T14 + minutes(first[0]), T14 + minutes(first[1]), room))
    any_session.commit()
    any_session.add(raw_booking(b, T14 + minutes(second[0]), T14 + minutes(second[1]), room))
    with pytest.raises(IntegrityError):
        any_session.commit()
    any_session.rollback()
    assert any_session.scalar(select(func.count(Booking.id))) == 1


@bypass_orm_check
def test_schema_refuses_overlapping_bookings_of_a_person(any_factory, any_session):
    teacher = any_factory.staff()
    in_person = any_factory.offering(staff=teacher, rooms=[any_factory.room()])
    by_phone = any_factory.offering(staff=teacher, in_person=False, phone=True)
    any_session.add(raw_booking(in_person, T14, T14 + minutes(30), in_person.rooms[0]))
    any_session.commit()
    any_session.add(raw_booking(by_phone, T14 + minutes(25), T14 + minutes(40)))
    with pytest.raises(IntegrityError):
        any_session.commit()
    any_session.rollback()


def test_adjacent_bookings_are_fine(any_factory, any_session):
    room = any_factory.room()
    offering = any_factory.offering(rooms=[room])
    any_session.add(raw_booking(offering, T14, T14 + minutes(30), room))
    any_session.add(raw_booking(offering, T14 + minutes(30), T14 + minutes(60), room))
    any_session.commit()
    assert any_session.scalar(select(func.count(Booking.id))) == 2


def test_cancelled_booking_frees_its_time(any_factory, any_session):
    room = any_factory.room()
    offering = any_factory.offering(rooms=[room])
    any_factory.weekly(offering.staff, 1, "14:00", "16:00")
    booker = Booker(name="Frau Schmidt", email="schmidt@example.org")
    first, _token = book(any_session, offering, T14, Mode.IN_PERSON, booker, NOW)
    any_session.commit()
    with pytest.raises(SlotTaken):
        book(any_session, offering, T14, Mode.IN_PERSON, booker, NOW)
    any_session.rollback()
    cancel(any_session, first, NOW)
    any_session.commit()
    assert first.status == BookingStatus.CANCELLED
    assert any_session.scalar(select(func.count()).select_from(Occupancy)) == 0
    again, _ = book(any_session, offering, T14, Mode.IN_PERSON, booker, NOW)
    any_session.commit()
    assert again.id != first.id and again.room_id == room.id


def test_a_second_room_is_used_when_the_first_is_taken(any_factory, any_session):
    e105, b005 = any_factory.room("E1.05"), any_factory.room("B0.05")
    social_worker = any_factory.offering(rooms=[e105, b005])
    counsellor = any_factory.offering(rooms=[e105])
    for offering in (social_worker, counsellor):
        any_factory.weekly(offering.staff, 1, "14:00", "16:00")
    booker = Booker(name="A")
    taken, _ = book(any_session, counsellor, T14, Mode.IN_PERSON, booker, NOW)
    moved, _ = book(any_session, social_worker, T14, Mode.IN_PERSON, booker, NOW)
    any_session.commit()
    assert (taken.room_id, moved.room_id) == (e105.id, b005.id)


def test_concurrent_bookings_of_one_slot_yield_one_booking(any_app, any_factory, any_session):
    room = any_factory.room()
    offering = any_factory.offering(rooms=[room])
    any_factory.weekly(offering.staff, 1, "14:00", "16:00")
    offering_id = offering.id
    results: list[str] = []
    barrier = threading.Barrier(20)

    def attempt(n: int) -> None:
        barrier.wait()
        with any_app.app_context():
            session = db.session
            target = session.get(type(offering), offering_id)
            try:
                book(session, target, T14, Mode.IN_PERSON, Booker(name=f"Eltern {n}"), NOW)
                session.commit()
                results.append("booked")
            except SlotTaken:
                session.rollback()
                results.append("taken")

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["booked"] + ["taken"] * 19
    assert any_session.scalar(select(func.count(Booking.id))) == 1


def test_move_is_atomic(any_factory, any_session):
    room = any_factory.room()
    offering = any_factory.offering(rooms=[room])
    any_factory.weekly(offering.staff, 1, "14:00", "16:00")
    mine, _ = book(any_session, offering, T14, Mode.IN_PERSON, Booker(name="A"), NOW)
    other, _ = book(any_session, offering, T14 + minutes(60), Mode.IN_PERSON,
                    Booker(name="B"), NOW)
    any_session.commit()
    with pytest.raises(SlotTaken):
        move(any_session, mine, T14 + minutes(60), NOW)
    any_session.rollback()
    any_session.refresh(mine)
    assert mine.starts_at == T14 and len(mine.occupancies) == 12  # 6 cells x 2
    move(any_session, mine, T14 + minutes(30), NOW)  # overlaps nothing but its old self
    any_session.commit()
    any_session.refresh(mine)
    assert (mine.starts_at, mine.sequence) == (T14 + minutes(30), 1)
    with pytest.raises(SlotTaken):  # the old time is free again, the new one is taken
        book(any_session, offering, T14 + minutes(30), Mode.IN_PERSON, Booker(name="C"), NOW)
    any_session.rollback()
    book(any_session, offering, T14, Mode.IN_PERSON, Booker(name="C"), NOW)
    any_session.commit()
    assert other.status == BookingStatus.CONFIRMED


def plain_insert(session, offering, start, end, room=None, status="confirmed"):
    """A row written with a plain SQL INSERT: no model code, no occupancy rows."""
    session.execute(insert(Booking.__table__).values(
        offering_id=offering.id, staff_id=offering.staff_id,
        room_id=room.id if room else None, mode="in_person" if room else "phone",
        starts_at=start, ends_at=end, status=status, booker_kind="parent", booker_name="SQL",
        manage_token_hash=new_manage_token()[1], sequence=0, created_at=NOW, updated_at=NOW))


@pytest.mark.parametrize("shared", ["room", "person"])
def test_table_refuses_overlapping_rows_written_with_plain_sql(any_factory, any_session,
                                                               shared):
    room = any_factory.room("B0.04")
    first = any_factory.offering(rooms=[room])
    second = (any_factory.offering(rooms=[room]) if shared == "room"
              else any_factory.offering(staff=first.staff, in_person=False, phone=True))
    plain_insert(any_session, first, T14, T14 + minutes(30), room)
    plain_insert(any_session, first, T14 + minutes(30), T14 + minutes(45), room)  # adjacent
    plain_insert(any_session, second, T14, T14 + minutes(20), status="cancelled")
    any_session.commit()
    with pytest.raises(IntegrityError):
        plain_insert(any_session, second, T14 + minutes(10), T14 + minutes(20),
                     room if shared == "room" else None)
        any_session.commit()
    any_session.rollback()
    assert any_session.scalar(select(func.count(Booking.id))) == 3
