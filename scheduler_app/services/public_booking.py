"""The booker's use cases: book, move and cancel through the public page or the API.

Each function changes the booking and queues the mail in one transaction; the caller
commits once. Errors are BookingError (bad request, German message) or SlotTaken.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.messages import N_
from ..domain.slots import Slot
from ..domain.time import local_date
from ..models import BookerKind, Booking, BookingStatus, Mode, Offering
from .booking import Booker, BookingError, SlotTaken, book, cancel, move
from .manage_links import code_for_request, new_booking_code, token_for_code
from .notifications import Event, notify
from .offerings import is_bookable
from .slots import slots_for

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9 ()/\-]{5,30}$")
NEAREST_WINDOW = timedelta(days=14)

__all__ = ["BookingError", "SlotTaken", "make_booking", "booking_of_request", "move_by_booker",
           "cancel_by_booker", "nearest_free_slots", "is_email", "is_phone"]


def is_email(value: str | None) -> bool:
    return bool(value) and len(value) <= 254 and bool(EMAIL.match(value))


def is_phone(value: str | None) -> bool:
    return bool(value) and bool(PHONE.match(value))


def is_clean(value: str | None) -> bool:
    """No control characters and valid UTF-8: what every database column can store."""
    if not value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return not any(ord(c) < 32 and c not in "\r\n\t" or ord(c) == 127 for c in value)


def check_booker(offering: Offering, booker: Booker, mode: Mode) -> Booker:
    """The data rules of the public page; returns the booker with what we may keep."""
    if not all(is_clean(v) for v in (booker.name, booker.email, booker.phone, booker.topic)):
        raise BookingError(N_("Die Angaben enthalten unzulässige Zeichen."))
    if booker.kind == BookerKind.STUDENT and not offering.for_students:
        raise BookingError(N_("Dieses Angebot richtet sich an Eltern."))
    if booker.kind == BookerKind.PARENT and not offering.for_parents:
        raise BookingError(N_("Dieses Angebot richtet sich an Schülerinnen und Schüler."))
    name = (booker.name or "").strip()
    if not name or len(name) > 120:
        raise BookingError(N_("Bitte geben Sie einen Namen an (höchstens 120 Zeichen)."))
    email = (booker.email or "").strip() or None
    if booker.kind == BookerKind.PARENT and not email:
        raise BookingError(N_("Bitte geben Sie Ihre E-Mail-Adresse an."))
    if email and not is_email(email):
        raise BookingError(N_("Diese E-Mail-Adresse sieht nicht gültig aus."))
    phone = (booker.phone or "").strip() or None
    if phone and not is_phone(phone):
        raise BookingError(N_("Diese Telefonnummer sieht nicht gültig aus."))
    if mode == Mode.PHONE and not phone:
        raise BookingError(N_("Für ein Telefongespräch brauchen wir eine Telefonnummer."))
    # Confidential offerings ask for no topic, and none is stored even if sent.
    topic = (booker.topic or "").strip()[:500] or None
    if offering.confidential or not offering.topic_enabled:
        topic = None
    return Booker(name=name, email=email, phone=phone, kind=booker.kind, topic=topic)


def make_booking(session: Session, offering: Offering, start: datetime, mode: Mode,
                 booker: Booker, now: datetime, *, secret_key: str, locale: str = "de",
                 request_key: str | None = None) -> tuple[Booking, str]:
    """Books, signs the manage link and queues the confirmation; returns booking and token.

    `request_key` comes from the booking form: the same key books at most once, see
    `booking_of_request`.
    """
    if not is_bookable(offering):  # paused, or its person's account is deactivated
        raise BookingError(N_("Dieses Angebot ist nicht buchbar."))
    booker = check_booker(offering, booker, mode)
    code = code_for_request(secret_key, request_key) if request_key else new_booking_code()
    booking, token = book(session, offering, start, mode, booker, now,
                          manage_token=token_for_code(secret_key, code), booking_code=code,
                          locale=locale if locale in {"de", "en"} else "de")
    notify(session, booking, Event.CONFIRMED, now=now)
    return booking, token


def booking_of_request(session: Session, secret_key: str,
                       request_key: str | None) -> tuple[Booking, str] | None:
    """The active booking a form with `request_key` already made, and its manage token."""
    if not request_key:
        return None
    code = code_for_request(secret_key, request_key)
    booking = session.scalar(select(Booking).where(
        Booking.booking_code == code, Booking.status != BookingStatus.CANCELLED))
    return (booking, token_for_code(secret_key, code)) if booking is not None else None


def move_by_booker(session: Session, booking: Booking, start: datetime,
                   now: datetime) -> Booking:
    """Moves to another free slot of the same offering: the new time is taken first."""
    if booking.starts_at <= now:
        raise BookingError(N_("Vergangene Termine können nicht mehr verschoben werden."))
    previous = booking.starts_at
    move(session, booking, start, now)
    booking.reminder_for = None
    notify(session, booking, Event.MOVED_BY_BOOKER, now=now, previous_start=previous)
    return booking


def cancel_by_booker(session: Session, booking: Booking, now: datetime) -> None:
    if booking.status == BookingStatus.CANCELLED:
        return
    if booking.starts_at <= now:
        raise BookingError(N_("Vergangene Termine können nicht mehr abgesagt werden."))
    cancel(session, booking, now)
    notify(session, booking, Event.CANCELLED_BY_BOOKER, now=now)


def nearest_free_slots(session: Session, offering: Offering, wanted: datetime, now: datetime,
                       limit: int = 5, mode: Mode | None = None) -> list[Slot]:
    """The free slots closest in time to the one that was just taken."""
    first = max(local_date(wanted - NEAREST_WINDOW), local_date(now))
    last = local_date(wanted + NEAREST_WINDOW)
    slots = [s for s in slots_for(session, offering, first, last, now) if s.start != wanted
             and (mode != Mode.IN_PERSON or s.in_person) and (mode != Mode.PHONE or s.phone)]
    slots.sort(key=lambda s: abs((s.start - wanted).total_seconds()))
    return sorted(slots[:limit], key=lambda s: s.start)
