"""The slot engine: availability rules, closures and busy times in, bookable slots out.

A pure function of its inputs: no database, no Flask, no clock of its own ("now" is given).
Slots step through real (UTC) time from the start of each open window, so a wall-clock time
skipped in spring never appears and the repeated autumn hour yields distinct, ordered slots.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from .availability import Availability, RoomAvailability
from .closures import ClosedDays
from .intervals import Interval, IntervalSet
from .time import GRID_MINUTES, ensure_utc, local_date

_GRID = timedelta(minutes=GRID_MINUTES)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class OfferingRules:
    """What the engine needs to know of an offering."""

    duration: timedelta
    step: timedelta | None = None
    buffer_before: timedelta = timedelta(0)
    buffer_after: timedelta = timedelta(0)
    min_notice: timedelta = timedelta(0)
    horizon: timedelta = timedelta(days=56)
    max_per_day: int | None = None
    in_person: bool = True
    phone: bool = False
    open_in_school_holidays: bool = False

    def __post_init__(self) -> None:
        if self.duration <= timedelta(0):
            raise ValueError("an offering needs a positive duration")
        if not (self.in_person or self.phone):
            raise ValueError("an offering must be bookable in person or by phone")
        if self.duration % _GRID or (self.step and self.step % _GRID):
            raise ValueError(f"durations and steps must be multiples of {GRID_MINUTES} minutes")

    @property
    def slot_step(self) -> timedelta:
        return self.step or self.duration


@dataclass(frozen=True, slots=True)
class Slot:
    """A bookable talk: in person (in one of `rooms`, if the offering uses rooms) and/or by
    phone."""

    start: datetime
    end: datetime
    rooms: tuple[int, ...]
    in_person: bool
    phone: bool


def _ceil_to_grid(instant: datetime) -> datetime:
    rest = (instant - _EPOCH) % _GRID
    return instant if not rest else instant + (_GRID - rest)


def bookable_slots(
    offering: OfferingRules,
    person: Availability,
    rooms: Sequence[RoomAvailability],
    closed: ClosedDays,
    *,
    now: datetime,
    first: date,
    last: date,
    person_busy: Iterable[Interval] = (),
    room_busy: Mapping[int, Iterable[Interval]] | None = None,
    booked_per_day: Mapping[date, int] | None = None,
) -> list[Slot]:
    """Every bookable slot of `offering` starting on the Berlin dates first..last."""
    now = ensure_utc(now)
    earliest = now + offering.min_notice
    latest = now + offering.horizon
    holidays_open = offering.open_in_school_holidays
    busy = IntervalSet(person_busy)
    room_busy = room_busy or {}
    booked_per_day = booked_per_day or {}
    room_sets = [
        (
            room.room_id,
            IntervalSet(room.availability.open_intervals(first, last, closed,
                                                         school_holidays_open=holidays_open)),
            IntervalSet(room_busy.get(room.room_id, ())),
        )
        for room in (rooms if offering.in_person else ())
    ]

    slots: list[Slot] = []
    for window in person.open_intervals(first, last, closed, school_holidays_open=holidays_open):
        start = _ceil_to_grid(max(window.start, earliest))
        if window.start < earliest:
            # Keep the window's rhythm: the first slot after the notice period starts where
            # it would have started anyway, not at an odd minute.
            skipped = -(-(earliest - window.start) // offering.slot_step)
            start = max(start, window.start + skipped * offering.slot_step)
        while start + offering.duration <= window.end and start <= latest:
            end = start + offering.duration
            slot = _slot_if_free(offering, start, end, busy, room_sets, booked_per_day)
            if slot:
                slots.append(slot)
            start += offering.slot_step
    return slots


def _slot_if_free(offering, start, end, busy, room_sets, booked_per_day) -> Slot | None:
    if busy.overlaps(start - offering.buffer_before, end + offering.buffer_after):
        return None
    if offering.max_per_day is not None and (
        booked_per_day.get(local_date(start), 0) >= offering.max_per_day
    ):
        return None
    free_rooms = tuple(
        room_id
        for room_id, open_set, busy_set in room_sets
        if open_set.covers(start, end) and not busy_set.overlaps(start, end)
    )
    # An in-person offering without rooms meets where Sprechzeit does not manage the room.
    in_person = offering.in_person and (bool(free_rooms) or not room_sets)
    if in_person or offering.phone:
        return Slot(start, end, free_rooms, in_person, offering.phone)
    return None
