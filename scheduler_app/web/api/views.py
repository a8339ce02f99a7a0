"""JSON API: offerings, free slots, bookings by manage token. Errors are problem+json."""
from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import jsonschema_rs
from flask import Blueprint, Response, current_app, request, url_for
from werkzeug.exceptions import HTTPException

from ...db import db
from ...domain.time import local_date, to_local
from ...extensions import csrf
from ...models import Booking, BookingStatus, Mode
from ...services.booking import Booker, BookingError, SlotTaken
from ...services.manage_links import booking_for_token, manage_url
from ...services.notifications import place_of
from ...services.offerings import UnknownOffering, get_offering, list_offerings
from ...services.public_booking import cancel_by_booker, make_booking, nearest_free_slots
from ...services.slots import slots_for
from .openapi import DOCUMENT, SCHEMAS

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # no cookies are used for authorisation here: the token is in the URL

MAX_DAYS = 92
MAX_ID = 2147483647
_REQUEST_SCHEMA = {**SCHEMAS["BookingRequest"], "$defs": {}}
_validator = jsonschema_rs.validator_for(_REQUEST_SCHEMA, validate_formats=True)


class Problem(Exception):
    def __init__(self, status: int, title: str, detail: str | None = None, **extra):
        super().__init__(detail or title)
        self.status, self.title, self.detail, self.extra = status, title, detail, extra


def problem_response(status: int, title: str, detail: str | None = None,
                     headers=None, **extra) -> Response:
    body = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    response = Response(json.dumps(body, ensure_ascii=False), status=status,
                        mimetype="application/problem+json")
    for name, value in headers or ():
        if name.lower() not in {"content-type", "content-length"}:
            response.headers[name] = value
    return response


def _json(data, status: int = 200, headers=None) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), status=status,
                    mimetype="application/json", headers=headers)


@bp.errorhandler(Problem)
def _problem(exc: Problem):
    return problem_response(exc.status, exc.title, exc.detail, **exc.extra)


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException):
    return problem_response(exc.code or 500, exc.name, exc.description,
                            headers=exc.get_headers())


@bp.errorhandler(Exception)
def _unexpected(exc: Exception):
    db.session.rollback()
    current_app.logger.exception("API error")
    return problem_response(500, "Internal Server Error",
                            "Ein unerwarteter Fehler ist aufgetreten; nichts wurde gespeichert.")


def iso(instant: datetime) -> str:
    return to_local(instant).isoformat(timespec="seconds")


def _slot(slot) -> dict:
    return {"start": iso(slot.start), "end": iso(slot.end)}


def _offering(offering_id: int):
    try:
        if offering_id > MAX_ID:
            raise UnknownOffering(offering_id)
        return get_offering(db.session, offering_id)
    except UnknownOffering:
        raise Problem(404, "Not Found", "Dieses Angebot gibt es nicht.") from None


@bp.get("/openapi.json")
def openapi():
    return _json(DOCUMENT)


@bp.get("/offerings")
def offerings():
    return _json([{
        "id": o.id, "title": o.title, "title_en": o.title_en, "kind": o.kind.value,
        "staff": o.staff.display_name,
        "modes": [m for m, on in (("in_person", o.in_person), ("phone", o.phone)) if on],
        "duration_minutes": o.duration_minutes, "rooms": [r.code for r in o.rooms],
        "confidential": o.confidential, "topic_enabled": o.topic_enabled,
        "for_parents": o.for_parents, "for_students": o.for_students,
    } for o in list_offerings(db.session)])


def _date_arg(name: str, default: date) -> date:
    value = request.args.get(name)
    if value is None:
        return default
    try:
        day = date.fromisoformat(value)
        if len(value) != 10:
            raise ValueError(value)
    except ValueError:
        raise Problem(422, "Unprocessable Content", f"{name}: erwartet YYYY-MM-DD.",
                      errors=[{"field": name, "message": "erwartet YYYY-MM-DD"}]) from None
    return day


@bp.get("/offerings/<int:offering_id>/slots")
def slots(offering_id: int):
    offering = _offering(offering_id)
    now = datetime.now(UTC)
    first = _date_arg("from", local_date(now))
    try:
        last = _date_arg("to", first + timedelta(days=13))
    except OverflowError:
        last = date.max
    if last < first or (last - first).days >= MAX_DAYS:
        raise Problem(422, "Unprocessable Content",
                      f"to muss zwischen from und from + {MAX_DAYS - 1} Tagen liegen.")
    if first.year < 2000 or last.year > 2200:
        return _json([])  # nothing is ever bookable that far away
    return _json([_slot(s) for s in slots_for(db.session, offering, first, last, now)])


def _body() -> dict:
    if not request.is_json:
        raise Problem(415, "Unsupported Media Type", "Bitte senden Sie JSON.")
    body = request.get_json(silent=True)
    if body is None:
        raise Problem(422, "Unprocessable Content", "Der Inhalt ist kein gültiges JSON.")
    errors = [{"field": "/".join(str(p) for p in e.instance_path) or "(body)",
               "message": e.message} for e in _validator.iter_errors(body)]
    if errors:
        raise Problem(422, "Unprocessable Content", "Ungültige Eingabe.", errors=errors)
    return body


def _start(value: str) -> datetime:
    try:
        start = datetime.fromisoformat(value.upper().replace(" ", "T")).astimezone(UTC)
    except (ValueError, OverflowError):
        start = None
    now = datetime.now(UTC)
    if start is None or not now - timedelta(days=1) < start < now + timedelta(days=800):
        raise Problem(422, "Unprocessable Content", "start liegt außerhalb des Buchungszeitraums.",
                      errors=[{"field": "start", "message": "kein buchbarer Zeitpunkt"}])
    return start


@bp.post("/bookings")
def create_booking():
    body = _body()
    start = _start(body["start"])
    try:
        offering = get_offering(db.session, int(body["offering"]))
    except UnknownOffering:
        raise Problem(422, "Unprocessable Content", "Dieses Angebot gibt es nicht.",
                      errors=[{"field": "offering", "message": "unbekannt"}]) from None
    mode = Mode(body["mode"])
    booker = Booker(name=body["name"], email=body["email"], phone=body.get("phone"))
    now = datetime.now(UTC)
    try:
        booking, token = make_booking(db.session, offering, start, mode, booker, now,
                                      secret_key=current_app.config["SECRET_KEY"],
                                      locale=request.accept_languages.best_match(["de", "en"])
                                      or "de")
        db.session.commit()
    except SlotTaken as exc:
        db.session.rollback()
        alternatives = [_slot(s) for s in nearest_free_slots(db.session, offering, start, now,
                                                             mode=mode)]
        raise Problem(409, "Conflict", str(exc), alternatives=alternatives) from None
    except BookingError as exc:
        db.session.rollback()
        raise Problem(422, "Unprocessable Content", str(exc)) from None
    return _json({"id": booking.id, "start": iso(booking.starts_at), "end": iso(booking.ends_at),
                  "manage_url": manage_url(current_app.config["BASE_URL"], token)}, 201,
                 headers={"Location": url_for(".get_booking", token=token)})


def _booking(token: str) -> Booking:
    booking = booking_for_token(db.session, token)
    if booking is None:
        raise Problem(404, "Not Found", "Zu diesem Link gibt es keinen Termin.")
    return booking


@bp.get("/bookings/<token>")
def get_booking(token: str):
    booking = _booking(token)
    return _json({
        "id": booking.id, "offering": booking.offering_id, "start": iso(booking.starts_at),
        "end": iso(booking.ends_at), "mode": booking.mode.value, "place": place_of(booking),
        "status": booking.status.value, "booking_code": booking.booking_code,
        "manage_url": manage_url(current_app.config["BASE_URL"], token)})


@bp.delete("/bookings/<token>")
def cancel_booking(token: str):
    booking = _booking(token)
    if booking.status != BookingStatus.CANCELLED:
        try:
            cancel_by_booker(db.session, booking, datetime.now(UTC))
            db.session.commit()
        except BookingError as exc:
            db.session.rollback()
            raise Problem(409, "Conflict", str(exc)) from None
    return Response(status=204)
