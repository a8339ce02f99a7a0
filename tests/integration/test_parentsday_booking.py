"""Self-booking of leftover slots: siblings never get two talks at once or without the walk.

Runs on SQLite and PostgreSQL; the races use real threads and separate sessions.
"""
from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from scheduler_app.db import db
from scheduler_app.models import (
    AppointmentSource,
    Family,
    ParentsDay,
    ParentsDayAppointment,
    ParentsDayTeacher,
    Student,
)
from scheduler_app.services.parentsday.booking import (
    SlotTaken,
    cancel_appointment,
    claim,
    free_slots,
    local_slot,
    self_book,
)
from scheduler_app.services.parentsday.setup import ParentsDayError

from parentsday_helpers import make_event

NOW = datetime.now(UTC)


@pytest.fixture
def event(any_session):
    event = make_event(any_session, wishes_open_at=NOW - timedelta(days=9),
                       wishes_close_at=NOW - timedelta(days=5),
                       self_booking_opens_at=NOW - timedelta(days=1))
    event.published_at = NOW - timedelta(days=2)
    any_session.commit()
    return event


def _load(session, event_id):
    event = session.get(ParentsDay, event_id)
    teachers = {t.code: t for t in event.teachers}
    students = {s.key: s for s in session.scalars(select(Student)
                                                  .where(Student.event_id == event_id))}
    return event, teachers, students


def _race(app, event_id, attempts):
    """Runs each (student key, teacher code, HH:MM) booking in its own thread at once."""
    db.session.rollback()  # the test's own session must not hold SQLite's write lock
    barrier = threading.Barrier(len(attempts))
    results = [None] * len(attempts)

    def attempt(i, student_key, code, hhmm):
        with app.app_context():
            session = db.session
            barrier.wait()
            event, teachers, students = _load(session, event_id)
            student = students[student_key]
            try:
                self_book(session, student.family, student, teachers[code],
                          local_slot(event, 0, hhmm), datetime.now(UTC))
                results[i] = "ok"
            except SlotTaken:
                results[i] = "taken"

    threads = [threading.Thread(target=attempt, args=(i, *a)) for i, a in enumerate(attempts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def _count(session, event_id):
    session.expire_all()
    return len(session.scalars(select(ParentsDayAppointment)
                               .where(ParentsDayAppointment.event_id == event_id)).all())


def test_siblings_cannot_book_two_teachers_at_once(any_app, any_session, event):
    # Elif (S1) and Can (S2) are siblings: the same family, two rooms, the same time.
    for _ in range(3):
        results = _race(any_app, event.id, [("S1", "MUE", "16:30"), ("S2", "SZ", "16:30")])
        assert sorted(results) == ["ok", "taken"]
        any_session.execute(ParentsDayAppointment.__table__.delete())
        any_session.commit()


def test_siblings_need_the_walking_gap_between_rooms(any_app, any_session, event):
    # 16:30-16:40 in A1.12 and 16:40-16:50 in C0.03: no time to walk (gap 5 minutes).
    results = _race(any_app, event.id, [("S1", "MUE", "16:30"), ("S2", "SZ", "16:40")])
    assert sorted(results) == ["ok", "taken"]
    assert _count(any_session, event.id) == 1


def test_same_room_may_follow_directly_and_a_gap_is_enough(any_session, event):
    event, teachers, students = _load(any_session, event.id)
    elif_, can = students["S1"], students["S2"]
    family = elif_.family
    self_book(any_session, family, elif_, teachers["MUE"], local_slot(event, 0, "16:30"), NOW)
    # Can with the same teacher right after: same room, no walk needed.
    self_book(any_session, family, can, teachers["MUE"], local_slot(event, 0, "16:40"), NOW)
    # Another room needs the 5 minutes: 16:50 is too close, 17:00 is fine.
    with pytest.raises(SlotTaken):
        self_book(any_session, family, elif_, teachers["SZ"], local_slot(event, 0, "16:50"),
                  NOW)
    self_book(any_session, family, elif_, teachers["SZ"], local_slot(event, 0, "16:10"), NOW)
    assert _count(any_session, event.id) == 3
    starts = {s.start for s in free_slots(any_session, event, teachers["BÄR"], family)}
    assert local_slot(event, 0, "16:50") not in starts  # 16:50 would overlap the 16:40 talk
    assert local_slot(event, 0, "17:00") in starts


def test_two_families_race_for_one_slot(any_app, any_session, event):
    results = _race(any_app, event.id, [("S1", "BÄR", "16:00"), ("S3", "BÄR", "16:00")])
    assert sorted(results) == ["ok", "taken"]


def test_the_schema_refuses_what_the_checks_would_miss(any_session, event):
    """Bypassing the Python checks, the rows alone refuse a sibling clash."""
    event, teachers, students = _load(any_session, event.id)
    elif_, can = students["S1"], students["S2"]

    def appointment(student, code, hhmm):
        start = local_slot(event, 0, hhmm)
        return ParentsDayAppointment(
            event_id=event.id, family_id=student.family_id, teacher_id=teachers[code].id,
            student_id=student.id, room=teachers[code].room_key, starts_at=start,
            ends_at=start + timedelta(minutes=10), source=AppointmentSource.SELF)

    claim(any_session, appointment(elif_, "MUE", "16:30"), 5)
    any_session.commit()
    with pytest.raises(IntegrityError):
        claim(any_session, appointment(can, "SZ", "16:40"), 5)  # no walking gap
    any_session.rollback()
    with pytest.raises(IntegrityError):
        claim(any_session, appointment(can, "SZ", "16:25"), 5)  # overlaps
    any_session.rollback()
    claim(any_session, appointment(can, "SZ", "16:45"), 5)
    any_session.commit()
    assert _count(any_session, event.id) == 2


def test_cancel_frees_the_room_binding(any_session, event):
    event, teachers, students = _load(any_session, event.id)
    elif_, can = students["S1"], students["S2"]
    family = any_session.get(Family, elif_.family_id)
    first = self_book(any_session, family, elif_, teachers["MUE"],
                      local_slot(event, 0, "16:30"), NOW)
    cancel_appointment(any_session, family, first, NOW)
    # Without the cancelled talk, another room at 16:40 is fine.
    self_book(any_session, family, can, teachers["SZ"], local_slot(event, 0, "16:40"), NOW)
    assert _count(any_session, event.id) == 1


def test_self_booking_only_in_its_phase(any_session, event):
    event, teachers, students = _load(any_session, event.id)
    event.self_booking_opens_at = NOW + timedelta(days=1)
    any_session.commit()
    student = students["S3"]
    with pytest.raises(ParentsDayError, match="jetzt nicht"):
        self_book(any_session, student.family, student, teachers["MUE"],
                  local_slot(event, 0, "15:00"), NOW)


def test_breaks_late_start_and_early_leave_hold_no_free_slots(any_session, event):
    event, teachers, _students = _load(any_session, event.id)
    hhmm = {s.start for s in free_slots(any_session, event, teachers["MUE"])}
    assert local_slot(event, 0, "16:00") not in hhmm  # Frau Müller's break
    assert local_slot(event, 0, "15:50") in hhmm
    baer = {s.start for s in free_slots(any_session, event, teachers["BÄR"])}
    assert min(baer) == local_slot(event, 0, "15:30")
    sz = {s.start for s in free_slots(any_session, event, teachers["SZ"])}
    assert max(sz) == local_slot(event, 0, "16:50")
    assert isinstance(teachers["SZ"], ParentsDayTeacher)


def test_deleting_the_event_deletes_all_its_personal_data(any_session, event):
    from sqlalchemy import func

    from scheduler_app.models import Base, StaffMember
    from scheduler_app.services.parentsday.setup import delete_event

    event, teachers, students = _load(any_session, event.id)
    self_book(any_session, students["S1"].family, students["S1"], teachers["MUE"],
              local_slot(event, 0, "16:30"), NOW)
    delete_event(any_session, event)
    for table in Base.metadata.sorted_tables:
        if table.name.startswith("pd_"):
            count = any_session.scalar(select(func.count()).select_from(table))
            assert count == 0, table.name
    # The staff accounts stay: they are the school's, not the event's.
    assert any_session.scalar(select(func.count()).select_from(StaffMember)) == 3
