"""An event as an `elternsprechtag/1` instance, and a plan back into appointments."""
from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...domain.messages import N_
from ...domain.time import grid_cells, local_to_utc
from ...models import (
    AppointmentSource,
    FamilyPresence,
    FamilyRoom,
    ParentsDay,
    ParentsDayAppointment,
    ParentsDayOccupancy,
    ParentsDayTeacher,
    Student,
    Wish,
)
from ...planning.elternsprechtag import evaluate
from .setup import ParentsDayError


def _hhmm(t: time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


def family_ref(family_id: int) -> str:
    return f"F{family_id}"


def teacher_windows(event: ParentsDay, teacher: ParentsDayTeacher) -> list[tuple[date, time, time]]:
    """Each day of the event cut to the teacher's late start and early leave."""
    result = []
    for d in event.days:
        start = max(d.start_time, teacher.late_start or d.start_time)
        end = min(d.end_time, teacher.early_leave or d.end_time)
        if end > start:
            result.append((d.day, start, end))
    return result


def teacher_breaks(event: ParentsDay, teacher: ParentsDayTeacher) -> list[tuple[date, time, time]]:
    result = []
    for b in [*event.breaks, *teacher.breaks]:
        for d in event.days:
            if b.day is None or b.day == d.day:
                result.append((d.day, b.start_time, b.end_time))
    return result


def export_instance(session: Session, event: ParentsDay) -> dict:
    wishes = session.scalars(select(Wish).where(Wish.event_id == event.id)
                             .order_by(Wish.family_id, Wish.created_at, Wish.id)).all()
    students = {s.id: s for s in session.scalars(
        select(Student).where(Student.event_id == event.id))}
    teachers = {t.id: t for t in event.teachers}
    families = []
    by_family: dict[int, list[Wish]] = {}
    for w in wishes:
        by_family.setdefault(w.family_id, []).append(w)
    for family in event.families:
        requests = [{"teacher": teachers[w.teacher_id].code, "student": students[w.student_id].key,
                     "slots": 1, "priority": w.priority, "required": w.required}
                    for w in by_family.get(family.id, [])]
        if not requests:
            continue
        entry = {"id": family_ref(family.id), "name": family.name, "requests": requests}
        if family.windows:
            entry["available"] = [{"date": w.day.isoformat(), "start": _hhmm(w.start_time),
                                   "end": _hhmm(w.end_time)} for w in family.windows]
        families.append(entry)
    return {
        "format": "elternsprechtag/1",
        "name": event.name,
        "timezone": "Europe/Berlin",
        "slot_minutes": event.slot_minutes,
        "transition_minutes": event.transition_minutes,
        "days": [{"date": d.day.isoformat(), "start": _hhmm(d.start_time),
                  "end": _hhmm(d.end_time)} for d in event.days],
        "teachers": [{
            "id": t.code, "name": t.name, "room": t.room_key,
            "available": [{"date": d.isoformat(), "start": _hhmm(a), "end": _hhmm(b)}
                          for d, a, b in teacher_windows(event, t)],
            "breaks": [{"date": d.isoformat(), "start": _hhmm(a), "end": _hhmm(b)}
                       for d, a, b in teacher_breaks(event, t)],
        } for t in event.teachers],
        "families": families,
    }


def check_plan(session: Session, event: ParentsDay, plan: dict) -> dict:
    """The plan's figures against the event as it is now; German error if it does not fit."""
    if not isinstance(plan, dict):
        raise ParentsDayError(N_("Die Datei ist kein Plan (elternsprechtag-plan/1)."))
    try:
        figures = evaluate(export_instance(session, event), plan)
    except (KeyError, TypeError, ValueError) as exc:
        raise ParentsDayError(N_("Der Plan ist nicht lesbar: %(detail)s"),
                              detail=str(exc)) from exc
    if not figures["valid"]:
        shown = "; ".join(figures["errors"][:5])
        more = len(figures["errors"]) - 5
        if more > 0:
            raise ParentsDayError(N_("Der Plan passt nicht zur Veranstaltung: %(problems)s "
                                     "(und %(more)d weitere)"), problems=shown, more=more)
        raise ParentsDayError(N_("Der Plan passt nicht zur Veranstaltung: %(problems)s"),
                              problems=shown)
    return figures


def claim_rows(appointment: ParentsDayAppointment, transition_minutes: int):
    """The occupancy and presence rows of an appointment, plus the family-room rows."""
    from datetime import timedelta

    talk = grid_cells(appointment.starts_at, appointment.ends_at)
    walking = grid_cells(appointment.starts_at,
                         appointment.ends_at + timedelta(minutes=transition_minutes))
    occupancies = [ParentsDayOccupancy(resource=f"{kind}:{ref}", cell=cell)
                   for kind, ref in (("t", appointment.teacher_id), ("f", appointment.family_id))
                   for cell in talk]
    presences = [FamilyPresence(cell=cell, family_id=appointment.family_id,
                                room=appointment.room) for cell in walking]
    rooms = [(appointment.family_id, cell, appointment.room) for cell in walking]
    return occupancies, presences, rooms


def apply_plan(session: Session, event: ParentsDay, plan: dict) -> int:
    """Replaces the event's planned appointments with the plan's, in one transaction."""
    if event.published_at is not None:
        raise ParentsDayError(N_("Der Plan ist schon veröffentlicht und kann nicht mehr "
                                 "ersetzt werden."))
    check_plan(session, event, plan)
    clear_plan(session, event)
    teachers = {t.code: t for t in event.teachers}
    students = {s.key: s for s in session.scalars(
        select(Student).where(Student.event_id == event.id))}
    room_rows: dict[tuple[int, int], str] = {}
    appointments = []
    for a in plan["appointments"]:
        teacher, student = teachers[a["teacher"]], students[a["student"]]
        day = date.fromisoformat(a["date"])
        appointment = ParentsDayAppointment(
            event_id=event.id, family_id=student.family_id, teacher_id=teacher.id,
            student_id=student.id, room=teacher.room_key, source=AppointmentSource.PLAN,
            starts_at=local_to_utc(day, time.fromisoformat(a["start"])),
            ends_at=local_to_utc(day, time.fromisoformat(a["end"])))
        occupancies, presences, rooms = claim_rows(appointment, event.transition_minutes)
        appointment.occupancies, appointment.presences = occupancies, presences
        for family_id, cell, room in rooms:
            if room_rows.setdefault((family_id, cell), room) != room:
                raise ParentsDayError(N_("Im Plan fehlt einer Familie die Zeit zum Raumwechsel."))
        appointments.append(appointment)
    session.add_all(FamilyRoom(family_id=f, cell=c, room=r) for (f, c), r in room_rows.items())
    session.flush()
    session.add_all(appointments)
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise ParentsDayError(N_("Der Plan enthält Überschneidungen.")) from exc
    return len(appointments)


def clear_plan(session: Session, event: ParentsDay) -> None:
    ids = select(ParentsDayAppointment.id).where(ParentsDayAppointment.event_id == event.id)
    session.execute(delete(FamilyPresence).where(FamilyPresence.appointment_id.in_(ids)))
    session.execute(delete(ParentsDayOccupancy)
                    .where(ParentsDayOccupancy.appointment_id.in_(ids)))
    session.execute(delete(ParentsDayAppointment)
                    .where(ParentsDayAppointment.event_id == event.id))
    family_ids = select(Student.family_id).where(Student.event_id == event.id)
    session.execute(delete(FamilyRoom).where(FamilyRoom.family_id.in_(family_ids)))
    session.expire_all()


def appointment_instant(day: date, hhmm: str) -> datetime:
    return local_to_utc(day, time.fromisoformat(hhmm))
