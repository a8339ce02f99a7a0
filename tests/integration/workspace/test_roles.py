"""Each role sees and changes what belongs to it and gets 403 (never 500) for the rest;
the office never sees a detail of a confidential counselling booking."""
from __future__ import annotations

import pytest

from scheduler_app.db import db
from scheduler_app.models import Booking, WeeklyRule
from scheduler_app.domain.time import local_date

from .conftest import (
    ADMIN,
    COUNSELLOR,
    OTHER_COUNSELLOR,
    TEACHER,
    make_booking,
    staff_id,
)

OFFICE_PAGES = ["/office", "/office/staff", "/office/rooms", "/office/rooms/1",
                "/office/rooms/overview", "/office/offerings", "/office/offerings/new",
                "/office/offerings/1", "/office/closures", "/office/statistics",
                "/office/statistics.csv"]
OFFICE_CHANGES = [
    ("/office/staff", {"display_name": "X", "email": "x@schule.example", "role": "teacher"}),
    ("/office/rooms", {"code": "Z9", "name": "Z", "kind": "classroom", "is_active": "y"}),
    ("/office/staff/1/deactivate", {}),
    ("/office/closures", {"kind": "school_closed", "name": "Studientag",
                          "first_day": "2027-02-01", "last_day": "2027-02-01"}),
]
WORKSPACE_PAGES = ["/workspace", "/workspace?view=day", "/workspace/offerings",
                   "/workspace/availability", "/account/security"]


def test_anonymous_visitors_are_sent_to_the_login(demo):
    client = demo.test_client()
    for url in WORKSPACE_PAGES + OFFICE_PAGES:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.location, url


@pytest.mark.parametrize("email", [TEACHER, COUNSELLOR])
def test_teachers_and_counsellors_have_a_workspace_but_no_office(signed_in, email):
    client = signed_in(email)
    for url in WORKSPACE_PAGES:
        assert client.get(url).status_code == 200, url
    for url in OFFICE_PAGES:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Kein Zugriff" in response.get_data(as_text=True)
    for url, data in OFFICE_CHANGES:
        assert client.post(url, data=data).status_code == 403, url
    assert "Verwaltung" not in client.get("/workspace").get_data(as_text=True)


def test_the_office_manages_everything(signed_in):
    client = signed_in(ADMIN)
    for url in OFFICE_PAGES + WORKSPACE_PAGES:
        assert client.get(url).status_code == 200, url
    assert 'href="/office"' in client.get("/workspace").get_data(as_text=True)


def test_nobody_opens_or_changes_someone_elses_appointment(demo, signed_in):
    booking_id = make_booking(demo, COUNSELLOR)
    own = signed_in(COUNSELLOR)
    assert "Mia Geheimnis" in own.get(f"/workspace/appointments/{booking_id}").get_data(
        as_text=True)
    for email in (OTHER_COUNSELLOR, TEACHER, ADMIN):
        client = signed_in(email)
        assert client.get(f"/workspace/appointments/{booking_id}").status_code == 403
        assert client.post(f"/workspace/appointments/{booking_id}/cancel").status_code == 403
        assert client.post(f"/workspace/appointments/{booking_id}/move",
                           data={"start": "2030-01-01T10:00:00+00:00"}).status_code == 403
        assert client.post(f"/workspace/appointments/{booking_id}/no-show").status_code == 403
    assert signed_in(TEACHER).get("/workspace/appointments/99999").status_code == 404
    with demo.app_context():
        assert db.session.get(Booking, booking_id).status.value == "confirmed"


def test_nobody_removes_someone_elses_availability(demo, signed_in):
    owner = staff_id(demo, COUNSELLOR)
    with demo.app_context():
        rule_id = db.session.query(WeeklyRule.id).filter(WeeklyRule.staff_id == owner).first()[0]
    for email in (OTHER_COUNSELLOR, TEACHER, ADMIN):
        response = signed_in(email).post(f"/workspace/availability/weekly/{rule_id}/delete")
        assert response.status_code == 403
    with demo.app_context():
        assert db.session.get(WeeklyRule, rule_id) is not None


def test_office_views_never_show_a_confidential_booking(demo, signed_in):
    booking_id = make_booking(demo, COUNSELLOR, name="Mia Geheimnis",
                              booker_email="mia.geheim@familie.example",
                              phone="0171 555 0199")
    with demo.app_context():
        booking = db.session.get(Booking, booking_id)
        day = local_date(booking.starts_at).isoformat()
        room_id = booking.room_id
    office = signed_in(ADMIN)
    secrets = ["Mia Geheimnis", "mia.geheim", "0171 555 0199", "Geheimnis"]
    overview = office.get(f"/office/rooms/overview?view=day&date={day}").get_data(as_text=True)
    assert "belegt" in overview
    pages = [overview,
             office.get(f"/office/rooms/overview?date={day}").get_data(as_text=True),
             office.get(f"/office/rooms/{room_id}").get_data(as_text=True)]
    pages += [office.get(url).get_data(as_text=True) for url in OFFICE_PAGES]
    for page in pages:
        for secret in secrets:
            assert secret not in page
    # The counsellor's own name is not shown next to a confidential talk either.
    assert "Frau Petersen)" not in overview


def test_non_confidential_room_use_names_the_teacher_only(demo, signed_in):
    booking_id = make_booking(demo, TEACHER, name="Familie Sommer")
    with demo.app_context():
        day = local_date(db.session.get(Booking, booking_id).starts_at).isoformat()
    page = signed_in(ADMIN).get(f"/office/rooms/overview?view=day&date={day}").get_data(
        as_text=True)
    assert "Herr Klaasen" in page and "Familie Sommer" not in page


def test_an_id_beyond_the_integer_range_is_a_404_everywhere(signed_in, client):
    """A number no row can have (SQLite cannot even bind it) is a missing page, not a 500."""
    huge = 99999999999999999999
    office = signed_in(ADMIN)
    for url in (f"/office/rooms/{huge}", f"/office/offerings/{huge}",
                f"/workspace/appointments/{huge}"):
        assert office.get(url).status_code == 404, url
    problem = client.get(f"/api/v1/offerings/{huge}/slots")
    assert problem.status_code == 404 and problem.mimetype == "application/problem+json"
