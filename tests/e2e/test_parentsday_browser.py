"""The Elternsprechtag in Chromium: the office from CSV import to a published plan, a family
from code login through wishes to its plan, and the teacher seeing the same talk.

axe-core runs on each page; screenshots go to tests/artifacts/elternsprechtag-web-*.png.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import select

from scheduler_app.db import db
from scheduler_app.domain.time import BERLIN
from scheduler_app.models import Family
from scheduler_app.services.demo import DEMO_PASSWORD
from scheduler_app.services.parentsday.setup import family_code

TEACHERS = ("Kürzel;Name;E-Mail;Raum;Beginn;Ende;Pause\r\n"
            "MUE;Frau Müller;mueller@schule.example;A1.12;;;16:00-16:10\r\n"
            "BEC;Herr Becker;becker@schule.example;B0.04;15:30;;\r\n").encode("cp1252")
STUDENTS_BROKEN = ("Klasse;Nachname;Vorname;Schüler-ID;E-Mail Erziehungsberechtigte\r\n"
                   "5a;Schröder;Jörg;1001;schroeder@example.org\r\n"
                   "7b;Schröder;;1002;schroeder@example.org\r\n"
                   "6c;Weiß;Ömer;1003;kein-mail\r\n").encode("cp1252")
STUDENTS = ("Klasse;Nachname;Vorname;Schüler-ID;E-Mail Erziehungsberechtigte\r\n"
            "5a;Schröder;Jörg;1001;schroeder@example.org\r\n"
            "7b;Schröder;Änne;1002;schroeder@example.org\r\n"
            "6c;Weiß;Ömer;1003;weiss@example.org\r\n").encode("cp1252")


def _sign_in(page, url, email):
    page.goto(url + "/login")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def _upload(page, kind_label, name, data):
    page.get_by_role("link", name="CSV-Datei einlesen").click()
    page.get_by_label("Inhalt der Datei").select_option(label=kind_label)
    page.get_by_label("CSV-Datei").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": data})
    page.get_by_role("button", name="Vorschau anzeigen").click()


def test_office_import_to_published_plan_and_family_from_code_to_plan(live_server, browser,
                                                                      page, a11y, shoot):
    url = live_server.url
    now = datetime.now(BERLIN)
    _sign_in(page, url, "sekretariat@schule.example")
    page.goto(url + "/office/elternsprechtag/")
    assert page.get_by_role("heading", level=1).inner_text() == "Elternsprechtag planen"
    a11y(page)
    page.get_by_label("Name").fill("Elternsprechtag Winter")
    page.get_by_label("Tag", exact=True).fill("2026-12-03")
    page.get_by_label("Beginn", exact=True).fill("15:00")
    page.get_by_label("Ende", exact=True).fill("17:00")
    page.get_by_label("Wünsche möglich ab").fill((now - timedelta(days=1)).strftime(
        "%Y-%m-%dT%H:%M"))
    page.get_by_label("Wünsche möglich bis").fill((now + timedelta(days=1)).strftime(
        "%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Speichern").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Elternsprechtag Winter"
    event_url = page.url

    _upload(page, "Lehrkräfte", "lehrkraefte.csv", TEACHERS)
    assert page.get_by_text("Zeichensatz cp1252").is_visible()
    page.get_by_role("button", name="Import bestätigen").click()
    assert page.get_by_text("Importiert: 2 neue Lehrkräfte.").is_visible()

    _upload(page, "Schülerinnen, Schüler und Familien", "schueler.csv", STUDENTS_BROKEN)
    errors = page.locator(".import-errors li").all_inner_texts()
    assert errors == ["Zeile 3: „Vorname“ ist leer.",
                      "Zeile 4: „kein-mail“ ist keine gültige E-Mail-Adresse."]
    assert page.get_by_role("button", name="Import bestätigen").count() == 0
    a11y(page)
    shoot(page, "elternsprechtag-web-import-fehler")
    page.goto(event_url)
    _upload(page, "Schülerinnen, Schüler und Familien", "schueler.csv", STUDENTS)
    assert page.get_by_role("cell", name="Familie Schröder").is_visible()
    a11y(page)
    shoot(page, "elternsprechtag-web-import-vorschau")
    page.get_by_role("button", name="Import bestätigen").click()
    assert page.get_by_text("2 Familien, 3 Schülerinnen und Schüler, 2 Lehrkräfte.").is_visible()
    a11y(page)

    with live_server.app.app_context():
        family = db.session.scalars(select(Family).where(
            Family.name == "Familie Schröder")).one()
        code = family_code(live_server.app.config["SECRET_KEY"], family)

    # The family, in its own browser, signs in with the code from its letter.
    context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
    parent = context.new_page()
    parent.set_default_timeout(10_000)
    parent.goto(url + "/elternsprechtag")
    a11y(parent)
    parent.get_by_label("Zugangscode").fill(code.lower())
    parent.get_by_role("button", name="Anmelden").click()
    assert "Jörg Schröder (5a)" in parent.locator("main").inner_text()
    parent.get_by_role("link", name="Wünsche abgeben").click()
    jorg = parent.get_by_role("group", name=re.compile("Jörg Schröder"))
    jorg.get_by_label("Frau Müller (MUE)").select_option(label="3 – sehr wichtig")
    jorg.get_by_label("Herr Becker (BEC)").select_option(label="1 – gern")
    anne = parent.get_by_role("group", name=re.compile("Änne Schröder"))
    anne.get_by_label("Frau Müller (MUE)").select_option(label="2 – wichtig")
    parent.get_by_label("von", exact=True).fill("15:30")
    a11y(parent)
    shoot(parent, "elternsprechtag-web-wuensche")
    parent.get_by_role("button", name="Wünsche speichern").click()
    assert parent.get_by_text("Ihre Wünsche sind gespeichert.").is_visible()

    # The office computes the plan with a short time limit and publishes it.
    page.goto(event_url)
    page.get_by_label("Rechenzeit in Sekunden").fill("2")
    page.get_by_role("button", name="Plan berechnen").click()
    page.get_by_text("Der Plan ist fertig.").wait_for(timeout=60_000)  # the page reloads
    assert page.get_by_role("row", name=re.compile("Gespräche geplant")).inner_text() \
        .endswith("3 / 3")
    a11y(page)
    shoot(page, "elternsprechtag-web-plan-berechnet")
    page.get_by_role("button", name="Diesen Plan übernehmen").click()
    assert page.get_by_role("heading", name=re.compile("Frau Müller")).is_visible()
    a11y(page)
    page.get_by_role("button", name="Plan veröffentlichen").click()
    assert page.get_by_text("Der Plan ist veröffentlicht; 1 Mails").is_visible()
    # Leftover slots open for self-booking from now on.
    page.get_by_label("Freie Termine selbst buchen ab").fill(
        (now - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Termine speichern").click()
    assert page.get_by_text("Die Termine sind gespeichert.").is_visible()
    a11y(page)

    parent.get_by_role("link", name="Plan").click()
    rows = parent.locator("main table tbody tr").all_inner_texts()
    assert len(rows) == 3 and all("03.12.2026" in r for r in rows)
    mueller_row = next(r for r in rows if "Frau Müller" in r and "Jörg" in r)
    a11y(parent)
    shoot(parent, "elternsprechtag-web-familienplan")

    # Änne gets a talk with Herr Becker too, in a leftover slot the family books itself.
    parent.get_by_label("Kind").select_option(label="Änne Schröder")
    parent.get_by_label("Lehrkraft").select_option(label="Herr Becker (BEC)")
    parent.get_by_role("button", name="Freie Zeiten zeigen").click()
    slots = parent.get_by_role("button", name=re.compile("buchen$"))
    assert slots.count() > 0
    a11y(parent)
    shoot(parent, "elternsprechtag-web-freie-termine")
    slots.first.click()
    assert parent.get_by_text("Der Termin ist gebucht.").is_visible()
    assert parent.locator("main table tbody tr").count() == 4
    context.close()

    # Frau Müller sees the same talk in her workspace.
    page.get_by_role("button", name="Abmelden").click()
    _sign_in(page, url, "mueller@schule.example")
    page.goto(url + "/workspace/elternsprechtag")
    teacher_rows = page.locator("main table tbody tr").all_inner_texts()
    time_span = mueller_row.split("\t")[1]
    assert any(time_span in r and "Jörg Schröder" in r for r in teacher_rows)
    a11y(page)
    shoot(page, "elternsprechtag-web-lehrkraft")
