"""The staff member's calendar page: feed URL renew/revoke, CalDAV connect, errors shown."""
from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from flask import g

from scheduler_app.db import db
from scheduler_app.models import (
    CalDAVConnection,
    Channel,
    FeedPurpose,
    OutboxMessage,
    OutboxStatus,
    Role,
    StaffMember,
)
from scheduler_app.services.caldav_accounts import connect_calendar
from scheduler_app.services.feeds import active_tokens, find_feed_token

PAGE = "/workspace/calendar"


def session_id(staff) -> str:
    """What Flask-Login keeps in the session: "id:session_version"."""
    return staff.get_id()


@pytest.fixture
def signed_in(app, client, factory):
    staff = factory.staff(email="klaasen@schule.example", display_name="Herr Klaasen")
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = session_id(staff)
        flask_session["_fresh"] = True
    return staff


def test_page_needs_a_signed_in_staff_member(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/login" in response.location


def test_feed_url_is_shown_once_and_can_be_revoked(app, client, signed_in):
    page = client.get(PAGE).get_data(as_text=True)
    assert "<h1>Kalender</h1>" in page and "noch keine Feed-Adresse" in page

    renewed = client.post(f"{PAGE}/feed/renew").get_data(as_text=True)
    url = re.search(r'value="(http://sprechzeit\.test/feeds/[^"]+\.ics)"', renewed).group(1)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    with app.app_context():
        assert find_feed_token(db.session, token) is not None
    again = client.get(PAGE).get_data(as_text=True)
    assert token not in again and "Ein Feed ist aktiv seit" in again

    response = client.post(f"{PAGE}/feed/revoke", follow_redirects=True)
    assert "widerrufen" in response.get_data(as_text=True)
    with app.app_context():
        assert find_feed_token(db.session, token) is None
        staff = db.session.get(StaffMember, signed_in.id)
        assert active_tokens(db.session, staff=staff, purpose=FeedPurpose.PRIVATE) == []


def test_page_speaks_english_on_request(client, signed_in):
    page = client.get(f"{PAGE}?lang=en").get_data(as_text=True)
    assert "<h1>Calendar</h1>" in page and "Your own calendar (CalDAV)" in page


def test_connect_form_errors_stand_next_to_the_fields(client, signed_in):
    response = client.post(f"{PAGE}/caldav", data={"url": "kein-link", "username": "",
                                                   "password": ""})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="url-error"' in page and "keine gültige Adresse" in page
    assert "Bitte den Benutzernamen angeben." in page and "Bitte das Passwort angeben." in page


def test_last_calendar_error_is_shown_and_disconnect_works(app, client, signed_in):
    with app.app_context():
        staff = db.session.get(StaffMember, signed_in.id)
        connection = connect_calendar(db.session, staff, "https://cal.example/k/", "k", "pw",
                                      datetime.now(UTC), check=False)
        connection.last_error = "Kalender nicht lesbar: Verbindung abgelehnt"
        connection.last_error_at = datetime.now(UTC)
        db.session.commit()
    page = client.get(PAGE).get_data(as_text=True)
    assert 'role="alert"' in page and "Verbindung abgelehnt" in page
    assert "https://cal.example/k/" in page and "pw" not in re.findall(r"<dd>(.*?)</dd>", page)
    response = client.post(f"{PAGE}/caldav/remove", follow_redirects=True)
    assert "Der Kalender ist getrennt" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(CalDAVConnection).count() == 0


def test_csrf_is_on_in_the_real_configuration(sqlite_template, tmp_path):
    import shutil

    from scheduler_app import create_app

    path = tmp_path / "csrf.sqlite"
    shutil.copy(sqlite_template, path)
    app = create_app({"DATABASE_URL": f"sqlite:///{path}", "SECRET_KEY": "s"})
    assert app.config.get("WTF_CSRF_ENABLED", True)
    with app.app_context():
        staff = StaffMember(email="a@schule.example", display_name="A", role="teacher")
        db.session.add(staff)
        db.session.commit()
        db_staff = staff
    client = app.test_client()
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = session_id(db_staff)
    assert client.post(f"{PAGE}/feed/renew").status_code == 400
    app.extensions["sprechzeit_engine"].dispose()


def test_office_sees_every_calendar_and_sets_the_unreachable_policy(app, client, factory):
    office = factory.staff(role=Role.ADMIN, display_name="Sekretariat")
    counsellor = factory.staff(role=Role.COUNSELLOR, display_name="Frau Petersen")
    with app.app_context():
        connection = connect_calendar(db.session, db.session.get(StaffMember, counsellor.id),
                                      "https://cal.example/p/", "p", "pw", datetime.now(UTC),
                                      check=False)
        connection.last_error = "Kalender nicht lesbar: keine Antwort"
        connection.last_error_at = datetime.now(UTC)
        db.session.add_all([
            OutboxMessage(channel=Channel.CALDAV, topic="caldav_put", staff_id=counsellor.id),
            OutboxMessage(channel=Channel.CALDAV, topic="caldav_put", staff_id=counsellor.id,
                          status=OutboxStatus.FAILED)])
        db.session.commit()
        connection_id = connection.id

    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = session_id(counsellor)
    assert client.get(f"{PAGE}/connections").status_code == 403
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = session_id(office)
    g.pop("_login_user", None)  # the factory's app context outlives requests: forget the user
    page = client.get(f"{PAGE}/connections").get_data(as_text=True)
    assert "Frau Petersen" in page and "keine Antwort" in page and "1 aufgegeben" in page
    assert "nicht erlaubt" in page
    response = client.post(f"{PAGE}/connections/{connection_id}/policy", follow_redirects=True)
    assert "Die Einstellung für Frau Petersen wurde geändert." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(CalDAVConnection, connection_id).allow_booking_when_unreachable


def test_office_issues_and_revokes_a_room_feed(app, client, factory):
    office = factory.staff(role=Role.ADMIN, display_name="Sekretariat")
    room = factory.room("B0.04")
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = session_id(office)
    g.pop("_login_user", None)
    page = client.get(f"{PAGE}/connections").get_data(as_text=True)
    assert "Belegt-Feeds der Räume" in page and "B0.04" in page

    renewed = client.post(f"{PAGE}/rooms/{room.id}/feed/renew").get_data(as_text=True)
    url = re.search(r'value="(http://sprechzeit\.test/feeds/[^"]+\.ics)"', renewed).group(1)
    feed = client.get(url.removeprefix("http://sprechzeit.test"))
    assert feed.status_code == 200 and b"B0.04" in feed.data
    assert "aktiv seit" in client.get(f"{PAGE}/connections").get_data(as_text=True)

    response = client.post(f"{PAGE}/rooms/{room.id}/feed/revoke", follow_redirects=True)
    assert "wurde widerrufen" in response.get_data(as_text=True)
    assert client.get(url.removeprefix("http://sprechzeit.test")).status_code == 404
