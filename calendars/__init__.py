"""iCalendar and CalDAV for Sprechzeit, independent of Flask and of the database models."""
from .busy import busy_intervals, parse_all_day_periods
from .caldav_sync import (
    CalDAVAccount,
    CalDAVError,
    CalDAVUnavailable,
    check_connection,
    delete_event,
    fetch_busy,
    put_event,
)
from .events import CalendarEvent, build_caldav_body, build_calendar, build_event_ics
from .feeds import FeedDocument, is_not_modified, render_feed
from .timezones import BERLIN, vtimezone

__all__ = [
    "BERLIN",
    "CalDAVAccount",
    "CalDAVError",
    "CalDAVUnavailable",
    "CalendarEvent",
    "FeedDocument",
    "build_caldav_body",
    "build_calendar",
    "build_event_ics",
    "busy_intervals",
    "check_connection",
    "delete_event",
    "fetch_busy",
    "is_not_modified",
    "parse_all_day_periods",
    "put_event",
    "render_feed",
    "vtimezone",
]
