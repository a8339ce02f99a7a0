"""Brute-force protection of the staff sign-in, the second factor and the family codes.

Every test runs on SQLite and PostgreSQL: the counters live in the database so that all
worker processes share them. Data is set up in short app contexts, never around requests
(a held app context would share Flask-Login's cached user across requests).
"""
from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pyotp
from freezegun import freeze_time
from sqlalchemy import func, select

from parentsday_helpers import SECRET, make_event
from scheduler_app import create_app
from scheduler_app.db import db
from scheduler_app.models import LoginAttempt, Role, StaffMember
from scheduler_app.services import throttle
from scheduler_app.services.parentsday.setup import family_code
from scheduler_app.services.passwords import hash_password

PASSWORD = "richtig-und-lang"
EMAIL = "petersen@schule.example"
T0 = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
LOCKED = "Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in 15 Minuten erneut."
WRONG = "E-Mail-Adresse oder Passwort stimmen nicht."


def make_staff(app, email=EMAIL, totp_secret=None) -> int:
    with app.app_context():
        staff = StaffMember(email=email, display_name="Frau Petersen", role=Role.COUNSELLOR,
                            password_hash=hash_password(PASSWORD), totp_secret=totp_secret)
        db.session.add(staff)
        db.session.commit()
        return staff.id


def client_from(app, ip: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ip
    return client


def attempt(client, password, email=EMAIL):
    return client.post("/login", data={"email": email, "password": password})


def attempts_in_table(app, scope: str | None = None) -> int:
    with app.app_context():
        query = select(func.count()).select_from(LoginAttempt)
        if scope:
            query = query.where(LoginAttempt.scope == scope)
        return db.session.scalar(query)


def test_default_policy_is_the_documented_one(sqlite_template):
    app = create_app({"DATABASE_URL": "sqlite://"})
    policy = throttle.Policy.from_config(app.config)
    window = timedelta(minutes=15)
    assert policy.per_account == throttle.Limit(5, window)
    assert policy.per_ip == throttle.Limit(30, window)
    assert policy.family_per_ip == throttle.Limit(10, window)


def test_sixth_attempt_is_refused_even_with_the_right_password(any_app):
    make_staff(any_app)
    client = any_app.test_client()
    with freeze_time(T0) as clock:
        for _ in range(5):
            response = attempt(client, "falsch-geraten")
            assert response.status_code == 422
            assert WRONG in response.get_data(as_text=True)
            clock.tick(30)
        response = attempt(client, PASSWORD)
        page = response.get_data(as_text=True)
        assert response.status_code == 429
        assert LOCKED in page and WRONG not in page
        assert f'value="{EMAIL}"' in page  # the same page, the address kept
        assert response.headers["Retry-After"] == str(15 * 60 - 30)  # from the 5th failure
        assert client.get("/workspace").status_code == 302  # not signed in
        # Another browser, the address spelt differently: the same account, still locked.
        assert attempt(any_app.test_client(), PASSWORD, f" {EMAIL.upper()}").status_code == 429
        en_client = any_app.test_client()
        en_client.get("/login?lang=en")
        response = attempt(en_client, PASSWORD)
        assert response.status_code == 429
        assert ("Too many failed sign-in attempts. Please try again in 15 minutes."
                in response.get_data(as_text=True))


def test_sign_in_works_again_after_the_window(any_app):
    make_staff(any_app)
    client = any_app.test_client()
    with freeze_time(T0) as clock:
        for _ in range(5):
            assert attempt(client, "falsch").status_code == 422
        clock.tick(timedelta(minutes=14))
        response = attempt(client, PASSWORD)
        assert response.status_code == 429
        assert int(response.headers["Retry-After"]) == 60
        assert "in 1 Minute erneut" in response.get_data(as_text=True)
        clock.tick(timedelta(minutes=1, seconds=1))
        response = attempt(client, PASSWORD)
        assert response.status_code == 302 and response.location == "/workspace"
    # The right password cleared the account; the IP keeps its failures.
    assert attempts_in_table(any_app, throttle.STAFF_EMAIL) == 0
    assert attempts_in_table(any_app, throttle.STAFF_IP) == 5


def test_refused_attempts_do_not_extend_the_lock(any_app):
    make_staff(any_app)
    client = any_app.test_client()
    with freeze_time(T0) as clock:
        for _ in range(5):
            attempt(client, "falsch")
        for _ in range(10):  # someone keeps hammering while it is locked
            clock.tick(60)
            assert attempt(client, "falsch").status_code == 429
        clock.tick(timedelta(minutes=5, seconds=1))
        assert attempt(client, PASSWORD).status_code == 302


def test_unknown_email_gets_the_same_answers(any_app):
    make_staff(any_app)
    unknown = "niemand@schule.example"
    with freeze_time(T0):
        known_client, unknown_client = any_app.test_client(), any_app.test_client()
        for n in range(7):
            password = PASSWORD if n == 6 else "falsch"
            known = attempt(known_client, password)
            other = attempt(unknown_client, password, unknown)
            assert known.status_code == other.status_code == (422 if n < 5 else 429)
            assert known.headers.get("Retry-After") == other.headers.get("Retry-After")
            assert (known.get_data(as_text=True)
                    == other.get_data(as_text=True).replace(unknown, EMAIL))


def test_a_right_password_clears_the_account_counter(any_app):
    make_staff(any_app)
    client = any_app.test_client()
    with freeze_time(T0):
        for _ in range(4):
            assert attempt(client, "falsch").status_code == 422
        assert attempt(client, PASSWORD).status_code == 302
        client.post("/logout")
        for _ in range(4):
            assert attempt(client, "falsch").status_code == 422
        assert attempt(client, PASSWORD).status_code == 302  # 8 failures, but never 5 in a row


def test_one_address_guessing_many_accounts_is_stopped_per_ip(any_app):
    # The real limit is 30 (test_default_policy_is_the_documented_one); 8 spares CPU here.
    any_app.config["LOGIN_MAX_FAILURES_PER_IP"] = 8
    make_staff(any_app)
    guesser = any_app.test_client()
    elsewhere = client_from(any_app, "192.0.2.7")
    with freeze_time(T0):
        for n in range(8):  # one try per address: no account limit is reached
            assert attempt(guesser, "falsch", f"person{n}@schule.example").status_code == 422
        response = attempt(guesser, PASSWORD)
        assert response.status_code == 429 and LOCKED in response.get_data(as_text=True)
        assert attempt(elsewhere, PASSWORD).status_code == 302


def test_the_second_factor_is_throttled_per_account(any_app):
    secret = pyotp.random_base32()
    make_staff(any_app, totp_secret=secret)
    client = any_app.test_client()
    with freeze_time(T0) as clock:
        response = attempt(client, PASSWORD)
        assert response.location == "/login/code"
        right = pyotp.TOTP(secret).at(T0)
        wrong = f"{(int(right) + 500000) % 1000000:06d}"
        for _ in range(5):
            assert client.post("/login/code", data={"code": wrong}).status_code == 422
        response = client.post("/login/code", data={"code": right})
        assert response.status_code == 429 and "Retry-After" in response.headers
        assert LOCKED in response.get_data(as_text=True)
        clock.tick(timedelta(minutes=15, seconds=1))
        right = pyotp.TOTP(secret).at(datetime.now(UTC))
        assert client.post("/login/code", data={"code": right}).location == "/workspace"


def test_family_codes_are_throttled_per_ip(any_app):
    with any_app.app_context():
        event = make_event(db.session, now=T0)
        code = family_code(SECRET, event.families[0])
    guesser = any_app.test_client()
    elsewhere = client_from(any_app, "198.51.100.4")
    with freeze_time(T0) as clock:
        for n in range(10):
            response = guesser.post("/elternsprechtag", data={"code": f"AAAA-BBBB-CC{n:02d}"})
            assert response.status_code == 422
        response = guesser.post("/elternsprechtag", data={"code": code})
        page = response.get_data(as_text=True)
        assert response.status_code == 429 and response.headers["Retry-After"] == "900"
        assert LOCKED in page and "Zugangscode" in page
        assert guesser.get("/elternsprechtag/start").status_code == 302
        assert elsewhere.post("/elternsprechtag", data={"code": code}).status_code == 302
        clock.tick(timedelta(minutes=15, seconds=1))
        assert guesser.post("/elternsprechtag", data={"code": code}).status_code == 302


def test_parallel_guesses_do_not_slip_past_the_limit(any_app):
    make_staff(any_app)
    statuses: list[int] = []
    barrier = threading.Barrier(12)

    def guess() -> None:
        client = any_app.test_client()
        barrier.wait()
        statuses.append(attempt(client, "falsch").status_code)

    threads = [threading.Thread(target=guess) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(statuses) == 12 and set(statuses) <= {422, 429}
    assert statuses.count(422) <= 5  # passwords checked: never more than the limit
    assert attempts_in_table(any_app) == 2 * statuses.count(422)  # e-mail and IP rows


def test_old_rows_are_pruned_on_write(any_app):
    make_staff(any_app)
    client = any_app.test_client()
    with freeze_time(T0) as clock:
        for n in range(3):
            attempt(client, "falsch", f"alt{n}@schule.example")
        assert attempts_in_table(any_app) == 6
        clock.tick(timedelta(minutes=31))
        attempt(client, "falsch")
    assert attempts_in_table(any_app) == 2


def test_keys_are_stored_only_as_hashes(any_app):
    with freeze_time(T0):
        attempt(any_app.test_client(), "falsch", "Geheim@Schule.example")
    with any_app.app_context():
        rows = db.session.scalars(select(LoginAttempt)).all()
    assert {row.scope for row in rows} == {throttle.STAFF_EMAIL, throttle.STAFF_IP}
    assert all("geheim" not in row.key_hash.lower() and len(row.key_hash) == 64
               for row in rows)


def test_tests_may_raise_the_limits(any_app):
    """How a test that signs in wrongly many times keeps clear of the real limits."""
    any_app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"] = 100
    make_staff(any_app)
    client = any_app.test_client()
    with freeze_time(T0):
        for _ in range(6):
            attempt(client, "falsch")
        assert attempt(client, PASSWORD).status_code == 302


def test_the_client_ip_comes_from_the_proxy_only_when_configured(sqlite_template, tmp_path):
    import shutil

    seen = []
    for proxies in (0, 1):
        path = tmp_path / f"proxy{proxies}.sqlite"
        shutil.copy(sqlite_template, path)
        app = create_app({"DATABASE_URL": f"sqlite:///{path}", "TESTING": True,
                          "WTF_CSRF_ENABLED": False, "TRUSTED_PROXIES": proxies,
                          "FAMILY_CODE_MAX_FAILURES_PER_IP": 1})
        client = app.test_client()
        forwarded = {"X-Forwarded-For": "203.0.113.9"}
        client.post("/elternsprechtag", data={"code": "AAAA-BBBB-CCCC"}, headers=forwarded)
        # Locked is the address the app believes: the proxy's, or the forwarded client's.
        seen.append(client.post("/elternsprechtag", data={"code": "AAAA-BBBB-CCCC"}).status_code)
        app.extensions["sprechzeit_engine"].dispose()
    assert seen == [429, 422]
