"""Families booking leftover slots themselves, after the plan is published.

The Python checks give a friendly answer; the rows written by claim() are what decides a
race: two sibling talks at once, or too close for the walk between rooms, cannot both be
committed, on SQLite or PostgreSQL, however the requests interleave.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import delete, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...domain.messages import N_
from ...domain.time import local_to_utc
from ...models import (
    AppointmentSource,
    Family,
    FamilyPresence,
    FamilyRoom,
    ParentsDay,
    ParentsDayAppointment,
    ParentsDayTeacher,
    Student,
)
from .instance import claim_rows, teacher_breaks, teacher_windows
from .setup import ParentsDayError


class SlotTaken(ParentsDayError):
    """Somebody else (or another talk of the family) has the time now."""


@dataclass(frozen=True)
class FreeSlot:
    start: datetime
    end: datetime


def appointments_of_event(session: Session, event: ParentsDay) -> list[ParentsDayAppointment]:
    return list(session.scalars(select(ParentsDayAppointment)
                                .where(ParentsDayAppointment.event_id == event.id)
                                .order_by(ParentsDayAppointment.starts_at)))


def appointments_of_family(session: Session, family: Family) -> list[ParentsDayAppointment]:
    return list(session.scalars(select(ParentsDayAppointment)
                                .where(ParentsDayAppointment.family_id == family.id)
                                .order_by(ParentsDayAppointment.starts_at)))


def appointments_of_teacher(session: Session,
                            teacher: ParentsDayTeacher) -> list[ParentsDayAppointment]:
    return list(session.scalars(select(ParentsDayAppointment)
                                .where(ParentsDayAppointment.teacher_id == teacher.id)
                                .order_by(ParentsDayAppointment.starts_at)))


def free_slots(session: Session, event: ParentsDay, teacher: ParentsDayTeacher,
               family: Family | None = None) -> list[FreeSlot]:
    """The teacher's free grid slots; with a family, only those the family can also take."""
    slot = timedelta(minutes=event.slot_minutes)
    gap = timedelta(minutes=event.transition_minutes)
    busy = [(a.starts_at, a.ends_at) for a in appointments_of_teacher(session, teacher)]
    busy += [(local_to_utc(d, a), local_to_utc(d, b)) for d, a, b in
             teacher_breaks(event, teacher)]
    own = appointments_of_family(session, family) if family else []
    result = []
    for d, start, end in teacher_windows(event, teacher):
        day_start = next(x.start_time for x in event.days if x.day == d)
        begin = local_to_utc(d, day_start)
        limit = local_to_utc(d, end)
        first = local_to_utc(d, start)
        t = begin
        while t + slot <= limit:
            s, e = t, t + slot
            t += slot
            if s < first or any(a < e and s < b for a, b in busy):
                continue
            if any(_too_close(s, e, teacher.room_key, a, gap) for a in own):
                continue
            result.append(FreeSlot(s, e))
    return result


def _too_close(start: datetime, end: datetime, room: str, other: ParentsDayAppointment,
               gap: timedelta) -> bool:
    if other.room == room:
        return other.starts_at < end and start < other.ends_at
    return other.starts_at < end + gap and start < other.ends_at + gap


def can_self_book(event: ParentsDay, now: datetime) -> bool:
    return event.phase(now) == "self_booking"


def self_book(session: Session, family: Family, student: Student, teacher: ParentsDayTeacher,
              start: datetime, now: datetime) -> ParentsDayAppointment:
    """Books a leftover slot for a child of the family; commits."""
    event = family.event
    if not can_self_book(event, now):
        raise ParentsDayError(N_("Freie Termine können jetzt nicht gebucht werden."))
    if student.family_id != family.id or teacher.event_id != event.id:
        raise ParentsDayError(N_("Ungültige Auswahl."))
    if session.scalar(select(ParentsDayAppointment.id).where(
            ParentsDayAppointment.student_id == student.id,
            ParentsDayAppointment.teacher_id == teacher.id)):
        raise ParentsDayError(N_("Für dieses Kind gibt es bei dieser Lehrkraft schon einen "
                                 "Termin."))
    slots = {s.start: s for s in free_slots(session, event, teacher, family)}
    if start not in slots:
        raise SlotTaken(N_("Dieser Termin ist nicht mehr frei oder liegt zu nah an einem "
                           "anderen Ihrer Gespräche."))
    appointment = ParentsDayAppointment(
        event_id=event.id, family_id=family.id, teacher_id=teacher.id, student_id=student.id,
        room=teacher.room_key, starts_at=start, ends_at=slots[start].end,
        source=AppointmentSource.SELF)
    try:
        claim(session, appointment, event.transition_minutes)
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise SlotTaken(N_("Dieser Termin wurde soeben vergeben oder liegt zu nah an einem "
                           "anderen Ihrer Gespräche.")) from exc
    return appointment


def claim(session: Session, appointment: ParentsDayAppointment, transition_minutes: int) -> None:
    """Adds the appointment with its rows; raises IntegrityError when the schema refuses it.

    The family-room row of a cell is shared by every talk of the family in that room, so an
    existing row is fine; a row for another room makes the presence's foreign key fail.
    """
    occupancies, presences, rooms = claim_rows(appointment, transition_minutes)
    _drop_unused_rooms(session, appointment.family_id)
    held = set(session.scalars(select(FamilyRoom.cell).where(
        FamilyRoom.family_id == appointment.family_id,
        FamilyRoom.cell.in_([cell for _f, cell, _r in rooms]))))
    for family_id, cell, room in rooms:
        if cell in held:
            continue
        try:
            with session.begin_nested():
                session.add(FamilyRoom(family_id=family_id, cell=cell, room=room))
        except IntegrityError:
            continue  # taken a moment ago: the presence row below decides
    appointment.occupancies, appointment.presences = occupancies, presences
    with session.begin_nested():
        session.add(appointment)


def _drop_unused_rooms(session: Session, family_id: int) -> None:
    """Family-room rows no talk uses any more (after a cancellation) would block a room."""
    used = exists().where(FamilyPresence.family_id == FamilyRoom.family_id,
                          FamilyPresence.cell == FamilyRoom.cell)
    session.execute(delete(FamilyRoom).where(FamilyRoom.family_id == family_id, ~used)
                    .execution_options(synchronize_session=False))


def cancel_appointment(session: Session, family: Family, appointment: ParentsDayAppointment,
                       now: datetime) -> None:
    """A family gives back a talk it booked itself during self-booking."""
    if appointment.family_id != family.id or appointment.source != AppointmentSource.SELF:
        raise ParentsDayError(N_("Nur selbst gebuchte Termine können hier abgesagt werden."))
    if not can_self_book(family.event, now):
        raise ParentsDayError(N_("Termine können jetzt nicht mehr abgesagt werden."))
    session.delete(appointment)
    session.flush()
    _drop_unused_rooms(session, family.id)
    session.commit()


def day_start_utc(event: ParentsDay, index: int = 0) -> datetime:
    d = event.days[index]
    return local_to_utc(d.day, d.start_time)


def local_slot(event: ParentsDay, day_index: int, hhmm: str) -> datetime:
    return local_to_utc(event.days[day_index].day, time.fromisoformat(hhmm))
