"""Office administration: staff invitations, rooms with opening rules, offerings, closures,
and the anonymous statistics with small counts hidden."""
from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from sqlalchemy import select

from scheduler_app.db import db
from scheduler_app.models import (
    Booking,
    BookingStatus,
    Closure,
    Offering,
    OutboxMessage,
    Room,
    WeeklyRule,
)
from scheduler_app.services.offerings import list_offerings

from .conftest import ADMIN, COUNSELLOR, TEACHER, login, make_booking, staff_id

ICS = b"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//ferien//DE
BEGIN:VEVENT
UID:ostern-2027@test
DTSTAMP:20261101T000000Z
DTSTART;VALUE=DATE:20270322
DTEND;VALUE=DATE:20270403
SUMMARY:Osterferien 2027 Test
END:VEVENT
END:VCALENDAR
"""


def test_invitation_mail_lets_the_new_person_set_a_password(demo, signed_in):
    office = signed_in(ADMIN)
    bad = office.post("/office/staff", data={"display_name": "", "email": "kein-at",
                                             "role": "teacher"})
    page = bad.get_data(as_text=True)
    assert bad.status_code == 422 and 'value="kein-at"' in page
    assert "Bitte einen Namen angeben." in page and "keine gültige E-Mail-Adresse" in page
    duplicate = office.post("/office/staff", data={"display_name": "Doppelt", "email": TEACHER,
                                                   "role": "teacher"})
    assert "gibt es schon ein Konto" in duplicate.get_data(as_text=True)

    office.post("/office/staff", data={"display_name": "Frau Neu", "email": "neu@schule.example",
                                       "role": "teacher"})
    with demo.app_context():
        message = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.topic == "staff_invitation")).one()
        assert message.recipient == "neu@schule.example" and message.channel.value == "mail"
        body = json.loads(message.payload)["body"]
    link = re.search(r"http://sprechzeit\.test(/password/welcome/\S+)", body).group(1)
    client = demo.test_client()
    assert "Willkommen" in client.get(link).get_data(as_text=True)
    client.post(link, data={"password": "mein-erstes-passwort",
                            "confirm": "mein-erstes-passwort"})
    login(client, "neu@schule.example", "mein-erstes-passwort")


def test_deactivated_staff_offerings_are_not_bookable(demo, signed_in):
    office = signed_in(ADMIN)
    office.post(f"/office/staff/{staff_id(demo, TEACHER)}/deactivate")
    with demo.app_context():
        titles = [o.title for o in list_offerings(db.session)]
    assert not any("Klaasen" in t for t in titles)
    assert "Herrn Klaasen" not in demo.test_client().get("/").get_data(as_text=True)
    # The office cannot lock itself out.
    office.post(f"/office/staff/{staff_id(demo, ADMIN)}/deactivate")
    assert office.get("/office").status_code == 200


def test_room_with_its_own_opening_rule(demo, signed_in):
    office = signed_in(ADMIN)
    bad = office.post("/office/rooms", data={"code": "B0.04", "name": "x", "kind": "classroom"})
    assert bad.status_code == 422 and "Diesen Raum gibt es schon." in bad.get_data(as_text=True)
    response = office.post("/office/rooms", data={"code": "C2.01", "name": "Besprechung",
                                                  "kind": "counselling", "is_active": "y"},
                           follow_redirects=True)
    assert "Raum C2.01 ist angelegt." in response.get_data(as_text=True)
    with demo.app_context():
        room_id = db.session.scalar(select(Room.id).where(Room.code == "C2.01"))
    office.post(f"/office/rooms/{room_id}/weekly", data={
        "weekly-weekday": "0", "weekly-start": "08:00", "weekly-end": "13:00",
        "weekly-parity": "A"})
    with demo.app_context():
        rule = db.session.scalars(select(WeeklyRule).where(WeeklyRule.room_id == room_id)).one()
        assert rule.parity.value == "A" and rule.staff_id is None
    page = office.get(f"/office/rooms/{room_id}").get_data(as_text=True)
    assert "A-Wochen" in page and "08:00–13:00" in page


def test_offering_is_created_and_validated(demo, signed_in):
    office = signed_in(ADMIN)
    with demo.app_context():
        room_id = db.session.scalar(select(Room.id).where(Room.code == "B0.04"))
    data = {"title": "Sprechstunde Mathe", "staff_id": str(staff_id(demo, TEACHER)),
            "kind": "teacher_talk", "duration_minutes": "17", "buffer_before_minutes": "0",
            "buffer_after_minutes": "5", "min_notice_minutes": "720", "horizon_days": "28",
            "for_parents": "y", "is_active": "y", "rooms": [str(room_id)]}
    bad = office.post("/office/offerings/new", data=data)
    page = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "Vielfaches von 5" in page
    assert "persönlich" in page and 'value="Sprechstunde Mathe"' in page
    data.update(duration_minutes="20", in_person="y")
    office.post("/office/offerings/new", data=data)
    with demo.app_context():
        offering = db.session.scalars(select(Offering).where(
            Offering.title == "Sprechstunde Mathe")).one()
        assert [r.code for r in offering.rooms] == ["B0.04"]
        assert offering.duration_minutes == 20


def test_closures_entered_imported_and_public_holidays_shown(demo, signed_in):
    office = signed_in(ADMIN)
    page = office.get("/office/closures?year=2027").get_data(as_text=True)
    assert "Tag der Deutschen Einheit" in page and "Reformationstag" in page
    english = office.get("/office/closures?year=2027&lang=en").get_data(as_text=True)
    assert "German Unity Day" in english and "Reformation Day" in english
    assert "Reformationstag" not in english
    office.get("/office/closures?lang=de")
    bad = office.post("/office/closures", data={"kind": "school_closed", "name": "Studientag",
                                                "first_day": "2027-02-02",
                                                "last_day": "2027-02-01"})
    assert bad.status_code == 422 and "Der letzte Tag liegt vor dem ersten." in bad.get_data(
        as_text=True)
    office.post("/office/closures", data={"kind": "school_closed", "name": "Studientag",
                                          "first_day": "2027-02-01", "last_day": "2027-02-01"})
    from io import BytesIO
    response = office.post("/office/closures/import",
                           data={"ics": (BytesIO(ICS), "ferien.ics")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "1 Ferienzeiträume importiert" in response.get_data(as_text=True)
    broken = office.post("/office/closures/import",
                         data={"ics": (BytesIO(b"kein kalender"), "x.ics")},
                         content_type="multipart/form-data")
    assert broken.status_code == 422
    with demo.app_context():
        names = set(db.session.scalars(select(Closure.name)))
    assert {"Studientag", "Osterferien 2027 Test"} <= names
    page = office.get("/office/closures?year=2027").get_data(as_text=True)
    assert "Studientag" in page and "Osterferien 2027 Test" in page


def _bookings(app, email, count, status=BookingStatus.CONFIRMED):
    now = datetime.now(UTC)
    ids = [make_booking(app, email, name=f"Person {i}", index=0, now=now) for i in range(count)]
    with app.app_context():
        for booking_id in ids:
            db.session.get(Booking, booking_id).status = status
        db.session.commit()
    return ids


def test_statistics_hide_small_counts_in_table_chart_and_csv(demo, signed_in):
    _bookings(demo, TEACHER, 4)
    _bookings(demo, COUNSELLOR, 1, BookingStatus.NO_SHOW)
    office = signed_in(ADMIN)
    with demo.app_context():
        year = db.session.scalars(select(Booking.starts_at)).first().year
    page = office.get(f"/office/statistics?year={year}").get_data(as_text=True)
    assert "Elterngespräch mit Herrn Klaasen" in page
    assert "Beratung bei der Beratungslehrkraft" in page
    assert '<td class="num">4</td>' in page
    assert "&lt; 3" in page
    assert '<td class="num">1</td>' not in page
    assert "Person 0" not in page
    assert page.count('class="bar"') == 1  # only the shown count gets a measured bar
    csv = office.get(f"/office/statistics.csv?year={year}")
    assert csv.mimetype == "text/csv"
    text = csv.get_data(as_text=True).lstrip("\ufeff")
    lines = text.strip().splitlines()
    assert lines[0] == "Angebot;Monat;Buchungen;Absagen;Nicht erschienen"
    klaasen = next(line for line in lines if "Klaasen" in line)
    assert klaasen.endswith(";4;< 3;< 3")
    petersen = next(line for line in lines if "Beratungslehrkraft" in line)
    assert petersen.endswith(";< 3;< 3;< 3")
    assert "Person" not in text


def test_refusals_of_the_office_services_follow_the_language(demo, signed_in):
    from io import BytesIO

    office = signed_in(ADMIN)
    no_holidays = ICS.replace(b"DTSTART;VALUE=DATE:20270322", b"DTSTART:20270322T080000Z") \
        .replace(b"DTEND;VALUE=DATE:20270403", b"DTEND:20270322T090000Z")
    for lang, room_exists, no_all_day in (
            ("en", "This room already exists.", "The file contains no all-day events."),
            ("de", "Diesen Raum gibt es schon.", "Die Datei enthält keine ganztägigen Termine.")):
        office.get(f"/office?lang={lang}")
        room = office.post("/office/rooms", data={"code": "B0.04", "name": "x",
                                                  "kind": "classroom"})
        assert room.status_code == 422 and room_exists in room.get_data(as_text=True)
        ics = office.post("/office/closures/import",
                          data={"ics": (BytesIO(no_holidays), "ferien.ics")},
                          content_type="multipart/form-data")
        assert ics.status_code == 422 and no_all_day in ics.get_data(as_text=True)
