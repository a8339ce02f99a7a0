"""CSV import of students, families and teachers as the office exports them."""
from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import func, select

from scheduler_app.domain.parentsday_csv import parse_students, parse_teachers
from scheduler_app.models import Family, ParentsDayTeacher, StaffMember, Student
from scheduler_app.services.parentsday.setup import (
    DaySpec,
    ParentsDayError,
    create_event,
    find_family,
    family_code,
    import_students,
    import_teachers,
)

# What Excel writes with "CSV (Trennzeichen-getrennt)" on a German Windows: cp1252, `;`.
EXCEL_STUDENTS = (
    "Klasse;Nachname;Vorname;Schüler-ID;E-Mail Erziehungsberechtigte;Familie\r\n"
    "5a;Müller;Jörg;1001;mueller@example.org;\r\n"
    "7b;Müller;Lüdia;1002;MUELLER@example.org;\r\n"
    "6c;Weiß;Bärbel;1003;;W-7\r\n"
    "8a;Groß;Ößen;1004;gross@example.org;W-7\r\n"
    "9a;Çelik;Zoë;1005;celik@example.org;\r\n"
).encode("cp1252")


def _event(session):
    return create_event(session, "Elternsprechtag", [DaySpec(date(2026, 12, 3), time(15),
                                                             time(18))])


def test_excel_csv_in_cp1252_with_umlauts_and_siblings(session):
    preview = parse_students(EXCEL_STUDENTS)
    assert preview.errors == [] and preview.encoding == "cp1252" and preview.delimiter == ";"
    names = sorted(f.name for f in preview.families)
    assert names == ["Familie Müller", "Familie Weiß / Groß", "Familie Çelik"]
    event = _event(session)
    counts = import_students(session, event, preview, "secret")
    assert counts == {"classes": 5, "families": 3, "students": 5}
    joerg = session.scalar(select(Student).where(Student.key == "1001"))
    assert joerg.first_name == "Jörg" and joerg.school_class.name == "5a"
    assert [s.first_name for s in joerg.family.students] == ["Jörg", "Lüdia"]
    # The family logs in with its code; the database holds only a hash of it.
    code = family_code("secret", joerg.family)
    assert code not in joerg.family.access_code_hash
    assert find_family(session, code.lower().replace("-", " ")) == joerg.family


def test_utf8_with_bom_and_commas():
    data = "\ufeffKlasse,Nachname,Vorname\n10a,Schröder,Änne\n".encode()
    preview = parse_students(data)
    assert preview.ok and preview.delimiter == "," and preview.encoding == "utf-8"
    assert preview.rows[0].last_name == "Schröder" and preview.rows[0].first_name == "Änne"


def test_broken_rows_are_reported_with_line_numbers_and_nothing_is_saved(session):
    broken = (
        "Klasse;Nachname;Vorname;Schüler-ID;E-Mail Erziehungsberechtigte\r\n"
        "5a;Müller;Jörg;1001;mueller@example.org\r\n"
        "5a;;Anna;1002;anna@example.org\r\n"
        "6b;Weiß;Tom;1001;weiss@example.org\r\n"
        "7c;Groß;Ben;1004;kein-mail\r\n"
        "8d;Kaya;Elif;1005;kaya@example.org;zu;viel\r\n"
    ).encode("cp1252")
    preview = parse_students(broken)
    assert [line for line, _ in preview.errors] == [3, 4, 5, 6]
    messages = "\n".join(m for _, m in preview.errors)
    assert "Zeile 3: „Nachname“ ist leer." in messages
    assert "Zeile 4: Schüler „1001“ steht schon in Zeile 2." in messages
    assert "Zeile 5: „kein-mail“ ist keine gültige E-Mail-Adresse." in messages
    assert "Zeile 6: 7 Spalten statt 5" in messages
    event = _event(session)
    with pytest.raises(ParentsDayError, match="nichts gespeichert"):
        import_students(session, event, preview, "secret")
    assert session.scalar(select(func.count()).select_from(Student)) == 0
    assert session.scalar(select(func.count()).select_from(Family)) == 0


def test_missing_column_is_named():
    preview = parse_students("Klasse;Name\n5a;Müller\n".encode())
    assert preview.errors == [(1, "Zeile 1: Die Spalte „Vorname“ fehlt "
                                  "(gefunden: Klasse, Name).")]


def test_teachers_with_room_late_start_early_leave_and_breaks(session):
    data = ("Kürzel;Name;E-Mail;Raum;Beginn;Ende;Pause\n"
            "mue;Frau Müller;Mueller@Schule.example;A1.12;15:30 Uhr;18.00;16:30-16:50 17:10-17:20\n"
            "BÄR;Herr Bär;baer@schule.example;;;;\n").encode("cp1252")
    preview = parse_teachers(data)
    assert preview.ok, preview.errors
    event = _event(session)
    session.add(StaffMember(email="mueller@schule.example", display_name="Frau Müller",
                            role="teacher"))
    session.commit()
    assert import_teachers(session, event, preview) == {"teachers": 2, "staff_created": 1}
    mue = session.scalar(select(ParentsDayTeacher).where(ParentsDayTeacher.code == "MUE"))
    assert mue.room == "A1.12" and mue.late_start == time(15, 30)
    assert mue.early_leave == time(18)
    assert [(b.start_time, b.end_time) for b in mue.breaks] == [
        (time(16, 30), time(16, 50)), (time(17, 10), time(17, 20))]


def test_bad_teacher_times_are_reported():
    data = ("Kürzel;Name;E-Mail;Beginn;Pause\n"
            "MUE;Frau Müller;m@schule.example;halb vier;16:50-16:30\n").encode()
    preview = parse_teachers(data)
    assert [m for _, m in preview.errors] == [
        "Zeile 2: „halb vier“ in „Beginn“ ist keine Uhrzeit (z. B. 16:30).",
        "Zeile 2: Pause „16:50-16:30“ nicht lesbar (z. B. 16:30-16:50)."]


def test_a_teacher_leaving_before_arriving_is_reported():
    data = ("Kürzel;Name;E-Mail;Beginn;Ende\n"
            "MUE;Frau Müller;m@schule.example;17:00;16:00\n").encode()
    preview = parse_teachers(data)
    assert not preview.ok and preview.rows == []
    assert [m for _, m in preview.errors] == [
        "Zeile 2: „Ende“ (16:00) liegt nicht nach „Beginn“ (17:00)."]
