"""Setting up an Elternsprechtag: the event, imported people, access codes and wishes."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ...domain.messages import N_, UserError
from ...domain.parentsday_codes import derive_code, hash_code
from ...domain.parentsday_csv import Preview
from .. import throttle
from ...models import (
    Family,
    FamilyWindow,
    ParentsDay,
    ParentsDayBreak,
    ParentsDayDay,
    ParentsDayTeacher,
    Role,
    SchoolClass,
    StaffMember,
    Student,
    Wish,
)


class ParentsDayError(UserError):
    """A request the event's rules refuse; the message is German, translated by the views."""


@dataclass(frozen=True)
class DaySpec:
    day: date
    start: time
    end: time


def create_event(session: Session, name: str, days: list[DaySpec], slot_minutes: int = 10,
                 transition_minutes: int = 5, breaks: list[tuple[time, time]] = (),
                 **phases: datetime | None) -> ParentsDay:
    if slot_minutes not in (10, 15):
        raise ParentsDayError(N_("Ein Gespräch dauert 10 oder 15 Minuten."))
    if not days:
        raise ParentsDayError(N_("Bitte mindestens einen Tag angeben."))
    for i, spec in enumerate(days):
        if spec.end <= spec.start:
            raise ParentsDayError(N_("Am %(day)s endet der Tag vor seinem Beginn."),
                                  day=f"{spec.day:%d.%m.%Y}")
        if any(other.day == spec.day for other in days[:i]):
            raise ParentsDayError(N_("Der %(day)s ist zweimal angegeben."),
                                  day=f"{spec.day:%d.%m.%Y}")
    _check_phases(phases.get("wishes_open_at"), phases.get("wishes_close_at"))
    event = ParentsDay(name=name, slot_minutes=slot_minutes,
                       transition_minutes=transition_minutes, **phases)
    event.days = [ParentsDayDay(day=d.day, start_time=d.start, end_time=d.end) for d in days]
    session.add(event)
    session.flush()
    for start, end in breaks:
        session.add(ParentsDayBreak(event_id=event.id, start_time=start, end_time=end))
    session.commit()
    return event


def _check_phases(wishes_open_at: datetime | None, wishes_close_at: datetime | None) -> None:
    if wishes_open_at and wishes_close_at and wishes_close_at <= wishes_open_at:
        raise ParentsDayError(N_("„Wünsche möglich bis“ muss nach „Wünsche möglich ab“ "
                                 "liegen."))


def update_event(session: Session, event: ParentsDay, **fields) -> None:
    _check_phases(fields.get("wishes_open_at", event.wishes_open_at),
                  fields.get("wishes_close_at", event.wishes_close_at))
    for name, value in fields.items():
        setattr(event, name, value)
    session.commit()


def family_code(secret: str, family: Family) -> str:
    return derive_code(secret, family.event_id, family.key, family.code_version)


def find_family(session: Session, code: str) -> Family | None:
    return session.scalar(select(Family).where(Family.access_code_hash == hash_code(code)))


def family_for_code(session: Session, code: str, *, ip: str | None,
                    policy: throttle.Policy, now: datetime) -> Family | None:
    """`find_family` at the families' sign-in, throttled per client IP.

    Raises throttle.Throttled without looking the code up while the IP is locked. A right
    code does not clear the IP's failures: whoever holds one real letter must not be able
    to reset the counter while guessing others. Commits.
    """
    attempt = throttle.claim(session, [
        throttle.Key(throttle.FAMILY_IP, ip or "unknown", policy.family_per_ip)],
        now, policy.keep)
    family = find_family(session, code)
    if family is not None:
        throttle.succeeded(session, attempt)
    return family


def renew_code(session: Session, secret: str, family: Family) -> str:
    """A new code for a family whose letter went astray; the old one stops working."""
    family.code_version += 1
    code = family_code(secret, family)
    family.access_code_hash = hash_code(code)
    session.commit()
    return code


def import_students(session: Session, event: ParentsDay, preview: Preview,
                    secret: str) -> dict:
    """Saves a previewed student list in one transaction: classes, families, students.

    Students already there (same id) are updated and moved to their new family.
    """
    if not preview.ok or preview.kind != "students":
        raise ParentsDayError(N_("Die Datei hat Fehler; es wurde nichts gespeichert."))
    classes = {c.name: c for c in event.classes}
    families = {f.key: f for f in event.families}
    students = {s.key: s for s in session.scalars(
        select(Student).where(Student.event_id == event.id))}
    counts = {"classes": 0, "families": 0, "students": 0}
    for group in preview.families:
        family = families.get(group.key)
        if family is None:
            family = Family(event_id=event.id, key=group.key, name=group.name,
                            email=group.email, access_code_hash="")
            family.access_code_hash = hash_code(derive_code(secret, event.id, group.key, 0))
            session.add(family)
            families[group.key] = family
            counts["families"] += 1
        else:
            family.name, family.email = group.name, group.email or family.email
        for row in group.students:
            school_class = classes.get(row.class_name)
            if school_class is None:
                school_class = classes[row.class_name] = SchoolClass(
                    event_id=event.id, name=row.class_name)
                session.add(school_class)
                counts["classes"] += 1
            student = students.get(row.key)
            if student is None:
                student = students[row.key] = Student(event_id=event.id, key=row.key)
                session.add(student)
                counts["students"] += 1
            student.first_name, student.last_name = row.first_name, row.last_name
            student.school_class, student.family = school_class, family
    session.commit()
    session.expire(event, ["families", "classes"])
    return counts


def import_teachers(session: Session, event: ParentsDay, preview: Preview) -> dict:
    """Saves a previewed teacher list; staff members are found by e-mail or created."""
    if not preview.ok or preview.kind != "teachers":
        raise ParentsDayError(N_("Die Datei hat Fehler; es wurde nichts gespeichert."))
    by_code = {t.code: t for t in event.teachers}
    counts = {"teachers": 0, "staff_created": 0}
    for row in preview.rows:
        staff = session.scalar(select(StaffMember).where(StaffMember.email == row.email))
        if staff is None:
            staff = StaffMember(email=row.email, display_name=row.name, role=Role.TEACHER)
            session.add(staff)
            counts["staff_created"] += 1
        teacher = by_code.get(row.code)
        if teacher is None:
            teacher = by_code[row.code] = ParentsDayTeacher(event_id=event.id, code=row.code,
                                                            staff=staff)
            session.add(teacher)
            counts["teachers"] += 1
        teacher.staff, teacher.room = staff, row.room
        teacher.late_start, teacher.early_leave = row.late_start, row.early_leave
        session.flush()
        teacher.breaks = [ParentsDayBreak(event_id=event.id, teacher_id=teacher.id,
                                          start_time=a, end_time=b) for a, b in row.breaks]
    session.commit()
    session.expire(event, ["teachers"])
    return counts


def delete_event(session: Session, event: ParentsDay) -> None:
    """Deletes the event with every family, student, wish and appointment of it."""
    delete_events(session, [event.id])
    session.commit()


def delete_events(session: Session, event_ids: list[int]) -> int:
    """Deletes these events with all their people, in the caller's transaction.

    A plain DELETE: the foreign keys cascade in the database, which is quicker than loading
    thousands of rows and keeps to the rule that data about minors goes when not needed.
    The session's objects may belong to the deleted rows, so they are dropped first;
    unflushed changes go with them.
    """
    if not event_ids:
        return 0
    session.expunge_all()
    return session.execute(delete(ParentsDay).where(ParentsDay.id.in_(event_ids))).rowcount


def update_participation(session: Session, teacher: ParentsDayTeacher, room: str | None,
                         late_start: time | None, early_leave: time | None,
                         breaks: list[tuple[time, time]]) -> None:
    """A teacher's room, late start, early leave and breaks, until the plan is published."""
    if teacher.event.published_at is not None:
        raise ParentsDayError(N_("Der Plan ist schon veröffentlicht; bitte wenden Sie sich "
                                 "an das Sekretariat."))
    if late_start and early_leave and early_leave <= late_start:
        raise ParentsDayError(N_("Das Ende muss nach dem Beginn liegen."))
    teacher.room = (room or "").strip()[:40] or None
    teacher.late_start, teacher.early_leave = late_start, early_leave
    teacher.breaks = [ParentsDayBreak(event_id=teacher.event_id, teacher_id=teacher.id,
                                      start_time=a, end_time=b) for a, b in breaks]
    session.commit()


def can_edit_wishes(event: ParentsDay, now: datetime, by_office: bool = False) -> bool:
    return event.published_at is None and (by_office or event.phase(now) == "wishes")


def save_wishes(session: Session, family: Family, student: Student,
                priorities: dict[int, int], now: datetime, entered_by: str = "family") -> None:
    """The family's (or the office's) wishes for one child: teacher id -> priority 0-3.

    Priority 0 removes a wish; a must-talk stays (only its teacher can drop it).
    """
    event = family.event
    if not can_edit_wishes(event, now, by_office=entered_by == "office"):
        raise ParentsDayError(N_("Wünsche können jetzt nicht mehr geändert werden."))
    if student.family_id != family.id:
        raise ParentsDayError(N_("Dieses Kind gehört nicht zu dieser Familie."))
    teachers = {t.id for t in event.teachers}
    existing = {w.teacher_id: w for w in family.wishes if w.student_id == student.id}
    for teacher_id, priority in priorities.items():
        if teacher_id not in teachers or priority not in (0, 1, 2, 3):
            raise ParentsDayError(N_("Ungültige Auswahl."))
        wish = existing.get(teacher_id)
        if priority == 0:
            if wish is not None and wish.required:
                wish.wanted_by_family = False
            elif wish is not None:
                session.delete(wish)
            continue
        if wish is None:
            wish = Wish(event_id=event.id, family=family, student_id=student.id,
                        teacher_id=teacher_id, entered_by=entered_by)
            session.add(wish)
        wish.priority, wish.wanted_by_family = priority, True
    session.commit()


def save_windows(session: Session, family: Family, windows: list[DaySpec],
                 now: datetime, by_office: bool = False) -> None:
    """The times the family can come; none means any time of the event."""
    if not can_edit_wishes(family.event, now, by_office):
        raise ParentsDayError(N_("Die Zeiten können jetzt nicht mehr geändert werden."))
    for w in windows:
        if w.end <= w.start:
            raise ParentsDayError(N_("„bis“ muss nach „von“ liegen."))
    family.windows = [FamilyWindow(day=w.day, start_time=w.start, end_time=w.end)
                      for w in windows]
    session.commit()


def set_required(session: Session, teacher: ParentsDayTeacher, student: Student,
                 required: bool) -> Wish | None:
    """A teacher asks for (or drops) a talk with a student's family: the family is told."""
    if student.event_id != teacher.event_id:
        raise ParentsDayError(N_("Diese Schülerin oder dieser Schüler ist nicht dabei."))
    if teacher.event.published_at is not None:
        raise ParentsDayError(N_("Der Plan ist schon veröffentlicht."))
    wish = session.scalar(select(Wish).where(Wish.student_id == student.id,
                                             Wish.teacher_id == teacher.id))
    if wish is None and required:
        wish = Wish(event_id=teacher.event_id, family_id=student.family_id,
                    student_id=student.id, teacher_id=teacher.id, priority=3, required=True,
                    wanted_by_family=False, entered_by="teacher")
        session.add(wish)
    elif wish is not None and not required and not wish.wanted_by_family:
        session.delete(wish)
        wish = None
    elif wish is not None:
        wish.required = required
    session.commit()
    return wish
