"""A teacher's published Elternsprechtag talks, for their private (and busy) feed."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from calendars.events import CalendarEvent

from ...models import (
    ParentsDay,
    ParentsDayAppointment,
    ParentsDayTeacher,
    SchoolClass,
    Student,
)

BUSY = "belegt"


def staff_rows(session: Session, staff_id: int, since: datetime) -> Sequence[Row]:
    """Everything the feed shows of a teacher's talks in published plans, in one query.

    The rows serve twice: hashed, they are part of the feed's validator; mapped by
    staff_events, they are the events. So whatever an event shows must be a column here.
    """
    a = ParentsDayAppointment
    return session.execute(
        select(a.id, a.event_id, a.student_id, a.teacher_id, a.starts_at, a.ends_at,
               a.created_at, ParentsDay.published_at, Student.first_name, Student.last_name,
               SchoolClass.name.label("class_name"), ParentsDayTeacher.room.label("room"))
        .join(ParentsDayTeacher, a.teacher_id == ParentsDayTeacher.id)
        .join(ParentsDay, a.event_id == ParentsDay.id)
        .join(Student, a.student_id == Student.id)
        .join(SchoolClass, Student.class_id == SchoolClass.id)
        .where(ParentsDayTeacher.staff_id == staff_id, ParentsDay.published_at.is_not(None),
               a.ends_at > since)
        .order_by(a.starts_at, a.id)).all()


def staff_events(rows: Sequence[Row], host: str, private: bool) -> list[CalendarEvent]:
    """The rows of staff_rows as events: names and room for the teacher, else "belegt"."""
    events = []
    for a in rows:
        uid = f"pd-{a.event_id}-{a.student_id}-{a.teacher_id}@{host}"
        if private:
            events.append(CalendarEvent(
                uid=uid, start=a.starts_at, end=a.ends_at,
                summary=f"Elternsprechtag: {a.first_name} {a.last_name} ({a.class_name})",
                location=a.room or None, last_modified=a.created_at))
        else:
            events.append(CalendarEvent(uid=uid.replace("@", "-busy@"), start=a.starts_at,
                                        end=a.ends_at, summary=BUSY,
                                        last_modified=a.created_at))
    return events


def rows_changed_at(rows: Sequence[Row]) -> datetime | None:
    """The latest change the rows show: an appointment made or its plan published."""
    return max((stamp for a in rows for stamp in (a.created_at, a.published_at)), default=None)
