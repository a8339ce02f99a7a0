"""Closed days: the school holidays shipped as data, .ics imports, and the lookup."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from calendars.busy import parse_all_day_periods

from ..domain.closures import ClosedDays
from ..domain.messages import N_, UserError
from ..models import Closure, ClosureKind

SHIPPED_FILE = "school_holidays_ni.json"


class ClosureImportError(UserError):
    pass


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: int


def closed_days(session: Session, first: date, last: date) -> ClosedDays:
    """The closures touching first..last, ready for the slot engine."""
    rows = session.scalars(
        select(Closure).where(Closure.first_day <= last, Closure.last_day >= first))
    holidays, other = [], []
    for row in rows:
        (holidays if row.kind == ClosureKind.SCHOOL_HOLIDAY else other).append(row.to_period())
    return ClosedDays.from_periods(holidays, other)


def _add_periods(session: Session, periods, kind: ClosureKind, source: str) -> ImportResult:
    existing = {(c.kind, c.first_day, c.name) for c in session.scalars(select(Closure))}
    added = skipped = 0
    for name, first, last in periods:
        if (kind, first, name) in existing:
            skipped += 1
            continue
        session.add(Closure(kind=kind, name=name, first_day=first, last_day=last, source=source))
        existing.add((kind, first, name))
        added += 1
    return ImportResult(added, skipped)


def load_shipped_school_holidays(session: Session) -> ImportResult:
    """Adds Lower Saxony's school holidays shipped with Sprechzeit; safe to run again."""
    data = json.loads(resources.files("scheduler_app.data").joinpath(SHIPPED_FILE).read_text())
    periods = [(p["name"], date.fromisoformat(p["first"]), date.fromisoformat(p["last"]))
               for p in data["periods"]]
    result = _add_periods(session, periods, ClosureKind.SCHOOL_HOLIDAY, data["source"])
    session.commit()
    return result


def import_school_holidays_ics(session: Session, ics: bytes, source: str) -> ImportResult:
    """Adds the all-day events of an .ics file (e.g. the ministry's) as school holidays."""
    try:
        periods = parse_all_day_periods(ics)
    except ValueError as exc:
        raise ClosureImportError(N_("Die Datei ist kein lesbarer iCalendar: %(detail)s"),
                                 detail=str(exc)) from exc
    if not periods:
        raise ClosureImportError(N_("Die Datei enthält keine ganztägigen Termine."))
    result = _add_periods(session, periods, ClosureKind.SCHOOL_HOLIDAY, source)
    session.commit()
    return result
