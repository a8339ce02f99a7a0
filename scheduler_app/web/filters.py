"""Jinja filters that show stored UTC instants as Berlin time in the visitor's language,
and bookings' bookers."""
from __future__ import annotations

from datetime import date, datetime, time

from babel.dates import get_day_names
from flask import Flask
from flask_babel import format_date, get_locale, gettext

from ..domain.time import to_local
from .messages import translated


def local_time(value: datetime | time | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_local(value)
    return value.strftime("%H:%M")  # 24-hour clock: the school's usage in both languages


def local_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return f"{format_date(to_local(value).date(), 'medium')}, {local_time(value)}"


def local_date(value: date | datetime | None, style: str = "medium") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_local(value).date()
    return format_date(value, style)


def weekday_name(index: int) -> str:
    return get_day_names("wide", locale=get_locale())[index]


def month_label(year: int, month: int) -> str:
    return format_date(date(year, month, 1), "MMMM yyyy")


def booker(booking) -> str:
    """Who booked, or that it is no longer known: the name goes after the retention period."""
    return gettext("anonymisiert") if booking.is_anonymised else booking.booker_name


def init_filters(app: Flask) -> None:
    app.add_template_global(month_label)
    app.add_template_filter(local_time)
    app.add_template_filter(local_datetime)
    app.add_template_filter(local_date)
    app.add_template_filter(weekday_name)
    app.add_template_filter(booker)
    app.add_template_filter(translated)  # a service's Message in the visitor's language
