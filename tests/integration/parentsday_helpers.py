"""A small Elternsprechtag built through the CSV import, for the integration tests."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from scheduler_app.domain.parentsday_csv import parse_students, parse_teachers
from scheduler_app.services.parentsday.setup import (
    DaySpec,
    create_event,
    import_students,
    import_teachers,
)

SECRET = "test-secret"
DAY = date(2026, 12, 3)

STUDENTS_CSV = """Klasse;Nachname;Vorname;Schüler-ID;E-Mail Erziehungsberechtigte;Familie
5a;Yilmaz;Elif;S1;yilmaz@example.org;
7b;Yilmaz;Can;S2;yilmaz@example.org;
6c;Müller;Jörg;S3;mueller@example.org;
8a;Schäfer;Anna;S4;;SCH-1
9a;Özdemir;Ömer;S5;oezdemir@example.org;SCH-1
""".encode("cp1252")

TEACHERS_CSV = """Kürzel;Name;E-Mail;Raum;Beginn;Ende;Pause
MUE;Frau Müller;mueller@schule.example;A1.12;;;16:00-16:10
BÄR;Herr Bär;baer@schule.example;B2.01;15:30;;
SZ;Frau Szymańska;szymanska@schule.example;C0.03;;17:00;
""".encode()


def make_event(session, now: datetime | None = None, **phases):
    now = now or datetime.now(UTC)
    defaults = dict(wishes_open_at=now - timedelta(days=2),
                    wishes_close_at=now + timedelta(days=2))
    defaults.update(phases)
    event = create_event(session, "Elternsprechtag Winter", [DaySpec(DAY, time(15), time(18))],
                         slot_minutes=10, transition_minutes=5, **defaults)
    teachers = parse_teachers(TEACHERS_CSV)
    assert teachers.ok, teachers.errors
    import_teachers(session, event, teachers)
    students = parse_students(STUDENTS_CSV)
    assert students.ok, students.errors
    import_students(session, event, students, SECRET)
    return event
