"""The Elternsprechtag pages through the test client: office, families, teachers."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from flask_login import LoginManager, UserMixin
from sqlalchemy import func, select

from scheduler_app import create_app
from scheduler_app.db import db
from scheduler_app.models import (
    Family,
    OutboxMessage,
    ParentsDay,
    ParentsDayTeacher,
    Role,
    StaffMember,
    Student,
)
from scheduler_app.services.parentsday.jobs import wait_for
from scheduler_app.services.parentsday.setup import family_code

OFFICE = "/office/elternsprechtag"
STUDENTS = ("Klasse;Nachname;Vorname;Schüler-ID;E-Mail Erziehungsberechtigte\r\n"
            "5a;Müller;Jörg;1;mueller@example.org\r\n"
            "7b;Müller;Lüdia;2;mueller@example.org\r\n"
            "6c;Weiß;Ömer;3;weiss@example.org\r\n").encode("cp1252")
TEACHERS = ("Kürzel;Name;E-Mail;Raum\n"
            "MUE;Frau Möller;moeller@schule.example;A1.12\n"
            "BAE;Herr Bär;baer@schule.example;B2.01\n").encode("cp1252")


class _User(UserMixin):
    def __init__(self, user_id):
        self.id = user_id


def ensure_login(app):
    """Sign-in comes from the workspace; without it the tests load users by id."""
    if getattr(app, "login_manager", None) is None:
        manager = LoginManager(app)
        manager.user_loader(lambda user_id: _User(int(str(user_id).split(":")[0])))


def sign_in(app, client, staff):
    ensure_login(app)
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = f"{staff.id}:{staff.session_version}"
        flask_session["_fresh"] = True


def make_staff(app, role, email):
    """Without the `session` fixture: its app context would share `g` (and Flask-Login's
    cached user) across every request of the test."""
    with app.app_context():
        staff = StaffMember(email=email, display_name=email.split("@")[0], role=role)
        db.session.add(staff)
        db.session.commit()
        return staff


@pytest.fixture
def office(app, client):
    staff = make_staff(app, Role.ADMIN, "sekretariat@schule.example")
    sign_in(app, client, staff)
    return staff


def _create_event(client, **extra):
    now = datetime.now(UTC) + timedelta(hours=1)
    data = {"name": "Elternsprechtag Winter", "day": "2026-12-03", "start": "15:00",
            "end": "18:00", "slot_minutes": "10", "transition_minutes": "5",
            "break_start": "16:30", "break_end": "16:40",
            "wishes_open_at": (now - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "wishes_close_at": (now + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")}
    data.update(extra)
    response = client.post(f"{OFFICE}/", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def _upload(client, event_id, kind, data):
    from io import BytesIO

    return client.post(f"{OFFICE}/{event_id}/import", data={
        "kind": kind, "file": (BytesIO(data), "export.csv")},
        content_type="multipart/form-data")


def _import(client, event_id, kind, data):
    preview = _upload(client, event_id, kind, data)
    assert preview.status_code == 200, preview.get_data(as_text=True)
    page = preview.get_data(as_text=True)
    content = re.search(r'<textarea name="content"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    import html

    response = client.post(f"{OFFICE}/{event_id}/import/confirm",
                           data={"kind": kind, "content": html.unescape(content)})
    assert response.status_code == 302


def test_office_pages_need_the_office_role(app, client):
    ensure_login(app)
    response = client.get(f"{OFFICE}/")
    assert response.status_code == 302 and "login" in response.headers["Location"]
    sign_in(app, client, make_staff(app, Role.TEACHER, "lehrer@schule.example"))
    assert client.get(f"{OFFICE}/").status_code == 403


def test_event_form_reports_errors_next_to_fields(client, office):
    response = client.post(f"{OFFICE}/", data={"name": "", "day": "2026-12-03",
                                                "start": "18:00", "end": "15:00",
                                                "slot_minutes": "10",
                                                "transition_minutes": "5"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Bitte einen Namen angeben." in page and "Das Ende muss nach dem Beginn liegen." in page


def test_the_same_day_twice_is_refused_not_a_server_error(app, client, office):
    response = client.post(f"{OFFICE}/", data={
        "name": "Elternsprechtag", "day": "2026-12-03", "start": "15:00", "end": "18:00",
        "day2": "2026-12-03", "start2": "16:00", "end2": "19:00", "slot_minutes": "10",
        "transition_minutes": "5"})
    assert response.status_code == 422
    assert "Der 03.12.2026 ist zweimal angegeben." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ParentsDay)) == 0


def test_broken_csv_shows_line_numbers_and_saves_nothing(app, client, office):
    event_id = _create_event(client)
    broken = STUDENTS + "8a;;Anna;4;anna@example.org\r\n".encode("cp1252")
    response = _upload(client, event_id, "students", broken)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Zeile 5: „Nachname“ ist leer." in page and "Es wurde nichts gespeichert" in page
    assert "Import bestätigen" not in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Student)) == 0


def test_import_preview_and_planning_refusals_follow_the_language(app, client, office):
    event_id = _create_event(client)
    broken = STUDENTS + "8a;;Anna;4;anna@example.org\r\n".encode("cp1252") \
        + "8a;Kaya;Elif;5;kaya@example.org;zu;viel\r\n".encode("cp1252")
    for lang, empty, columns, no_wishes in (
            ("en", "Line 5: “Nachname” is empty.",
             "Line 6: 7 columns instead of 5 – is there a separator in the text?",
             "There are no wishes to plan yet."),
            ("de", "Zeile 5: „Nachname“ ist leer.",
             "Zeile 6: 7 Spalten statt 5 – steht ein Trennzeichen im Text?",
             "Es gibt noch keine Wünsche, die geplant werden könnten.")):
        client.get(f"{OFFICE}/?lang={lang}")
        response = _upload(client, event_id, "students", broken)
        page = response.get_data(as_text=True)
        assert response.status_code == 422 and empty in page and columns in page
        planned = client.post(f"{OFFICE}/{event_id}/jobs", data={"time_limit": "5"},
                              follow_redirects=True)
        assert no_wishes in planned.get_data(as_text=True)


def test_phases_with_wishes_closing_before_they_open_are_refused(app, client, office):
    event_id = _create_event(client)
    with app.app_context():
        before = db.session.get(ParentsDay, event_id).wishes_close_at
    response = client.post(f"{OFFICE}/{event_id}/phases", data={
        "wishes_open_at": "2027-01-10T10:00", "wishes_close_at": "2027-01-01T10:00"},
        follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "„Wünsche möglich bis“ muss nach „Wünsche möglich ab“ liegen." in page
    assert "Die Termine sind gespeichert." not in page
    # what was typed stays in the form, to be corrected rather than typed again
    assert 'value="2027-01-10T10:00"' in page and 'value="2027-01-01T10:00"' in page
    with app.app_context():
        assert db.session.get(ParentsDay, event_id).wishes_close_at == before


def test_an_empty_or_huge_time_limit_is_refused_with_a_message(client, office):
    event_id = _create_event(client)
    for value, message in (("", "Bitte eine Rechenzeit angeben."),
                           ("100000", "1 bis 600 Sekunden.")):
        response = client.post(f"{OFFICE}/{event_id}/jobs", data={"time_limit": value},
                               follow_redirects=True)
        assert response.status_code == 200 and message in response.get_data(as_text=True)


def test_from_import_to_published_plan_families_and_teachers_see_the_same(app, client,
                                                                           office):
    event_id = _create_event(client)
    _import(client, event_id, "teachers", TEACHERS)
    _import(client, event_id, "students", STUDENTS)
    with app.app_context():
        event = db.session.get(ParentsDay, event_id)
        families = {f.name: f for f in event.families}
        assert set(families) == {"Familie Müller", "Familie Weiß"}
        codes = {name: family_code("test-secret", f) for name, f in families.items()}
        teachers = {t.code: t.id for t in event.teachers}
        weiss_id = families["Familie Weiß"].id

    # The Müller family signs in with its code and wishes talks for both children.
    family = app.test_client()
    response = family.post("/elternsprechtag", data={"code": codes["Familie Müller"]})
    assert response.status_code == 302
    page = family.get("/elternsprechtag/wuensche").get_data(as_text=True)
    ids = sorted(set(re.findall(r'name="p-(\d+)-\d+"', page)))
    wishes = {f"p-{ids[0]}-{teachers['MUE']}": "3", f"p-{ids[0]}-{teachers['BAE']}": "1",
              f"p-{ids[1]}-{teachers['MUE']}": "2", "from-0": "16:00", "to-0": ""}
    assert family.post("/elternsprechtag/wuensche", data=wishes).status_code == 302
    # The Weiß family phones the office.
    response = client.post(f"{OFFICE}/{event_id}/wishes", data={
        "family": weiss_id, "save": "1", f"p-0-{teachers['BAE']}": "2"})
    assert response.status_code == 302
    with app.app_context():
        student = db.session.scalars(select(Student).where(Student.key == "3")).one()
    client.post(f"{OFFICE}/{event_id}/wishes", data={
        "family": weiss_id, "save": "1", f"p-{student.id}-{teachers['BAE']}": "2"})

    response = client.post(f"{OFFICE}/{event_id}/jobs", data={"time_limit": "2"})
    job_url = response.headers["Location"]
    wait_for(int(job_url.rsplit("/", 1)[1]), 60)
    page = client.get(job_url).get_data(as_text=True)
    assert "Der Plan ist fertig." in page and 'http-equiv="refresh"' not in page
    assert client.post(f"{job_url}/apply").status_code == 302
    assert "Plan veröffentlichen" in client.get(f"{OFFICE}/{event_id}/plan").get_data(
        as_text=True)
    # Before publishing, the family sees no plan.
    assert "noch nicht veröffentlicht" in family.get("/elternsprechtag/plan").get_data(
        as_text=True)
    response = client.post(f"{OFFICE}/{event_id}/publish", follow_redirects=True)
    assert "Der Plan ist veröffentlicht; 2 Mails" in response.get_data(as_text=True)

    family_page = family.get("/elternsprechtag/plan").get_data(as_text=True)
    rows = re.findall(r"<td>(\d\d\.\d\d\.\d{4})</td>\s*<td>([\d:–]+)</td>\s*<td>([^<]+)</td>",
                      family_page)
    assert len(rows) == 3
    # Each of the family's talks appears, at the same time, on its teacher's page.
    with app.app_context():
        staff = {t.code: t.staff for t in db.session.get(ParentsDay, event_id).teachers}
    for code in ("MUE", "BAE"):
        teacher_client = app.test_client()
        sign_in(app, teacher_client, staff[code])
        teacher_page = teacher_client.get("/workspace/elternsprechtag").get_data(as_text=True)
        for day, span, name in rows:
            if name == staff[code].display_name:
                assert f"<td>{day}</td>\n        <td>{span}</td>" in teacher_page
    assert family.get("/elternsprechtag/plan.ics").mimetype == "text/calendar"
    assert family.get("/elternsprechtag/plan.pdf").data.startswith(b"%PDF")
    assert client.get(f"{OFFICE}/{event_id}/door-lists.pdf").data.startswith(b"%PDF")
    assert client.get(f"{OFFICE}/{event_id}/letters.pdf").data.startswith(b"%PDF")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 2


def test_family_login_with_a_wrong_code(client):
    response = client.post("/elternsprechtag", data={"code": "AAAA-BBBB-CCCC"})
    assert response.status_code == 422
    assert "Dieser Zugangscode ist uns nicht bekannt" in response.get_data(as_text=True)
    assert client.get("/elternsprechtag/start").status_code == 302
    english = client.get("/elternsprechtag?lang=en").get_data(as_text=True)
    assert "Access code" in english and "Sign in with the access code" in english


def test_teacher_asks_for_a_talk_and_the_family_is_told(app, client, office):
    event_id = _create_event(client)
    _import(client, event_id, "teachers", TEACHERS)
    _import(client, event_id, "students", STUDENTS)
    with app.app_context():
        teacher = db.session.scalars(select(ParentsDayTeacher)
                                     .where(ParentsDayTeacher.code == "MUE")).one()
        student = db.session.scalars(select(Student).where(Student.key == "3")).one()
        staff, teacher_id = teacher.staff, teacher.id
        code = family_code("test-secret", db.session.get(Family, student.family_id))
    teacher_client = app.test_client()
    sign_in(app, teacher_client, staff)
    teacher_client.post(f"/workspace/elternsprechtag/{teacher_id}/required",
                        data={"student": student.id, "required": "1"})
    family = app.test_client()
    family.post("/elternsprechtag", data={"code": code})
    home = family.get("/elternsprechtag/start").get_data(as_text=True)
    assert "Gespräche, um die Lehrkräfte bitten" in home and "Frau Möller" in home
    wishes = family.get("/elternsprechtag/wuensche").get_data(as_text=True)
    assert "Die Lehrkraft bittet um ein Gespräch." in wishes


def test_csrf_is_on_in_the_real_configuration(sqlite_template, tmp_path):
    import shutil

    path = tmp_path / "csrf.sqlite"
    shutil.copy(sqlite_template, path)
    app = create_app({"DATABASE_URL": f"sqlite:///{path}", "SECRET_KEY": "x"})
    response = app.test_client().post("/elternsprechtag", data={"code": "ABCD"})
    assert response.status_code == 400
    app.extensions["sprechzeit_engine"].dispose()


def _published_event(app):
    """Built through the services, outside any request: the make_event helper."""
    from parentsday_helpers import make_event

    now = datetime.now(UTC)
    with app.app_context():
        event = make_event(db.session, wishes_open_at=now - timedelta(days=9),
                           wishes_close_at=now - timedelta(days=5),
                           self_booking_opens_at=now - timedelta(hours=1))
        event.published_at = now - timedelta(days=1)
        db.session.commit()
        students = {s.key: s for s in db.session.scalars(select(Student))}
        teachers = {t.code: t.id for t in event.teachers}
        code = family_code("test-secret", students["S1"].family)
        return event.id, {k: s.id for k, s in students.items()}, teachers, code


def test_family_books_leftover_slots_but_never_two_at_once(app):
    event_id, students, teachers, code = _published_event(app)
    family = app.test_client()
    family.post("/elternsprechtag", data={"code": code})
    plan = family.get("/elternsprechtag/plan").get_data(as_text=True)
    assert "Freie Termine buchen" in plan
    page = family.get(f"/elternsprechtag/buchen?student={students['S1']}"
                      f"&teacher={teachers['MUE']}").get_data(as_text=True)
    starts = re.findall(r'name="start" value="([^"]+)"', page)
    assert len(starts) == 17  # 15:00-18:00 in 10 minutes, without the break at 16:00
    sixteen_thirty = next(s for s in starts if "T15:30" in s)  # 16:30 in Berlin (UTC+1)
    response = family.post("/elternsprechtag/buchen", data={
        "student": students["S1"], "teacher": teachers["MUE"], "start": sixteen_thirty})
    assert response.status_code == 302
    # The sibling, at the same time in another room: refused with a message.
    response = family.post("/elternsprechtag/buchen", data={
        "student": students["S2"], "teacher": teachers["SZ"], "start": sixteen_thirty})
    assert response.status_code == 409
    assert "liegt zu nah an einem anderen Ihrer Gespräche" in response.get_data(as_text=True)
    # Nor is it offered: the slot list for the sibling leaves out 16:30 and 16:40.
    page = family.get(f"/elternsprechtag/buchen?student={students['S2']}"
                      f"&teacher={teachers['SZ']}").get_data(as_text=True)
    offered = re.findall(r'name="start" value="[^"]+T(\d\d:\d\d)', page)
    assert "15:30" not in offered and "15:40" not in offered and "15:50" in offered
    plan = family.get("/elternsprechtag/plan").get_data(as_text=True)
    assert "Termin bei Frau Müller absagen" in plan
    appointment = re.search(r'/elternsprechtag/termine/(\d+)/absagen', plan).group(1)
    response = family.post(f"/elternsprechtag/termine/{appointment}/absagen",
                           follow_redirects=True)
    assert "Der Termin ist abgesagt." in response.get_data(as_text=True)


def test_new_code_ends_the_old_one_and_delete_removes_the_event(app, client, office):
    event_id, students, _teachers, code = _published_event(app)
    family = app.test_client()
    family.post("/elternsprechtag", data={"code": code})
    assert family.get("/elternsprechtag/start").status_code == 200
    with app.app_context():
        family_id = db.session.get(Student, students["S1"]).family_id
    response = client.post(f"{OFFICE}/{event_id}/families/{family_id}/new-code",
                           follow_redirects=True)
    assert "hat einen neuen Zugangscode" in response.get_data(as_text=True)
    assert family.get("/elternsprechtag/start").status_code == 302  # signed out
    assert family.post("/elternsprechtag", data={"code": code}).status_code == 422
    letter = client.get(f"{OFFICE}/{event_id}/families/{family_id}/letter.pdf")
    assert letter.mimetype == "application/pdf"
    response = client.post(f"{OFFICE}/{event_id}/delete", follow_redirects=True)
    assert "Bitte bestätigen Sie das Löschen." in response.get_data(as_text=True)
    response = client.post(f"{OFFICE}/{event_id}/delete", data={"confirm": "1"},
                           follow_redirects=True)
    assert "mit allen Familien, Wünschen und Terminen gelöscht" in response.get_data(
        as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Family)) == 0


def test_teacher_sets_room_late_start_early_leave_and_breaks(app, client, office):
    event_id = _create_event(client)
    _import(client, event_id, "teachers", TEACHERS)
    with app.app_context():
        teacher = db.session.scalars(select(ParentsDayTeacher)
                                     .where(ParentsDayTeacher.code == "MUE")).one()
        staff, teacher_id = teacher.staff, teacher.id
    teacher_client = app.test_client()
    sign_in(app, teacher_client, staff)
    url = f"/workspace/elternsprechtag/{teacher_id}/settings"
    response = teacher_client.post(url, data={"room": "B1.02", "late_start": "15:30",
                                              "early_leave": "17:30",
                                              "breaks": "16:30-16:50"}, follow_redirects=True)
    assert "Ihre Angaben für den Elternsprechtag sind gespeichert." in response.get_data(
        as_text=True)
    response = teacher_client.post(url, data={"room": "B1.07", "late_start": "16:00",
                                              "breaks": "halb fünf"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Pausen bitte so angeben" in page
    # what was typed stays, so only the breaks need correcting
    assert 'value="B1.07"' in page and 'value="16:00"' in page and 'value="halb fünf"' in page
    instance = client.get(f"{OFFICE}/{event_id}/instance.json").get_json()
    mue = next(t for t in instance["teachers"] if t["id"] == "MUE")
    assert mue["room"] == "B1.02"
    assert mue["available"] == [{"date": "2026-12-03", "start": "15:30", "end": "17:30"}]
    assert {"date": "2026-12-03", "start": "16:30", "end": "16:50"} in mue["breaks"]
