"""Half-open UTC intervals [start, end) and fast overlap tests on sorted lists."""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, order=True, slots=True)
class Interval:
    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError(f"interval ends before it starts: {self.start} .. {self.end}")

    def overlaps(self, other: Interval) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Interval) -> bool:
        return self.start <= other.start and other.end <= self.end


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, non-overlapping union; touching intervals are joined."""
    merged: list[Interval] = []
    for iv in sorted(intervals):
        if merged and iv.start <= merged[-1].end:
            if iv.end > merged[-1].end:
                merged[-1] = Interval(merged[-1].start, iv.end)
        else:
            merged.append(iv)
    return merged


def subtract(base: Iterable[Interval], holes: Iterable[Interval]) -> list[Interval]:
    """The parts of base not covered by holes; both may overlap themselves."""
    result: list[Interval] = []
    cut = merge(holes)
    for iv in merge(base):
        start = iv.start
        for hole in cut:
            if hole.end <= start or hole.start >= iv.end:
                continue
            if hole.start > start:
                result.append(Interval(start, hole.start))
            start = max(start, hole.end)
            if start >= iv.end:
                break
        if start < iv.end:
            result.append(Interval(start, iv.end))
    return result


class IntervalSet:
    """A merged, sorted set of intervals answering 'is this free?' in O(log n)."""

    __slots__ = ("_items", "_starts")

    def __init__(self, intervals: Iterable[Interval] = ()) -> None:
        self._items = merge(intervals)
        self._starts = [iv.start for iv in self._items]

    def __iter__(self):
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def overlaps(self, start: datetime, end: datetime) -> bool:
        # The only candidate is the last interval starting before `end`.
        i = bisect_right(self._starts, end) - 1
        while i >= 0 and self._starts[i] == end:
            i -= 1
        return i >= 0 and self._items[i].end > start

    def covers(self, start: datetime, end: datetime) -> bool:
        i = bisect_right(self._starts, start) - 1
        return i >= 0 and self._items[i].end >= end
