"""The JSON API /api/v1: offerings, slots, bookings; problem+json; 50 racers for one slot."""
from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from datetime import datetime

from public_support import berlin, next_weekday, parent_talk, serving
from sqlalchemy import func, select

from scheduler_app.db import db
from scheduler_app.models import Booking, BookingStatus, OutboxMessage


PROBLEM = "application/problem+json"


def _body(what, when, **changes):
    body = {"offering": what.id, "start": when.isoformat(), "name": "Frau Schmidt",
            "email": "schmidt@example.org", "phone": None, "mode": "in_person"}
    body.update(changes)
    return body


def test_offerings_and_slots_with_berlin_offsets(client, factory):
    offering = parent_talk(factory)
    tuesday = next_weekday(1)
    listed = client.get("/api/v1/offerings").get_json()
    assert listed[0]["id"] == offering.id and listed[0]["rooms"] == ["B0.04"]
    slots = client.get(f"/api/v1/offerings/{offering.id}/slots?from={tuesday}&to={tuesday}")
    assert slots.status_code == 200
    first = slots.get_json()[0]
    assert set(first) == {"start", "end"}
    assert datetime.fromisoformat(first["start"]) == berlin(tuesday, "14:00")
    assert first["start"][-6:] in {"+01:00", "+02:00"}


def test_slots_errors_are_problem_details(client, factory):
    offering = parent_talk(factory)
    bad = client.get(f"/api/v1/offerings/{offering.id}/slots?from=morgen")
    assert bad.status_code == 422 and bad.content_type == PROBLEM
    assert bad.get_json()["status"] == 422
    too_long = client.get(f"/api/v1/offerings/{offering.id}/slots?from=2027-01-01&to=2028-01-01")
    assert too_long.status_code == 422
    missing = client.get("/api/v1/offerings/99999999999/slots")
    assert missing.status_code == 404 and missing.content_type == PROBLEM
    assert client.get("/api/v1/nirgends").content_type == PROBLEM
    wrong = client.put("/api/v1/offerings")
    assert wrong.status_code == 405 and wrong.content_type == PROBLEM and "GET" in wrong.headers[
        "Allow"]
    assert wrong.get_json()["detail"] == "Diese Methode ist für diese Adresse nicht erlaubt."


def test_book_show_and_cancel_through_the_api(client, factory, session):
    offering = parent_talk(factory)
    start = berlin(next_weekday(1), "14:30")
    created = client.post("/api/v1/bookings", json=_body(offering, start))
    assert created.status_code == 201, created.get_json()
    data = created.get_json()
    assert datetime.fromisoformat(data["start"]) == start
    token = data["manage_url"].rsplit("/", 1)[1]
    assert data["manage_url"] == f"http://sprechzeit.test/termin/{token}"
    shown = client.get(created.headers["Location"]).get_json()
    assert shown["status"] == "confirmed" and shown["place"] == "Raum B0.04"
    assert client.delete(f"/api/v1/bookings/{token}").status_code == 204
    assert client.get(f"/api/v1/bookings/{token}").get_json()["status"] == "cancelled"
    assert client.delete(f"/api/v1/bookings/{token}").status_code == 204  # idempotent
    assert client.get("/api/v1/bookings/unbekannt").status_code == 404


def test_invalid_input_is_a_422_problem(client, factory, session):
    offering = parent_talk(factory)
    start = berlin(next_weekday(1), "14:00")
    cases = [
        {k: v for k, v in _body(offering, start).items() if k != "email"},
        _body(offering, start, email="keine-adresse"),
        _body(offering, start, mode="phone"),  # a phone talk without a number
        _body(offering, start, start="2027-03-28T10:00:00"),  # no offset
        _body(offering, start, offering=987654),
        _body(offering, start, name="\u0000"),
        _body(offering, start, extra="nein"),
    ]
    for body in cases:
        response = client.post("/api/v1/bookings", json=body)
        assert response.status_code == 422, (body, response.get_json())
        assert response.content_type == PROBLEM
        assert "Traceback" not in response.get_data(as_text=True)
    not_json = client.post("/api/v1/bookings", data="x", content_type="text/plain")
    assert not_json.status_code == 415 and not_json.content_type == PROBLEM
    assert session.scalar(select(func.count(Booking.id))) == 0


def test_taken_slot_is_a_409_with_alternatives(client, factory):
    offering = parent_talk(factory)
    start = berlin(next_weekday(1), "15:00")
    assert client.post("/api/v1/bookings", json=_body(offering, start)).status_code == 201
    again = client.post("/api/v1/bookings", json=_body(offering, start, name="Herr Weber"))
    assert again.status_code == 409 and again.content_type == PROBLEM
    alternatives = again.get_json()["alternatives"]
    assert [datetime.fromisoformat(a["start"]) for a in alternatives[:1]] == [
        berlin(next_weekday(1), "14:00")]


def _post(url: str, body: dict) -> int:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_fifty_clients_race_for_one_slot_over_http(any_app, any_factory, any_session):
    offering = parent_talk(any_factory)
    body = _body(offering, berlin(next_weekday(1), "14:00"))
    statuses: list[int] = []
    barrier = threading.Barrier(50)
    with serving(any_app) as base:
        def race(n: int) -> None:
            barrier.wait()
            statuses.append(_post(f"{base}/api/v1/bookings",
                                  {**body, "name": f"Eltern {n}", "email": f"e{n}@example.org"}))

        threads = [threading.Thread(target=race, args=(n,)) for n in range(50)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(statuses) == [201] + [409] * 49
    with any_app.app_context():
        assert db.session.scalar(select(func.count(Booking.id))) == 1
        assert db.session.scalar(select(func.count(OutboxMessage.id)).where(
            OutboxMessage.channel == "mail", OutboxMessage.topic == "booking_confirmed")) == 1


def test_overlapping_offerings_sharing_b004_cannot_both_take_it(any_app, any_factory,
                                                                any_session):
    room = any_factory.room("B0.04")
    klaasen = parent_talk(any_factory, room=room)  # 30 minutes from 14:00
    mueller = parent_talk(any_factory, room=room, duration_minutes=20,
                          window=("14:10", "16:00"))
    tuesday = next_weekday(1)
    statuses: list[int] = []
    barrier = threading.Barrier(2)
    with serving(any_app) as base:
        def race(offering, hhmm) -> None:
            barrier.wait()
            statuses.append(_post(f"{base}/api/v1/bookings",
                                  _body(offering, berlin(tuesday, hhmm))))

        threads = [threading.Thread(target=race, args=a)
                   for a in ((klaasen, "14:00"), (mueller, "14:10"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(statuses) == [201, 409]
    with any_app.app_context():
        rows = db.session.scalars(select(Booking).where(
            Booking.status == BookingStatus.CONFIRMED)).all()
        assert len(rows) == 1 and rows[0].room.code == "B0.04"


def test_openapi_document_is_3_1(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {"/offerings", "/offerings/{offering_id}/slots",
                                      "/bookings", "/bookings/{token}"}


