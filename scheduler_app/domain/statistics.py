"""Anonymous usage figures: the small-count rule that keeps people unrecognisable.

A count below SMALL_COUNT could point at one family or one student, so it is never shown,
not even as a bar length; it appears as "< 3" in the table, the chart and the CSV.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

SMALL_COUNT = 3
HIDDEN = f"< {SMALL_COUNT}"


def is_hidden(count: int) -> bool:
    return count < SMALL_COUNT


def shown(count: int) -> str:
    """The count as it may be published."""
    return HIDDEN if is_hidden(count) else str(count)


@dataclass(frozen=True, slots=True)
class MonthCounts:
    offering: str
    year: int
    month: int
    bookings: int
    cancellations: int
    no_shows: int


@dataclass(frozen=True, slots=True)
class PublishedRow:
    """One offering and month, with only publishable values."""

    offering: str
    year: int
    month: int
    bookings: str
    cancellations: str
    no_shows: str
    bar_percent: int | None  # None when the bookings count is hidden


def publish(rows: Iterable[MonthCounts]) -> list[PublishedRow]:
    """Suppresses small counts and scales the bars on the shown bookings only.

    Bars are scaled to the largest *shown* count, so a hidden value never sets the scale.
    Totals are deliberately not offered: a total minus the shown cells would reveal a
    hidden one.
    """
    rows = list(rows)
    visible = [r.bookings for r in rows if not is_hidden(r.bookings)]
    top = max(visible, default=0)
    return [
        PublishedRow(
            r.offering, r.year, r.month, shown(r.bookings), shown(r.cancellations),
            shown(r.no_shows),
            None if is_hidden(r.bookings) or not top else round(100 * r.bookings / top))
        for r in rows
    ]
