"""iCalendar and CalDAV for Sprechzeit, independent of Flask and of the database models."""
from .busy import busy_intervals, parse_all_day_periods
from .feeds import FeedDocument, is_not_modified, render_feed
from .events import CalendarEvent, build_caldav_body, build_calendar, build_event_ics
from .timezones import BERLIN, vtimezone

__all__ = [
    "BERLIN",
    "CalendarEvent",
    "FeedDocument",
    "build_caldav_body",
    "build_calendar",
    "build_event_ics",
    "busy_intervals",
    "is_not_modified",
    "parse_all_day_periods",
    "render_feed",
    "vtimezone",
]
