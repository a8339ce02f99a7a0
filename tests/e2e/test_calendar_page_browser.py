"""The calendar page in Chromium: a feed URL, connecting a Radicale calendar, accessible."""
from __future__ import annotations

import pytest
from flask_login import LoginManager, UserMixin
from sqlalchemy import select

from scheduler_app.db import db
from scheduler_app.models import StaffMember

from calendars.testing import RadicaleServer


class _User(UserMixin):
    def __init__(self, staff_id):
        self.id = staff_id


@pytest.fixture
def signed_in_page(app, page):
    """The page of a signed-in Frau Petersen (sign-in itself belongs to the workspace)."""
    if getattr(app, "login_manager", None) is None:
        LoginManager(app).user_loader(lambda user_id: _User(int(user_id)))
    return page


def test_calendar_page_in_chromium(app, signed_in_page, live_server, a11y, shoot, tmp_path):
    page = signed_in_page
    with app.app_context():
        staff_id = db.session.scalar(select(StaffMember.id).where(
            StaffMember.email == "petersen@schule.example"))
    client = app.test_client()
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = str(staff_id)
    cookie = client.get_cookie("session")
    page.context.add_cookies([{"name": "session", "value": cookie.value,
                               "url": live_server.url}])
    radicale = RadicaleServer(tmp_path / "radicale")
    radicale.start()
    try:
        url = radicale.make_calendar("petersen", "sprechzeit")
        page.goto(live_server.url + "/workspace/calendar")
        assert page.get_by_role("heading", level=1).inner_text() == "Kalender"
        a11y(page)
        page.get_by_role("button", name="Feed-Adresse erzeugen").click()
        assert "/feeds/" in page.get_by_label("Feed-Adresse").input_value()

        page.get_by_label("Adresse des Kalenders (CalDAV-URL)").fill(url)
        page.get_by_label("Benutzername").fill("petersen")
        page.get_by_label("Passwort").fill(radicale.users["petersen"])
        page.get_by_role("button", name="Kalender verbinden").click()
        assert page.get_by_text("Der Kalender ist verbunden").is_visible()
        assert page.get_by_text(url).is_visible()
        a11y(page)
        shoot(page, "calendar-page")

        radicale.stop()
        page.get_by_label("Adresse des Kalenders (CalDAV-URL)").fill(url)
        page.get_by_label("Benutzername").fill("petersen")
        page.get_by_label("Passwort").fill(radicale.users["petersen"])
        page.get_by_role("button", name="Kalender verbinden").click()
        assert page.locator("#url-error").is_visible()  # the check failed: said at the field
        a11y(page)
    finally:
        radicale.stop()
