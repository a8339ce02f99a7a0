"""Rule-based VTIMEZONE components.

icalendar can generate a VTIMEZONE from zoneinfo, but that one lists every transition as an
RDATE; ical.js and vobject then place summer appointments an hour late. Clients handle the
classic form (one STANDARD and one DAYLIGHT observance, each with a yearly RRULE) reliably,
so that is what we write.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import icalendar

BERLIN = ZoneInfo("Europe/Berlin")

# The rules of the reference year are written as valid from 1970 on (as Outlook and
# Thunderbird do): appointments lie in the present, and a fixed year keeps feed bodies (and
# so their ETags) stable from one year to the next.
REFERENCE_YEAR = 2025
RULES_SINCE = 1970
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def vtimezone(tzid: str = "Europe/Berlin") -> icalendar.Timezone:
    """A fresh VTIMEZONE for tzid with yearly RRULEs (no RDATE lists)."""
    return icalendar.Timezone.from_ical(_vtimezone_ical(tzid))


@lru_cache(maxsize=32)
def _vtimezone_ical(tzid: str) -> bytes:
    zone = ZoneInfo(tzid)
    tz = icalendar.Timezone()
    tz.add("TZID", tzid)
    transitions = _transitions(zone, REFERENCE_YEAR)
    if not transitions:
        offset = zone.utcoffset(datetime(REFERENCE_YEAR, 1, 1))
        sub = icalendar.TimezoneStandard()
        sub.add("TZNAME", zone.tzname(datetime(REFERENCE_YEAR, 1, 1)) or tzid)
        sub.add("TZOFFSETFROM", offset)
        sub.add("TZOFFSETTO", offset)
        sub.add("DTSTART", datetime(RULES_SINCE, 1, 1))
        tz.add_component(sub)
        return tz.to_ical()
    for instant, before, after, name, is_dst in transitions:
        local = (instant + before).replace(tzinfo=None)  # wall clock before the change
        sub = icalendar.TimezoneDaylight() if is_dst else icalendar.TimezoneStandard()
        sub.add("TZNAME", name)
        sub.add("TZOFFSETFROM", before)
        sub.add("TZOFFSETTO", after)
        sub.add("DTSTART", _first_in_year(RULES_SINCE, local))
        sub.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": local.month,
                          "BYDAY": _byday(local.date())})
        tz.add_component(sub)
    return tz.to_ical()


def _transitions(zone: ZoneInfo, year: int):
    """(UTC instant, offset before, offset after, name after, is DST after) within year."""
    found = []
    day = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    previous = day.astimezone(zone).utcoffset()
    while day < end:
        nxt = day + timedelta(days=1)
        offset = nxt.astimezone(zone).utcoffset()
        if offset != previous:
            lo, hi = day, nxt  # offset(lo) == previous, offset(hi) == offset
            while hi - lo > timedelta(minutes=1):
                mid = lo + (hi - lo) / 2
                if mid.astimezone(zone).utcoffset() == previous:
                    lo = mid
                else:
                    hi = mid
            instant = hi.replace(second=0, microsecond=0)
            after = instant.astimezone(zone)
            found.append((instant, previous, offset, after.tzname(), bool(after.dst())))
            previous = offset
        day = nxt
    return found


def _byday(day: date) -> str:
    """-1SU for the last Sunday of its month, 2SU for the second, and so on."""
    weekday = WEEKDAYS[day.weekday()]
    if (day + timedelta(days=7)).month != day.month:
        return f"-1{weekday}"
    return f"{(day.day - 1) // 7 + 1}{weekday}"


def _first_in_year(year: int, local: datetime) -> datetime:
    """The same rule (month, n-th weekday, wall time) applied to an earlier year."""
    byday = _byday(local.date())
    n, weekday = int(byday[:-2]), WEEKDAYS.index(byday[-2:])
    if n > 0:
        first = date(year, local.month, 1)
        day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    else:
        last = (date(year, local.month, 28) + timedelta(days=4)).replace(day=1) - timedelta(1)
        day = last - timedelta(days=(last.weekday() - weekday) % 7)
    return datetime.combine(day, local.time())
