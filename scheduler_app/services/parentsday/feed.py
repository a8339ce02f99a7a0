"""A teacher's published Elternsprechtag talks, for their private (and busy) feed."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from calendars.events import CalendarEvent

from ...models import ParentsDay, ParentsDayAppointment, ParentsDayTeacher

BUSY = "belegt"


def staff_events(session: Session, staff_id: int, host: str, private: bool,
                 since: datetime) -> tuple[list[CalendarEvent], datetime | None]:
    """Events of published plans only; the latest change (publication or booking)."""
    query = (select(ParentsDayAppointment)
             .join(ParentsDayTeacher, ParentsDayAppointment.teacher_id == ParentsDayTeacher.id)
             .join(ParentsDay, ParentsDayAppointment.event_id == ParentsDay.id)
             .where(ParentsDayTeacher.staff_id == staff_id, ParentsDay.published_at.is_not(None),
                    ParentsDayAppointment.ends_at > since))
    events = []
    for a in session.scalars(query.order_by(ParentsDayAppointment.starts_at)):
        uid = f"pd-{a.event_id}-{a.student_id}-{a.teacher_id}@{host}"
        if private:
            events.append(CalendarEvent(
                uid=uid, start=a.starts_at, end=a.ends_at,
                summary=f"Elternsprechtag: {a.student.first_name} {a.student.last_name} "
                        f"({a.student.school_class.name})",
                location=a.teacher.room or None, last_modified=a.created_at))
        else:
            events.append(CalendarEvent(uid=uid.replace("@", "-busy@"), start=a.starts_at,
                                        end=a.ends_at, summary=BUSY,
                                        last_modified=a.created_at))
    latest = session.scalar(
        select(func.max(ParentsDayAppointment.created_at))
        .select_from(ParentsDayAppointment)
        .join(ParentsDayTeacher, ParentsDayAppointment.teacher_id == ParentsDayTeacher.id)
        .join(ParentsDay, ParentsDayAppointment.event_id == ParentsDay.id)
        .where(ParentsDayTeacher.staff_id == staff_id, ParentsDay.published_at.is_not(None)))
    published = session.scalar(
        select(func.max(ParentsDay.published_at)).join(
            ParentsDayTeacher, ParentsDayTeacher.event_id == ParentsDay.id)
        .where(ParentsDayTeacher.staff_id == staff_id))
    return events, max(filter(None, [latest, published]), default=None)
