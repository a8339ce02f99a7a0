"""Wall-clock time in Europe/Berlin versus stored UTC instants."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")

# Bookings and occupancy cells are aligned to this grid; Berlin's offsets are whole hours,
# so the local grid and the UTC grid coincide.
GRID_MINUTES = 5


def local_to_utc(day: date, wall: time) -> datetime:
    """The UTC instant of a Berlin wall-clock time.

    A time inside the spring gap is read with the offset before the change (02:30 becomes
    03:30 CEST); an ambiguous autumn time means its first occurrence (fold=0).
    """
    return datetime.combine(day, wall, tzinfo=BERLIN).astimezone(UTC)


def wall_time_exists(day: date, wall: time) -> bool:
    """False for wall-clock times skipped by the spring change (e.g. 02:30 on 2027-03-28)."""
    aware = datetime.combine(day, wall, tzinfo=BERLIN)
    return aware.astimezone(UTC).astimezone(BERLIN).replace(tzinfo=None) == aware.replace(
        tzinfo=None
    )


def to_local(instant: datetime) -> datetime:
    return ensure_utc(instant).astimezone(BERLIN)


def local_date(instant: datetime) -> date:
    return to_local(instant).date()


def ensure_utc(instant: datetime) -> datetime:
    """Refuse naive datetimes: every instant in Sprechzeit is timezone-aware."""
    if instant.tzinfo is None:
        raise ValueError("naive datetime: Sprechzeit only handles timezone-aware instants")
    return instant.astimezone(UTC)


def day_bounds_utc(day: date) -> tuple[datetime, datetime]:
    """The UTC interval of a whole Berlin day (23 or 25 hours on change days)."""
    return local_to_utc(day, time(0)), local_to_utc(day + timedelta(days=1), time(0))


def days(first: date, last: date):
    """Every date from first to last inclusive."""
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


def grid_cells(start: datetime, end: datetime) -> range:
    """Indices of the GRID_MINUTES cells that [start, end) touches.

    Counting whole cells from the epoch keeps the cell of an instant independent of the
    time zone and of the database's datetime handling.
    """
    first = int(ensure_utc(start).timestamp()) // 60 // GRID_MINUTES
    last_minute = -(-int(ensure_utc(end).timestamp()) // 60)  # ceil to the minute
    last = -(-last_minute // GRID_MINUTES)
    return range(first, last)
