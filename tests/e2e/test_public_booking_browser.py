"""A parent books in Chromium, opens the manage link from the mail, moves and cancels."""
from __future__ import annotations

import re
import sys
from datetime import datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))
from public_support import MailCatcher, text_part  # noqa: E402

from scheduler_app.db import db  # noqa: E402
from scheduler_app.services.mail import MailSettings, send_due  # noqa: E402


@pytest.fixture
def smtp():
    catcher = MailCatcher()
    catcher.start()
    yield catcher
    catcher.stop()


def deliver(app, smtp) -> list:
    with app.app_context():
        send_due(db.session, MailSettings(server="127.0.0.1", port=smtp.port, timeout=3))
    return smtp.inbox


def test_parent_books_moves_and_cancels(live_server, page, a11y, shoot, smtp):
    live_server.app.config["BASE_URL"] = live_server.url
    page.goto(live_server.url + "/")
    a11y(page)
    page.get_by_role("link", name="Elterngespräch mit Herrn Klaasen (7b)", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Elterngespräch")
    a11y(page)
    page.locator("ul.slots a").first.click()
    a11y(page)
    page.get_by_label("Name").fill("Erika Mustermann")
    page.get_by_label("E-Mail-Adresse").fill("erika@example.org")
    page.get_by_label("Ich bin einverstanden").check()
    page.get_by_role("button", name="Verbindlich buchen").click()
    assert page.get_by_text("Ihr Termin ist gebucht.").is_visible()
    booked_when = page.locator("dd.when").inner_text()
    a11y(page)
    shoot(page, "public-booked")

    [mail] = deliver(live_server.app, smtp)
    link = re.search(r"http://127\.0\.0\.1:\d+/termin/\S+", text_part(mail)).group(0)
    page.goto(link)
    assert page.locator("dd.when").inner_text() == booked_when
    page.get_by_role("link", name="Termin verschieben").click()
    a11y(page)
    page.locator("fieldset.day input[type=radio]").nth(1).check()
    page.get_by_role("button", name="Auf diesen Termin verschieben").click()
    assert page.get_by_text("Ihr Termin ist verschoben.").is_visible()
    moved_when = page.locator("dd.when").inner_text()
    assert moved_when != booked_when
    page.get_by_role("button", name="Termin absagen").click()
    assert page.get_by_text("Dieser Termin ist abgesagt.").first.is_visible()
    a11y(page)
    shoot(page, "public-cancelled")
    subjects = [m["Subject"] for m in deliver(live_server.app, smtp)]
    assert [s.split(":")[0] for s in subjects] == [
        "Terminbestätigung", "Termin verschoben", "Termin abgesagt"]


def test_privacy_and_student_pages_are_accessible(live_server, page, a11y):
    page.goto(live_server.url + "/datenschutz")
    a11y(page)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Beratung bei der Beratungslehrkraft", exact=True).click()
    a11y(page)
    page.locator("ul.slots a").first.click()
    assert page.get_by_text("Dieses Gespräch ist vertraulich.").is_visible()
    page.get_by_label("Ich bin Schülerin oder Schüler").check()
    page.get_by_label("Name").fill("Sunny")
    page.get_by_label("Ich bin einverstanden").check()
    page.get_by_role("button", name="Verbindlich buchen").click()
    assert page.get_by_role("heading", name="Bitte notieren oder speichern").is_visible()
    a11y(page)
    page.get_by_role("button", name="Verbindlich buchen").count()
    page.goto(live_server.url + "/?lang=en")
    a11y(page)


def test_slot_taken_meanwhile_offers_the_nearest_and_keeps_the_input(live_server, page, a11y,
                                                                     shoot):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Elterngespräch mit Frau Müller (8a)", exact=True).click()
    page.locator("ul.slots a").first.click()
    page.get_by_label("Name").fill("Erika Mustermann")
    page.get_by_label("E-Mail-Adresse").fill("erika@example.org")
    page.get_by_label("Ich bin einverstanden").check()
    start = page.locator("input[name=start]").input_value()
    offering_id = int(page.url.split("/angebot/")[1].split("/")[0])
    # Somebody else takes the slot while the form is open.
    other = live_server.app.test_client().post("/api/v1/bookings", json={
        "offering": offering_id, "start": datetime.fromisoformat(start).isoformat(),
        "name": "Schneller",
        "email": "schnell@example.org", "phone": None, "mode": "in_person"})
    assert other.status_code == 201
    page.get_by_role("button", name="Verbindlich buchen").click()
    assert page.get_by_text("Dieser Termin ist leider gerade vergeben worden.").is_visible()
    assert page.get_by_label("Name").input_value() == "Erika Mustermann"
    a11y(page)
    shoot(page, "public-slot-taken")
    page.get_by_role("button", name="Verbindlich buchen").click()  # the nearest is preselected
    assert page.get_by_text("Ihr Termin ist gebucht.").is_visible()
    page.get_by_role("link", name="Termin verschieben").click()
    page.go_back()
    page.goto(page.url.split("?")[0] + "/absagen")
    a11y(page)


def test_public_pages_fit_a_phone_screen(live_server, browser):
    """Long German compounds in headings ("Datenschutzhinweise") must not widen the page."""
    context = browser.new_context(viewport={"width": 375, "height": 700}, locale="de-DE",
                                  timezone_id="Europe/Berlin")
    page = context.new_page()
    try:
        for path in ("/", "/datenschutz", "/angebot/1", "/gibt-es-nicht", "/?lang=en",
                     "/datenschutz"):
            page.goto(live_server.url + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    finally:
        context.close()
