"""Appointments as iCalendar: the event type the app hands in, and the documents built from it."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import icalendar

from .ical_text import PRODID, calendar_bytes

__all__ = [
    "PRODID",
    "CalendarEvent",
    "build_caldav_body",
    "build_calendar",
    "build_event_ics",
]

STATUSES = ("CONFIRMED", "TENTATIVE", "CANCELLED")


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable across edits, e.g. "booking-42@sprechzeit.example"
    start: datetime  # timezone-aware (any zone; written as Europe/Berlin local time)
    end: datetime
    summary: str
    location: str | None = None
    description: str | None = None
    url: str | None = None
    sequence: int = 0
    created: datetime | None = None
    last_modified: datetime | None = None  # also used for DTSTAMP
    status: str = "CONFIRMED"  # CONFIRMED | TENTATIVE | CANCELLED
    transparent: bool = False
    organizer_email: str | None = None
    attendee_email: str | None = None

    def __post_init__(self):
        for name in ("start", "end", "created", "last_modified"):
            value = getattr(self, name)
            if value is not None and value.utcoffset() is None:
                raise ValueError(f"CalendarEvent.{name} must be timezone-aware")
        if self.end <= self.start:
            raise ValueError("CalendarEvent.end must be after start")
        if self.status not in STATUSES:
            raise ValueError(f"CalendarEvent.status must be one of {', '.join(STATUSES)}")
        if not self.uid or any(c in self.uid for c in "\r\n"):
            raise ValueError("CalendarEvent.uid must be a non-empty single line")

    @property
    def stamp(self) -> datetime:
        """DTSTAMP: when this version of the event was made (UTC, whole seconds)."""
        moment = self.last_modified or self.created or datetime.now(UTC)
        return moment.astimezone(UTC).replace(microsecond=0)


def build_calendar(events: Iterable[CalendarEvent], *, method: str | None = None,
                   name: str | None = None, refresh: timedelta | None = None
                   ) -> icalendar.Calendar:
    """A VCALENDAR with the Europe/Berlin VTIMEZONE first and one VEVENT per event."""
    return icalendar.Calendar.from_ical(
        calendar_bytes(events, method=method, name=name, refresh=refresh))


def build_event_ics(event: CalendarEvent, method: str = "PUBLISH") -> bytes:
    """One VEVENT with its VTIMEZONE for a mail attachment (send with MIME method=METHOD)."""
    return calendar_bytes([event], method=method)


def build_caldav_body(event: CalendarEvent) -> bytes:
    """The body of a CalDAV PUT: RFC 4791 section 4.1 forbids METHOD in stored resources."""
    return calendar_bytes([event])
