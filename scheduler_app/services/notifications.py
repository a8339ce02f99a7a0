"""Telling bookers about their bookings, through the outbox.

Every change of a booking calls notify() in the same transaction as the change, so a
notification is never lost and never sent for a change that was rolled back. The mail is
rendered right here (subject, text, .ics) and stored in the outbox row, so the sender needs
nothing but the row: a later change of the booking cannot alter a mail already queued.
"""
from __future__ import annotations

import json
from datetime import UTC, datetime
from enum import StrEnum

from flask import current_app, render_template
from flask_babel import force_locale, gettext
from sqlalchemy.orm import Session

from ..models import Booking, Channel, Mode, OutboxMessage
from .formatting import when
from .manage_links import manage_token, manage_url


class Event(StrEnum):
    CONFIRMED = "booking_confirmed"
    CANCELLED_BY_BOOKER = "booking_cancelled_by_booker"
    CANCELLED_BY_STAFF = "booking_cancelled_by_staff"
    MOVED_BY_BOOKER = "booking_moved_by_booker"
    MOVED_BY_STAFF = "booking_moved_by_staff"
    REMINDER = "booking_reminder"


CANCELLED = {Event.CANCELLED_BY_BOOKER, Event.CANCELLED_BY_STAFF}
WITH_ICS = {Event.CONFIRMED, Event.MOVED_BY_BOOKER, Event.MOVED_BY_STAFF} | CANCELLED


def place_of(booking: Booking) -> str:
    """Where the talk happens, as the booker reads it."""
    if booking.mode == Mode.PHONE:
        return gettext("Telefon")
    if booking.room is not None:
        return gettext("Raum %(room)s", room=booking.room.label)
    return gettext("in der Schule")


def offering_title(booking: Booking, locale: str) -> str:
    offering = booking.offering
    return offering.title_en if locale == "en" and offering.title_en else offering.title


def _subject(booking: Booking, event: Event, locale: str) -> str:
    """Never the topic; for confidential offerings not even what kind of talk it is."""
    date = when(booking.starts_at, None, locale)
    prefix = {
        Event.CONFIRMED: gettext("Terminbestätigung"),
        Event.CANCELLED_BY_BOOKER: gettext("Termin abgesagt"),
        Event.CANCELLED_BY_STAFF: gettext("Termin abgesagt"),
        Event.MOVED_BY_BOOKER: gettext("Termin verschoben"),
        Event.MOVED_BY_STAFF: gettext("Termin verschoben"),
        Event.REMINDER: gettext("Erinnerung an Ihren Termin"),
    }[event]
    if booking.offering.confidential:
        return f"{prefix}: {date}"
    return f"{prefix}: {offering_title(booking, locale)}, {date}"


def _ics(booking: Booking, event: Event, url: str, locale: str, now: datetime) -> str | None:
    from calendars.events import CalendarEvent, build_event_ics

    from .feeds import uid_host

    cancelled = event in CANCELLED
    summary = (gettext("Gesprächstermin (%(school)s)", school=current_app.config["SCHOOL_NAME"])
               if booking.offering.confidential else offering_title(booking, locale))
    calendar_event = CalendarEvent(
        uid=f"booking-{booking.id}@{uid_host(current_app.config['BASE_URL'])}",
        start=booking.starts_at, end=booking.ends_at, summary=summary,
        location=place_of(booking), description=gettext("Termin verwalten: %(url)s", url=url),
        url=url, sequence=booking.sequence, created=booking.created_at, last_modified=now,
        status="CANCELLED" if cancelled else "CONFIRMED")
    method = "CANCEL" if cancelled else "PUBLISH"
    return build_event_ics(calendar_event, method=method).decode()


def render_mail(booking: Booking, event: Event, now: datetime, **details) -> dict:
    """Subject, text and .ics of a mail about `booking`, in the booker's language."""
    config = current_app.config
    locale = booking.locale or "de"
    url = manage_url(config["BASE_URL"], manage_token(config["SECRET_KEY"], booking))
    with force_locale(locale):
        previous = details.get("previous_start")
        previous_text = (when(previous, None, locale) if isinstance(previous, datetime)
                         else details.get("old_start"))  # staff moves pass it as text
        body = render_template(
            "mail/booking.txt", booking=booking, event=event.value, Event=Event,
            manage_url=url, title=offering_title(booking, locale), place=place_of(booking),
            when=when(booking.starts_at, booking.ends_at, locale),
            previous=previous_text or None, message=(details.get("message") or "").strip(),
            school=config["SCHOOL_NAME"], show_topic=bool(
                booking.topic and not booking.offering.confidential))
        subject = _subject(booking, event, locale)
        ics = _ics(booking, event, url, locale, now) if event in WITH_ICS else None
    return {"subject": subject, "body": body, "ics": ics,
            "ics_method": "CANCEL" if event in CANCELLED else "PUBLISH",
            "manage_url": url}


def notify(session: Session, booking: Booking, event: Event, *, now: datetime | None = None,
           **details) -> OutboxMessage | None:
    """Queues a mail to the booker; without an e-mail address there is nobody to tell."""
    if not booking.booker_email:
        return None
    session.flush()  # the booking needs its id for the link and the calendar UID
    now = now or datetime.now(UTC)
    # The cause's details stay readable beside the rendered mail (staff UIs show them).
    payload = {**{k: v for k, v in details.items() if isinstance(v, str | int | float)},
               **render_mail(booking, event, now, **details)}
    message = OutboxMessage(channel=Channel.MAIL, topic=event.value, booking_id=booking.id,
                            recipient=booking.booker_email,
                            payload=json.dumps(payload, default=str))
    session.add(message)
    return message
