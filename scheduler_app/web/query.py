"""Values read from a page's query string, where a bad value means the default, not an error."""
from __future__ import annotations

from datetime import date

from flask import request

from .forms_common import FIRST_YEAR, LAST_YEAR


def day_arg(name: str, default: date) -> date:
    """The day in `?name=YYYY-MM-DD`; a typo or a year far off (9999-12-31 would overflow
    the week arithmetic behind it) shows `default` instead."""
    try:
        day = date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return default
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else default
