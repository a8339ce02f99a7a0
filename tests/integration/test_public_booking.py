"""Booking on the public pages: slots by day, the form's rules, taken slots, the manage link."""
from __future__ import annotations

import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta

import pytest
from public_support import berlin, next_weekday, parent_talk, serving
from sqlalchemy import func, select

from scheduler_app.db import db
from scheduler_app.models import Booking, BookingStatus, OutboxMessage
from scheduler_app.web.public.views import slot_key

PARENT = {"booker_kind": "parent", "name": "Frau Schmidt", "email": "schmidt@example.org",
          "phone": "", "mode": "in_person", "topic": "Mathe", "consent": "y"}


def _book(client, offering, start, **changes):
    data = {**PARENT, "start": slot_key(start), **changes}
    return client.post(f"/angebot/{offering.id}/buchen", data=data)


def test_offering_page_shows_free_slots_by_day_in_berlin_time(client, factory):
    offering = parent_talk(factory)
    tuesday = next_weekday(1)
    page = client.get(f"/angebot/{offering.id}").get_data(as_text=True)
    assert "14:00–14:30" in page and "15:30–16:00" in page
    assert f"start={slot_key(berlin(tuesday, '14:00'))}" in page


def test_parent_books_and_gets_a_manage_link_and_a_mail(client, factory, session):
    offering = parent_talk(factory)
    start = berlin(next_weekday(1), "14:30")
    response = _book(client, offering, start)
    assert response.status_code == 302
    manage = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ihr Termin ist gebucht" in manage and "14:30–15:00" in manage
    assert "Raum B0.04" in manage
    booking = session.scalar(select(Booking))
    assert booking.topic == "Mathe" and booking.room.code == "B0.04"
    mail = session.scalar(select(OutboxMessage).where(OutboxMessage.channel == "mail"))
    payload = json.loads(mail.payload)
    assert "Mathe" not in payload["subject"] and "14:30" in payload["subject"]
    assert response.headers["Location"].split("?")[0] in payload["body"]


def test_parent_needs_an_email_and_a_phone_talk_a_number(client, factory, session):
    offering = parent_talk(factory)
    start = berlin(next_weekday(1), "14:00")
    response = _book(client, offering, start, email="", mode="phone")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Bitte geben Sie Ihre E-Mail-Adresse an." in page
    assert "Für ein Telefongespräch brauchen wir eine Telefonnummer." in page
    assert 'value="Frau Schmidt"' in page  # what was typed stays
    assert session.scalar(select(func.count(Booking.id))) == 0


def test_phone_only_offering_does_not_call_the_number_optional(client, factory):
    offering = parent_talk(factory, in_person=False)
    start = berlin(next_weekday(1), "14:00")
    page = client.get(f"/angebot/{offering.id}/buchen?start={slot_key(start)}").get_data(
        as_text=True)
    assert "Am Telefon" in page and "Unter dieser Nummer rufen wir Sie an." in page
    assert '<label for="phone">Telefonnummer</label>' in page
    assert "Nur nötig, wenn Sie ein Telefongespräch wählen." not in page


def test_consent_is_required(client, factory):
    offering = parent_talk(factory)
    response = _book(client, offering, berlin(next_weekday(1), "14:00"), consent="")
    assert "Ohne Ihr Einverständnis" in response.get_data(as_text=True)


def test_student_without_email_sees_a_booking_code_and_the_link(client, factory, session):
    offering = parent_talk(factory, for_students=True, confidential=True, topic_enabled=False)
    page = client.get(f"/angebot/{offering.id}/buchen?start="
                      f"{slot_key(berlin(next_weekday(1), '14:00'))}").get_data(as_text=True)
    assert "vertraulich" in page and 'name="topic"' not in page
    response = _book(client, offering, berlin(next_weekday(1), "14:00"), booker_kind="student",
                     name="Sunny", email="", topic="geheim")
    manage = client.get(response.headers["Location"]).get_data(as_text=True)
    booking = session.scalar(select(Booking))
    assert booking.booking_code and booking.booking_code in manage
    assert "Bitte notieren oder speichern" in manage
    assert re.search(r'class="manage-link">http://localhost/termin/[\w-]{43}<', manage)
    assert booking.topic is None  # a confidential offering stores no topic, even if sent
    assert session.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.channel == "mail")) == 0


def test_taken_slot_offers_the_nearest_free_ones_and_keeps_the_input(client, factory):
    offering = parent_talk(factory)
    start = berlin(next_weekday(1), "15:00")
    assert _book(client, offering, start, name="Erste").status_code == 302
    response = _book(client, offering, start, name="Zweiter Vater", email="zweiter@example.org")
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Dieser Termin ist leider gerade vergeben worden." in page
    assert 'value="Zweiter Vater"' in page and 'value="zweiter@example.org"' in page
    assert "15:30–16:00" in page and "14:30–15:00" in page  # the neighbours, both sides


def test_manage_page_moves_and_cancels_only_by_post(client, factory, session):
    offering = parent_talk(factory)
    tuesday = next_weekday(1)
    location = _book(client, offering, berlin(tuesday, "14:00")).headers["Location"]
    token = location.split("/termin/")[1].split("?")[0]
    assert client.get(f"/termin/{token}/absagen").status_code == 200  # asks, changes nothing
    assert session.scalar(select(Booking.status)) == BookingStatus.CONFIRMED
    moved = client.post(f"/termin/{token}/verschieben",
                        data={"start": slot_key(berlin(tuesday, "15:30"))})
    assert moved.status_code == 302
    page = client.get(f"/termin/{token}").get_data(as_text=True)
    assert "15:30–16:00" in page
    assert client.post(f"/termin/{token}/absagen").status_code == 302
    assert "Dieser Termin ist abgesagt." in client.get(f"/termin/{token}").get_data(as_text=True)
    topics = list(session.scalars(select(OutboxMessage.topic).where(
        OutboxMessage.channel == "mail").order_by(OutboxMessage.id)))
    assert topics == ["booking_confirmed", "booking_moved_by_booker",
                      "booking_cancelled_by_booker"]


def test_moving_onto_a_taken_slot_keeps_the_old_one(client, factory, session):
    offering = parent_talk(factory)
    tuesday = next_weekday(1)
    mine = _book(client, offering, berlin(tuesday, "14:00")).headers["Location"]
    _book(client, offering, berlin(tuesday, "15:00"), name="Andere")
    token = mine.split("/termin/")[1].split("?")[0]
    response = client.post(f"/termin/{token}/verschieben",
                           data={"start": slot_key(berlin(tuesday, "15:00"))})
    assert response.status_code == 409
    assert "Ihr bisheriger Termin bleibt bestehen" in response.get_data(as_text=True)
    assert "14:00–14:30" in client.get(f"/termin/{token}").get_data(as_text=True)


def test_unknown_manage_link_is_a_404(client):
    assert client.get("/termin/" + "x" * 43).status_code == 404
    assert client.get("/termin/kurz").status_code == 404


def test_privacy_notice_names_art_13(client):
    page = client.get("/datenschutz").get_data(as_text=True)
    assert "Art. 13" in page and "Landesbeauftragten für den Datenschutz Niedersachsen" in page


def test_csrf_is_on_in_the_real_configuration(app, factory):
    offering = parent_talk(factory)
    app.config["WTF_CSRF_ENABLED"] = True
    response = app.test_client().post(f"/angebot/{offering.id}/buchen", data={
        **PARENT, "start": slot_key(berlin(next_weekday(1), "14:00"))})
    assert response.status_code == 400


def test_english_pages_and_mail(client, factory, session):
    offering = parent_talk(factory, title_en="Parent talk")
    start = berlin(next_weekday(1), "14:00")
    page = client.get(f"/angebot/{offering.id}/buchen?start={slot_key(start)}&lang=en")
    text = page.get_data(as_text=True)
    assert "Book now" in text and "E-mail address" in text and "I agree" in text
    response = _book(client, offering, start)
    assert "Your appointment is booked." in client.get(
        response.headers["Location"]).get_data(as_text=True)
    payload = json.loads(session.scalar(select(OutboxMessage.payload).where(
        OutboxMessage.channel == "mail")))
    assert payload["subject"].startswith("Appointment confirmed: Parent talk")
    assert "Dear Frau Schmidt," in payload["body"] and "Room B0.04" in payload["body"]


def test_manage_pages_are_not_cached_and_leak_no_referrer(client, factory):
    offering = parent_talk(factory)
    location = _book(client, offering, berlin(next_weekday(1), "14:00")).headers["Location"]
    response = client.get(location)
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_start_page_groups_offerings_by_whom_to_talk_to(client, runner):
    runner.invoke(args=["demo", "seed"])
    page = client.get("/").get_data(as_text=True)
    headings = ["Beratungslehrkraft</h2>", "Schulsozialarbeit</h2>", "Deine Chance",
                "Klassen- und Fachlehrkräfte</h2>"]
    positions = [page.index(h) for h in headings]
    assert positions == sorted(positions)


def test_absurd_start_times_are_refused_politely(client, factory):
    offering = parent_talk(factory)
    for start in ("9999-12-31T23:00Z", "0001-01-01T00:00+05:00", "2027-01-01T10:00", "x"):
        response = client.post(f"/angebot/{offering.id}/buchen", data={**PARENT, "start": start})
        assert response.status_code == 302, start
        assert response.headers["Location"].endswith(f"/angebot/{offering.id}")


def test_a_start_already_over_is_called_over_not_just_taken(client, factory, session):
    offering = parent_talk(factory)
    over = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(hours=2)
    shown = client.get(f"/angebot/{offering.id}/buchen?start={slot_key(over)}")
    assert shown.status_code == 302 and shown.headers["Location"].endswith(
        f"/angebot/{offering.id}")
    page = client.get(shown.headers["Location"]).get_data(as_text=True)
    assert "Dieser Termin ist schon vorbei." in page
    response = _book(client, offering, over)
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "Dieser Termin ist schon vorbei." in page
    assert "gerade vergeben" not in page and 'value="Frau Schmidt"' in page
    assert session.scalar(select(func.count(Booking.id))) == 0



# The fixtures keep one app context for the whole test, and Flask-Babel caches the locale
# in it: a test picks its language with its first request.
@pytest.mark.parametrize("lang, expected", [
    ("en", "Sorry, this slot has just been taken."),
    ("de", "Dieser Termin ist leider gerade vergeben worden.")])
def test_taken_slot_is_explained_in_the_chosen_language(client, factory, lang, expected):
    client.get(f"/?lang={lang}")
    offering = parent_talk(factory)
    start = berlin(next_weekday(1), "15:00")
    assert _book(client, offering, start, name="Erste").status_code == 302
    response = _book(client, offering, start, name="Zweite", email="zweite@example.org")
    assert response.status_code == 409 and expected in response.get_data(as_text=True)


@pytest.mark.parametrize("lang, expected", [
    ("en", "The details contain characters that are not allowed."),
    ("de", "Die Angaben enthalten unzulässige Zeichen.")])
def test_a_refusal_of_the_booking_service_follows_the_language(client, factory, session,
                                                              lang, expected):
    client.get(f"/?lang={lang}")
    offering = parent_talk(factory)
    response = _book(client, offering, berlin(next_weekday(1), "14:00"), name="Frau\x07Schmidt")
    assert response.status_code == 422 and expected in response.get_data(as_text=True)
    assert session.scalar(select(func.count(Booking.id))) == 0


@pytest.mark.parametrize("lang, expected", [
    ("en", "Past appointments can no longer be cancelled."),
    ("de", "Vergangene Termine können nicht mehr abgesagt werden.")])
def test_manage_link_refusal_follows_the_language(client, factory, monkeypatch, lang,
                                                  expected):
    from scheduler_app.web.public import views

    client.get(f"/?lang={lang}")
    offering = parent_talk(factory)
    start = berlin(next_weekday(1), "14:00")
    location = _book(client, offering, start).headers["Location"]
    monkeypatch.setattr(views, "now", lambda: start + timedelta(hours=1))  # the talk is over
    page = client.post(location.split("?")[0] + "/absagen", follow_redirects=True)
    assert expected in page.get_data(as_text=True)


def _request_key(client, offering, start) -> str:
    page = client.get(f"/angebot/{offering.id}/buchen?start={slot_key(start)}")
    return re.search(r'name="request_key" type="hidden" value="([^"]+)"',
                     page.get_data(as_text=True)).group(1)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_a_form_sent_twice_at_once_books_once_and_both_answers_show_that_booking(
        any_app, any_factory, any_session):
    """A double click sends the form twice: the parent must see the booking, not "taken"."""
    offering = parent_talk(any_factory)
    start = berlin(next_weekday(1), "14:00")
    key = _request_key(any_app.test_client(), offering, start)
    body = urllib.parse.urlencode({**PARENT, "start": slot_key(start),
                                   "request_key": key}).encode()
    opener = urllib.request.build_opener(_NoRedirects)
    answers: list[tuple[int, str]] = []
    barrier = threading.Barrier(2)
    with serving(any_app) as base:
        def click() -> None:
            barrier.wait()
            try:
                opener.open(f"{base}/angebot/{offering.id}/buchen", body, timeout=30)
            except urllib.error.HTTPError as exc:  # the 302, unfollowed, or a 409
                answers.append((exc.code, exc.headers.get("Location", "")))

        threads = [threading.Thread(target=click) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert [code for code, _ in answers] == [302, 302]
    assert answers[0][1] == answers[1][1] and "/termin/" in answers[0][1]
    with any_app.app_context():
        assert db.session.scalar(select(func.count(Booking.id))) == 1
        assert db.session.scalar(select(func.count(OutboxMessage.id)).where(
            OutboxMessage.topic == "booking_confirmed")) == 1


def test_another_form_for_a_booked_slot_still_hears_it_is_taken(client, factory):
    offering = parent_talk(factory)
    start = berlin(next_weekday(1), "14:00")
    first = _book(client, offering, start, request_key=_request_key(client, offering, start))
    again = _book(client, offering, start, request_key=_request_key(client, offering, start),
                  name="Herr Weber")
    assert first.status_code == 302 and again.status_code == 409
