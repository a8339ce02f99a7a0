"""Bookings, cancellations and no-shows per offering and month, for the yearly evaluation.

Only counts leave this module, already passed through the small-count rule.
"""
from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.statistics import MonthCounts, PublishedRow, publish
from ..domain.time import day_bounds_utc, local_date
from ..models import Booking, BookingStatus, Offering


def month_counts(session: Session, year: int) -> list[MonthCounts]:
    """Raw counts by the Berlin month of the talk; offerings without bookings are left out."""
    start = day_bounds_utc(date(year, 1, 1))[0]
    end = day_bounds_utc(date(year + 1, 1, 1))[0]
    rows = session.execute(
        select(Offering.id, Offering.title, Booking.starts_at, Booking.status)
        .join(Booking, Booking.offering_id == Offering.id)
        .where(Booking.starts_at >= start, Booking.starts_at < end))
    totals: Counter = Counter()
    titles: dict[int, str] = {}
    for offering_id, title, starts_at, status in rows:
        titles[offering_id] = title
        key = (offering_id, local_date(starts_at).month)
        totals[key + ("all",)] += 1
        totals[key + (status,)] += 1
    keys = sorted({(o, m) for o, m, _s in totals}, key=lambda k: (titles[k[0]], k[1]))
    return [MonthCounts(titles[o], year, m, totals[(o, m, "all")],
                        totals[(o, m, BookingStatus.CANCELLED)],
                        totals[(o, m, BookingStatus.NO_SHOW)]) for o, m in keys]


def published_statistics(session: Session, year: int) -> list[PublishedRow]:
    return publish(month_counts(session, year))


def statistics_csv(rows: list[PublishedRow], headers: list[str]) -> str:
    """Semicolon-separated, as German spreadsheet programs expect; hidden cells read "< 3"."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for r in rows:
        writer.writerow([r.offering, f"{r.year}-{r.month:02d}", r.bookings, r.cancellations,
                         r.no_shows])
    return out.getvalue()
