"""Closed days: public holidays of Lower Saxony and school holidays."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import holidays


# The `holidays` package's names for the page languages.
HOLIDAY_LANGUAGES = {"de": "de", "en": "en_US"}


@lru_cache(maxsize=32)
def public_holidays(year: int, language: str = "de") -> dict[date, str]:
    """Public holidays of Lower Saxony (Niedersachsen) in one year, named in `language`
    ("de" or "en"; German for anything else)."""
    return dict(holidays.country_holidays(
        "DE", subdiv="NI", years=year, language=HOLIDAY_LANGUAGES.get(language, "de")))


@dataclass(frozen=True, slots=True)
class Period:
    """A closure from `first` to `last` inclusive (local dates)."""

    name: str
    first: date
    last: date

    def dates(self) -> Iterable[date]:
        for offset in range((self.last - self.first).days + 1):
            yield self.first + timedelta(days=offset)


@dataclass(frozen=True)
class ClosedDays:
    """Answers whether the school is closed on a day.

    Public holidays always close; school holidays close unless an offering stays open in
    them (the social worker, for example); `other` closures (a pedagogic day) always close.
    """

    school_holidays: frozenset[date] = field(default_factory=frozenset)
    other: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def from_periods(
        cls, school_holidays: Iterable[Period] = (), other: Iterable[Period] = ()
    ) -> ClosedDays:
        return cls(
            frozenset(d for p in school_holidays for d in p.dates()),
            frozenset(d for p in other for d in p.dates()),
        )

    def is_public_holiday(self, day: date) -> bool:
        return day in public_holidays(day.year)

    def is_closed(self, day: date, school_holidays_open: bool = False) -> bool:
        if day in self.other or self.is_public_holiday(day):
            return True
        return day in self.school_holidays and not school_holidays_open


NO_CLOSURES = ClosedDays()
