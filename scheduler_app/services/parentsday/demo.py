"""The demo Elternsprechtag: an event a few weeks ahead with teachers, families and wishes.

Built through the same services the office uses (CSV import, wishes, times, must-talks),
so the demo shows what a real import produces. Created once; `seed_demo_parents_day`
finds it again by name and only hands back a family's access code.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.parentsday_codes import hash_code
from ...domain.parentsday_csv import parse_students, parse_teachers
from ...domain.time import local_date, local_to_utc
from ...models import Family, ParentsDay
from ..closures import closed_days
from .setup import (
    DaySpec,
    create_event,
    family_code,
    import_students,
    import_teachers,
    renew_code,
    save_wishes,
    save_windows,
    set_required,
)

DEMO_EVENT_NAME = "Elternsprechtag (Demo)"
# The family whose code the seed prints: two children, wishes already entered.
DEMO_FAMILY_KEY = "hoffmann@example.org"

EARLIEST_WEEKS = 3  # the event lies at least this far ahead of today
WEEKDAYS = (1, 2, 3)  # Tuesday to Thursday, as schools usually hold it
START, END = time(15, 0), time(18, 0)
BREAK = (time(16, 30), time(16, 40))

TEACHERS_CSV = """Kürzel;Name;E-Mail;Raum;Beginn;Ende;Pause
KLA;Herr Klaasen;klaasen@schule.example;A1.07;;;
MUE;Frau Müller;mueller@schule.example;A1.12;;;17:00-17:10
YIL;Frau Yılmaz;yilmaz@schule.example;B0.04;;17:30;
BEC;Herr Becker;becker@schule.example;B0.05;15:30;;
"""

STUDENTS_CSV = "Klasse;Nachname;Vorname;Schüler-ID;E-Mail Erziehungsberechtigte;" \
    "Erziehungsberechtigte\n" + """5c;Hoffmann;Mia;D-501;hoffmann@example.org;Familie Hoffmann
5c;Kowalski;Leon;D-502;kowalski@example.org;
5c;Schmidt;Emma;D-503;schmidt.familie@example.org;Katrin und Jan Schmidt
5c;Nguyen;Linh;D-504;nguyen@example.org;
5c;Wagner;Finn;D-505;wagner@example.org;
7b;Schmidt;Paul;D-701;schmidt.familie@example.org;Katrin und Jan Schmidt
7b;Demir;Zeynep;D-702;demir@example.org;Familie Demir
7b;Fischer;Lena;D-703;fischer@example.org;
7b;Janssen;Ole;D-704;janssen@example.org;
7b;Petrović;Ana;D-705;petrovic@example.org;
7b;Weber;Noah;D-706;weber@example.org;
8a;Hoffmann;Jonas;D-801;hoffmann@example.org;Familie Hoffmann
8a;Demir;Emre;D-802;demir@example.org;Familie Demir
8a;Meyer;Sophie;D-803;meyer@example.org;
8a;Brandt;Lukas;D-804;brandt@example.org;
8a;Richter;Hannah;D-805;richter@example.org;
"""

# student id -> {teacher Kürzel: priority 1-3}, as the families would enter them
FAMILY_WISHES = {
    "D-501": {"YIL": 3, "BEC": 1},
    "D-801": {"MUE": 2},
    "D-702": {"KLA": 3},
    "D-802": {"MUE": 2, "BEC": 1},
    "D-503": {"YIL": 2},
    "D-701": {"KLA": 1},
    "D-703": {"KLA": 2, "YIL": 1},
    "D-803": {"MUE": 3},
    "D-502": {"YIL": 1, "BEC": 2},
}
# Wishes a family gave the office by phone.
OFFICE_WISHES = {"D-804": {"MUE": 2, "YIL": 1}}
# Talks a teacher asks for: (Kürzel, student id).
REQUIRED = [("KLA", "D-704"), ("MUE", "D-805")]
# A family that can only come late: student id of one child -> (from, to).
WINDOWS = {"D-702": (time(16, 0), END)}


@dataclass(frozen=True)
class DemoParentsDay:
    created: bool
    name: str
    day: date
    wishes_close_at: datetime
    family_name: str | None
    family_code: str | None
    families: int
    students: int
    teachers: int


def demo_day(session: Session, today: date) -> date:
    """The first Tuesday to Thursday at least three weeks ahead on which school is open."""
    first = today + timedelta(weeks=EARLIEST_WEEKS)
    closed = closed_days(session, first, first + timedelta(days=120))
    day = first
    while day.weekday() not in WEEKDAYS or closed.is_closed(day):
        day += timedelta(days=1)
    return day


def seed_demo_parents_day(session: Session, secret: str,
                          now: datetime | None = None) -> DemoParentsDay:
    """Creates the demo event unless one of its name exists; wishes are open `now`.

    School holidays must already be loaded, so the day avoids them.
    """
    now = now or datetime.now(UTC)
    event = session.scalar(select(ParentsDay).where(ParentsDay.name == DEMO_EVENT_NAME)
                           .order_by(ParentsDay.id).limit(1))
    created = event is None
    if created:
        event = _create(session, secret, now)
    family = session.scalar(select(Family).where(Family.event_id == event.id,
                                                 Family.key == DEMO_FAMILY_KEY))
    code = None
    if family is not None:
        code = family_code(secret, family)
        if hash_code(code) != family.access_code_hash:
            # SECRET_KEY changed since the event was seeded: give the family a new code.
            code = renew_code(session, secret, family)
    students = sum(len(f.students) for f in event.families)
    return DemoParentsDay(
        created=created, name=event.name, day=event.days[0].day,
        wishes_close_at=event.wishes_close_at, family_name=family.name if family else None,
        family_code=code, families=len(event.families), students=students,
        teachers=len(event.teachers))


def _create(session: Session, secret: str, now: datetime) -> ParentsDay:
    day = demo_day(session, local_date(now))
    event = create_event(
        session, DEMO_EVENT_NAME, [DaySpec(day, START, END)], slot_minutes=10,
        transition_minutes=5, breaks=[BREAK],
        wishes_open_at=now - timedelta(days=1),
        wishes_close_at=local_to_utc(day - timedelta(days=7), time(18, 0)),
        publish_planned_at=local_to_utc(day - timedelta(days=5), time(12, 0)),
        self_booking_opens_at=local_to_utc(day - timedelta(days=4), time(12, 0)))
    teachers_preview = parse_teachers(TEACHERS_CSV.encode())
    students_preview = parse_students(STUDENTS_CSV.encode())
    assert teachers_preview.ok, teachers_preview.errors
    assert students_preview.ok, students_preview.errors
    import_teachers(session, event, teachers_preview)
    import_students(session, event, students_preview, secret)
    teachers = {t.code: t for t in event.teachers}
    students = {s.key: s for f in event.families for s in f.students}
    for wishes, entered_by in ((FAMILY_WISHES, "family"), (OFFICE_WISHES, "office")):
        for key, priorities in wishes.items():
            student = students[key]
            save_wishes(session, student.family, student,
                        {teachers[c].id: p for c, p in priorities.items()}, now,
                        entered_by=entered_by)
    for code, key in REQUIRED:
        set_required(session, teachers[code], students[key], True)
    for key, (start, end) in WINDOWS.items():
        save_windows(session, students[key].family, [DaySpec(day, start, end)], now)
    return event
