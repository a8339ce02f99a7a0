"""iCalendar and CalDAV for Sprechzeit, independent of Flask and of the database models."""
from .busy import busy_intervals, parse_all_day_periods
from .events import CalendarEvent, build_caldav_body, build_calendar, build_event_ics
from .timezones import BERLIN, vtimezone

__all__ = [
    "BERLIN",
    "CalendarEvent",
    "build_caldav_body",
    "build_calendar",
    "build_event_ics",
    "busy_intervals",
    "parse_all_day_periods",
    "vtimezone",
]
