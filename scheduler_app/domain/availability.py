"""Availability rules of a person or a room, expanded into concrete UTC intervals."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time
from enum import StrEnum

from .closures import ClosedDays
from .intervals import Interval, subtract
from .time import day_bounds_utc, days, local_date, local_to_utc


class WeekParity(StrEnum):
    """A/B weeks: A is an odd ISO week number, B an even one (the school's usual count)."""

    A = "A"
    B = "B"

    @staticmethod
    def of(day: date) -> WeekParity:
        return WeekParity.A if day.isocalendar().week % 2 else WeekParity.B


@dataclass(frozen=True, slots=True)
class WeeklyWindow:
    """Every `weekday` (0 = Monday) from `start` to `end` local time, within validity."""

    weekday: int
    start: time
    end: time
    valid_from: date | None = None
    valid_until: date | None = None
    parity: WeekParity | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError("weekday must be 0 (Monday) to 6 (Sunday)")
        if self.end <= self.start:
            raise ValueError("a weekly window must end after it starts")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError("validity ends before it starts")

    def applies_on(self, day: date) -> bool:
        return (
            day.weekday() == self.weekday
            and (self.valid_from is None or day >= self.valid_from)
            and (self.valid_until is None or day <= self.valid_until)
            and (self.parity is None or WeekParity.of(day) == self.parity)
        )

    def on(self, day: date) -> Interval | None:
        """The window on `day` in UTC; None when the spring change swallows all of it
        (e.g. 02:00-03:00 on the last Sunday of March)."""
        start, end = local_to_utc(day, self.start), local_to_utc(day, self.end)
        return Interval(start, end) if start < end else None


@dataclass(frozen=True, slots=True)
class Availability:
    """What a person or a room offers: weekly windows plus one-off windows, minus blocks.

    `always_open` is for rooms without opening rules: they are usable whenever not blocked.
    """

    weekly: Sequence[WeeklyWindow] = ()
    extra: Sequence[Interval] = ()
    blocked: Sequence[Interval] = ()
    always_open: bool = False

    def open_intervals(
        self, first: date, last: date, closed: ClosedDays, *, school_holidays_open: bool = False
    ) -> list[Interval]:
        """Open UTC intervals over the local dates first..last, closures removed."""
        open_days = [d for d in days(first, last) if not closed.is_closed(d, school_holidays_open)]
        if self.always_open:
            base: list[Interval] = [Interval(*day_bounds_utc(d)) for d in open_days]
        else:
            windows = (w.on(d) for d in open_days for w in self.weekly if w.applies_on(d))
            base = [iv for iv in windows if iv is not None]
            open_set = set(open_days)
            base.extend(iv for iv in self.extra if local_date(iv.start) in open_set)
        return subtract(base, self.blocked)


@dataclass(frozen=True, slots=True)
class RoomAvailability:
    room_id: int
    label: str
    availability: Availability = field(default_factory=lambda: Availability(always_open=True))
