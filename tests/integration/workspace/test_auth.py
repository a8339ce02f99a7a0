"""Staff sign-in: passwords, sessions that really end, reset links, TOTP, CSRF."""
from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pyotp
from sqlalchemy import select

from scheduler_app import create_app
from scheduler_app.db import db
from scheduler_app.models import Channel, OutboxMessage, StaffMember

from .conftest import ADMIN, COUNSELLOR, TEACHER, login, staff_id


def _copy_of(client, app):
    """A second browser holding a copy of the first one's session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_wrong_password_keeps_the_email_and_says_so_in_german(demo):
    client = demo.test_client()
    response = client.post("/login", data={"email": TEACHER, "password": "falsch"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "E-Mail-Adresse oder Passwort stimmen nicht." in page
    assert f'value="{TEACHER}"' in page
    assert 'aria-invalid="true"' in page
    assert client.get("/workspace").status_code == 302


def test_login_page_is_german_and_english(demo):
    client = demo.test_client()
    assert "<h1>Anmelden</h1>" in client.get("/login").get_data(as_text=True)
    assert "<h1>Sign in</h1>" in client.get("/login?lang=en").get_data(as_text=True)


def test_logout_kills_a_copied_session_cookie(demo):
    client = demo.test_client()
    login(client, TEACHER)
    assert client.get("/workspace").status_code == 200
    copy = _copy_of(client, demo)
    assert copy.get("/workspace").status_code == 200  # the copy works while signed in

    client.post("/logout")
    assert client.get("/workspace").status_code == 302
    response = copy.get("/workspace")
    assert response.status_code == 302 and "/login" in response.location


def test_deactivation_kills_sessions_and_logins(demo, signed_in):
    teacher = signed_in(TEACHER)
    copy = _copy_of(teacher, demo)
    office = signed_in(ADMIN)
    response = office.post(f"/office/staff/{staff_id(demo, TEACHER)}/deactivate",
                           follow_redirects=True)
    assert "ist deaktiviert" in response.get_data(as_text=True)
    for browser in (teacher, copy):
        response = browser.get("/workspace")
        assert response.status_code == 302 and "/login" in response.location
    again = demo.test_client().post("/login", data={"email": TEACHER,
                                                    "password": "sprechzeit-demo"})
    assert again.status_code == 422


def test_next_parameter_only_leads_inside_the_site(demo):
    client = demo.test_client()
    response = client.post("/login?next=https://evil.example/",
                           data={"email": TEACHER, "password": "sprechzeit-demo"})
    assert response.location == "/workspace"
    client.post("/logout")
    response = client.post("/login?next=/workspace/availability",
                           data={"email": TEACHER, "password": "sprechzeit-demo"})
    assert response.location == "/workspace/availability"


def _reset_link(app, email):
    with app.app_context():
        message = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.recipient == email, OutboxMessage.topic == "password_reset")).one()
        assert message.channel == Channel.MAIL
        payload = json.loads(message.payload)
    assert payload["subject"]
    return re.search(r"http://sprechzeit\.test(/password/reset/\S+)", payload["body"]).group(1)


def test_password_reset_by_mail_link_works_once(demo):
    client = demo.test_client()
    response = client.post("/password/forgot", data={"email": TEACHER}, follow_redirects=True)
    assert "Wenn die Adresse zu einem Konto gehört" in response.get_data(as_text=True)
    link = _reset_link(demo, TEACHER)

    rejected = client.post(link, data={"password": "kurz", "confirm": "anders"})
    page = rejected.get_data(as_text=True)
    assert rejected.status_code == 422
    assert "mindestens 10 Zeichen" in page and "stimmen nicht überein" in page

    done = client.post(link, data={"password": "ein-neues-passwort", "confirm":
                                   "ein-neues-passwort"}, follow_redirects=True)
    assert "Ihr Passwort ist gespeichert" in done.get_data(as_text=True)
    with demo.app_context():  # the stored hash names its algorithm: Argon2id, not 2i or 2d
        stored = db.session.scalar(select(StaffMember.password_hash)
                                   .where(StaffMember.email == TEACHER))
    assert stored.startswith("$argon2id$")
    login(client, TEACHER, "ein-neues-passwort")
    assert demo.test_client().post("/login", data={
        "email": TEACHER, "password": "sprechzeit-demo"}).status_code == 422
    reused = demo.test_client().get(link)
    assert reused.status_code == 400 and "bereits benutzt" in reused.get_data(as_text=True)


def test_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(demo):
    client = demo.test_client()
    response = client.post("/password/forgot", data={"email": "niemand@schule.example"},
                           follow_redirects=True)
    assert "Wenn die Adresse zu einem Konto gehört" in response.get_data(as_text=True)
    with demo.app_context():
        assert db.session.scalars(select(OutboxMessage)).all() == []


def test_totp_is_asked_once_set_up_and_stays_for_admins(demo, signed_in):
    office = signed_in(ADMIN)
    page = office.get("/account/security").get_data(as_text=True)
    secret = re.search(r'<code class="secret">([A-Z2-7]{16,})</code>', page).group(1)
    bad = office.post("/account/security", data={"code": "000000"})
    assert bad.status_code == 422 and "Der Code stimmt nicht" in bad.get_data(as_text=True)
    totp = pyotp.TOTP(secret)
    earlier = datetime.now(UTC) - timedelta(seconds=30)
    office.post("/account/security", data={"code": totp.at(earlier)})
    with demo.app_context():
        assert db.session.get(StaffMember, staff_id(demo, ADMIN)).totp_secret == secret

    # Admins cannot switch it off again.
    assert office.post("/account/security", data={"code": totp.now()}).status_code == 403

    browser = demo.test_client()
    response = browser.post("/login", data={"email": ADMIN, "password": "sprechzeit-demo"})
    assert response.location == "/login/code"
    assert browser.get("/office").status_code == 302  # not signed in before the code
    wrong = browser.post("/login/code", data={"code": "123456"})
    assert wrong.status_code == 422
    replay = browser.post("/login/code", data={"code": totp.at(earlier)})
    assert replay.status_code == 422  # the code used at set-up cannot be used again
    assert browser.post("/login/code", data={"code": totp.now()}).status_code == 302
    assert browser.get("/office").status_code == 200


def test_counsellor_may_remove_own_second_factor(demo, signed_in):
    client = signed_in(COUNSELLOR)
    page = client.get("/account/security").get_data(as_text=True)
    secret = re.search(r'<code class="secret">([A-Z2-7]{16,})</code>', page).group(1)
    totp = pyotp.TOTP(secret)
    client.post("/account/security", data={"code": totp.at(datetime.now(UTC)
                                                            - timedelta(seconds=30))})
    response = client.post("/account/security", data={"code": totp.now()},
                           follow_redirects=True)
    assert "ausgeschaltet" in response.get_data(as_text=True)


def test_csrf_is_on_in_the_real_configuration(sqlite_template, tmp_path):
    import shutil

    path = tmp_path / "csrf.sqlite"
    shutil.copy(sqlite_template, path)
    app = create_app({"DATABASE_URL": f"sqlite:///{path}", "SECRET_KEY": "k"})
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    assert 'name="csrf_token"' in page
    response = client.post("/login", data={"email": TEACHER, "password": "x"})
    assert response.status_code == 400
    assert "Formular abgelaufen" in response.get_data(as_text=True)
    app.extensions["sprechzeit_engine"].dispose()
