"""The workspace of a counsellor: appointments, availability with preview, cancel and move."""
from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from scheduler_app.db import db
from scheduler_app.domain.time import local_date
from scheduler_app.models import (
    Booking,
    BookingStatus,
    DateRule,
    OutboxMessage,
    Room,
    WeeklyRule,
)

from .conftest import ADMIN, COUNSELLOR, TEACHER, make_booking, staff_id


def _slot_count(page: str) -> int:
    return sum(int(n) for n in re.findall(r'data-testid="slot-count">\((\d+) freie? Termin', page))


def test_appointments_in_day_and_week_view(demo, signed_in):
    booking_id = make_booking(demo, COUNSELLOR, name="Mia Geheimnis")
    with demo.app_context():
        day = local_date(db.session.get(Booking, booking_id).starts_at)
    client = signed_in(COUNSELLOR)
    week = client.get(f"/workspace?date={day.isoformat()}").get_data(as_text=True)
    assert "Mia Geheimnis" in week and "Woche vom" in week
    one_day = client.get(f"/workspace?view=day&date={day.isoformat()}").get_data(as_text=True)
    assert "Mia Geheimnis" in one_day
    assert one_day.count("Mia Geheimnis") == 2  # "coming up" and the day itself
    other_day = (day + timedelta(days=1)).isoformat()
    other = client.get(f"/workspace?view=day&date={other_day}").get_data(as_text=True)
    assert other.count("Mia Geheimnis") == 1 and "Keine Termine." in other


def test_a_new_weekly_window_shows_in_the_preview(demo, signed_in):
    client = signed_in(TEACHER)
    before = _slot_count(client.get("/workspace/availability").get_data(as_text=True))
    response = client.post("/workspace/availability/weekly", data={
        "weekly-weekday": "4", "weekly-start": "08:00", "weekly-end": "10:00",
        "weekly-parity": "", "weekly-offering": "0"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Gespeichert" in page
    assert _slot_count(page) > before
    assert "Freitag" in page


def test_a_rejected_window_keeps_what_was_typed(demo, signed_in):
    client = signed_in(TEACHER)
    response = client.post("/workspace/availability/weekly", data={
        "weekly-weekday": "2", "weekly-start": "15:00", "weekly-end": "14:00",
        "weekly-valid_from": "2027-03-01", "weekly-valid_until": "2027-02-01",
        "weekly-parity": "B", "weekly-offering": "0"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Das Ende muss nach dem Beginn liegen." in page
    assert "„Gültig bis“ darf nicht vor „Gültig ab“ liegen." in page
    assert 'value="15:00"' in page and 'value="2027-03-01"' in page
    assert re.search(r'<option selected value="B">|<option value="B" selected>', page)
    assert 'id="weekly-end-error"' in page
    owner = staff_id(demo, TEACHER)
    with demo.app_context():
        saved = db.session.scalar(select(WeeklyRule.id).where(
            WeeklyRule.staff_id == owner, WeeklyRule.weekday == 2))
    assert saved is None


def test_garbage_time_gets_a_german_message(demo, signed_in):
    client = signed_in(TEACHER)
    response = client.post("/workspace/availability/oneoff", data={
        "oneoff-day": "morgen", "oneoff-start": "acht", "oneoff-end": "10:00"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="morgen"' in page and 'value="acht"' in page
    assert "Kein gültiges Datum" in page or "Bitte ein Datum angeben" in page


def test_a_mistyped_year_is_refused_not_a_server_error(demo, signed_in):
    client = signed_in(TEACHER)
    for url, data in (
            ("/workspace/availability/oneoff", {
                "oneoff-day": "0001-01-01", "oneoff-start": "00:10", "oneoff-end": "01:00"}),
            ("/workspace/availability/blocked", {
                "blocked-first_day": "2026-12-10", "blocked-last_day": "9999-12-31"}),
            ("/workspace/availability/blocked", {
                "blocked-first_day": "0001-01-01", "blocked-last_day": "2026-12-10"})):
        response = client.post(url, data=data)
        page = response.get_data(as_text=True)
        assert response.status_code == 422, url
        assert "Bitte ein Datum zwischen 2000 und 2099 angeben." in page
    owner = staff_id(demo, TEACHER)
    with demo.app_context():
        assert db.session.scalar(select(DateRule.id).where(DateRule.staff_id == owner)) is None


def test_a_period_already_over_is_refused_not_silently_stored(demo, signed_in):
    """Stored, it would never act nor be listed: "Gespeichert" would hide a typo."""
    yesterday = local_date(datetime.now(UTC)) - timedelta(days=1)
    teacher, office = signed_in(TEACHER), signed_in(ADMIN)
    with demo.app_context():
        room_id = db.session.scalar(select(Room.id).where(Room.code == "B0.04"))
    for client, url, data in (
            (teacher, "/workspace/availability/oneoff", {
                "oneoff-day": yesterday.isoformat(), "oneoff-start": "09:00",
                "oneoff-end": "10:00", "oneoff-note": "Sprechstunde"}),
            (teacher, "/workspace/availability/blocked", {
                "blocked-first_day": yesterday.isoformat(),
                "blocked-last_day": yesterday.isoformat()}),
            (office, f"/office/rooms/{room_id}/blocked", {
                "blocked-first_day": yesterday.isoformat(),
                "blocked-last_day": yesterday.isoformat()})):
        response = client.post(url, data=data)
        page = response.get_data(as_text=True)
        assert response.status_code == 422, url
        assert "Dieser Zeitraum ist schon vorbei." in page
        assert f'value="{yesterday.isoformat()}"' in page  # kept, to correct the year
    with demo.app_context():
        assert db.session.scalar(select(func.count(DateRule.id))) == 0


def test_blocked_period_and_one_off_window(demo, signed_in):
    client = signed_in(TEACHER)
    start = local_date(datetime.now(UTC))
    before = _slot_count(client.get("/workspace/availability?weeks=6").get_data(as_text=True))
    client.post("/workspace/availability/blocked", data={
        "blocked-first_day": start.isoformat(),
        "blocked-last_day": (start + timedelta(days=41)).isoformat(), "blocked-note": "Kur"})
    blocked = _slot_count(client.get("/workspace/availability?weeks=6").get_data(as_text=True))
    assert blocked == 0 <= before
    with demo.app_context():
        rule = db.session.scalars(select(DateRule).where(
            DateRule.staff_id == staff_id(demo, TEACHER))).one()
        rule_id = rule.id
    page = client.get("/workspace/availability").get_data(as_text=True)
    assert "Gesperrt" in page and "Kur" in page
    client.post(f"/workspace/availability/dates/{rule_id}/delete")
    assert _slot_count(client.get("/workspace/availability?weeks=6").get_data(
        as_text=True)) == before


def test_staff_cancel_frees_the_time_and_tells_the_booker(demo, signed_in):
    booking_id = make_booking(demo, COUNSELLOR)
    client = signed_in(COUNSELLOR)
    response = client.post(f"/workspace/appointments/{booking_id}/cancel",
                           data={"cancel-message": "Ich bin leider krank."},
                           follow_redirects=True)
    assert "Der Termin ist abgesagt" in response.get_data(as_text=True)
    with demo.app_context():
        assert db.session.get(Booking, booking_id).status == BookingStatus.CANCELLED
        message = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.booking_id == booking_id,
            OutboxMessage.topic == "booking_cancelled_by_staff")).one()
        assert message.recipient == "mia@familie.example"
        assert "Ich bin leider krank." in json.loads(message.payload)["body"]


def test_staff_move_picks_a_free_slot_and_tells_the_booker(demo, signed_in):
    booking_id = make_booking(demo, COUNSELLOR)
    client = signed_in(COUNSELLOR)
    page = client.get(f"/workspace/appointments/{booking_id}").get_data(as_text=True)
    option = re.findall(r'<option value="([^"]+T[^"]+)"', page)[0]
    bad = client.post(f"/workspace/appointments/{booking_id}/move", data={"start": ""})
    assert bad.status_code == 422 and "Bitte einen neuen Termin wählen." in bad.get_data(
        as_text=True)
    client.post(f"/workspace/appointments/{booking_id}/move", data={"start": option})
    with demo.app_context():
        booking = db.session.get(Booking, booking_id)
        assert booking.starts_at == datetime.fromisoformat(option)
        assert db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.booking_id == booking_id,
            OutboxMessage.topic == "booking_moved_by_staff")).one().recipient
    taken = client.post(f"/workspace/appointments/{booking_id}/move",
                        data={"start": "2020-01-06T08:00:00+00:00"})
    assert taken.status_code == 422 and "nicht (mehr) frei" in taken.get_data(as_text=True)


def test_no_show_is_recorded_after_the_talk(demo, signed_in):
    past = datetime.now(UTC) - timedelta(days=14)
    booking_id = make_booking(demo, COUNSELLOR, now=past)
    client = signed_in(COUNSELLOR)
    client.post(f"/workspace/appointments/{booking_id}/no-show")
    with demo.app_context():
        assert db.session.get(Booking, booking_id).status == BookingStatus.NO_SHOW


def test_workspace_speaks_english_and_keeps_query_on_language_switch(demo, signed_in):
    client = signed_in(COUNSELLOR)
    page = client.get("/workspace?view=day&date=2026-12-01").get_data(as_text=True)
    assert "/workspace?view=day&amp;date=2026-12-01&amp;lang=en" in page
    english = client.get("/workspace?view=day&date=2026-12-01&lang=en").get_data(as_text=True)
    assert "My appointments" in english and "Tuesday, December 1, 2026" in english
    german = client.get("/workspace?view=day&date=2026-12-01&lang=de").get_data(as_text=True)
    assert "Dienstag, 1. Dezember 2026" in german


def test_a_refused_move_is_explained_in_english(demo, signed_in):
    booking_id = make_booking(demo, COUNSELLOR)
    client = signed_in(COUNSELLOR)
    client.get("/workspace?lang=en")
    taken = client.post(f"/workspace/appointments/{booking_id}/move",
                        data={"start": "2020-01-06T08:00:00+00:00"})
    page = taken.get_data(as_text=True)
    assert taken.status_code == 422 and "This time is not (or no longer) free." in page
    assert "nicht (mehr) frei" not in page


def test_a_far_off_or_broken_date_in_the_url_shows_this_week(demo, signed_in):
    """An edited URL (?date=9999-12-31) is no error: the week views show today's week."""
    today = local_date(datetime.now(UTC))
    counsellor, office = signed_in(COUNSELLOR), signed_in(ADMIN)
    for value in ("9999-12-31", "0001-01-01", "2026-13-01", "morgen"):
        for client, url in ((counsellor, "/workspace"), (office, "/office/rooms/overview")):
            for view in ("day", "week"):
                response = client.get(f"{url}?view={view}&date={value}")
                assert response.status_code == 200, (url, view, value)
                assert today.strftime("%Y") in response.get_data(as_text=True)
