"""Reading and checking an `elternsprechtag/1` instance, and compiling it to slot grids.

The solvers work on integer slot indices: every day gets a run of grid slots, and the days
are laid out one after the other on a single axis with a few never-usable padding slots in
between, so that interval arithmetic never mixes two days and no transition rule reaches
across midnight.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..checks import InstanceError, list_field, load_checked, unique_id, whole_number, windows

FORMAT = "elternsprechtag/1"


def load_instance(path) -> dict:
    """Read and check an instance file; raises InstanceError with a one-line message."""
    return load_checked(path, check_instance)


def check_instance(data) -> None:
    """Raise InstanceError (one line, no file name) if `data` is not a usable instance."""
    if not isinstance(data, dict):
        raise InstanceError("expected a JSON object")
    if data.get("format") != FORMAT:
        raise InstanceError(f"format must be {FORMAT!r}, got {data.get('format')!r}")
    if "slot_minutes" not in data:
        raise InstanceError("'slot_minutes' is missing")
    whole_number(data["slot_minutes"], "slot_minutes", 1, 24 * 60)
    whole_number(data.get("transition_minutes", 0), "transition_minutes", 0, 24 * 60)
    days = windows(list_field(data, "days"), "days")
    if not days:
        raise InstanceError("'days' is empty: no day to plan")
    dates = [d for d, _, _ in days]
    if len(set(dates)) != len(dates):
        raise InstanceError("days: a date appears twice")
    teachers = set()
    for i, t in enumerate(list_field(data, "teachers")):
        where = unique_id(t, f"teachers[{i}]", "teacher", teachers)
        if "available" in t:
            windows(t["available"], f"{where}: available")
        windows(t.get("breaks", []), f"{where}: breaks")
    families, keys = set(), set()
    for i, f in enumerate(list_field(data, "families")):
        where = unique_id(f, f"families[{i}]", "family", families)
        if "available" in f:
            windows(f["available"], f"{where}: available")
        for j, r in enumerate(list_field(f, "requests", where)):
            here = f"{where}: requests[{j}]"
            if not isinstance(r, dict):
                raise InstanceError(f"{here}: expected an object")
            if r.get("teacher") not in teachers:
                raise InstanceError(f"{here}: unknown teacher {r.get('teacher')!r}")
            if not isinstance(r.get("student"), str):
                raise InstanceError(f"{here}: 'student' is missing")
            key = (f["id"], r["teacher"], r["student"])
            if key in keys:
                raise InstanceError(f"{here}: teacher {r['teacher']} and student "
                                    f"{r['student']} are requested twice")
            keys.add(key)
            whole_number(r.get("slots", 1), f"{here}.slots", 1, 24 * 60)
            whole_number(r.get("priority", 1), f"{here}.priority", 1, 3)
            if not isinstance(r.get("required", False), bool):
                raise InstanceError(f"{here}.required: expected true or false")


@dataclass
class Request:
    index: int
    family: int
    teacher: int
    student: str
    slots: int
    priority: int
    required: bool
    positions: list[int] = field(default_factory=list)  # feasible starts, occupancy aside


@dataclass
class Day:
    date: str
    start: int        # minutes after midnight of slot 0
    offset: int       # global index of slot 0
    length: int       # number of grid slots


@dataclass
class Problem:
    """An instance compiled to slot indices; built once per solve."""
    data: dict
    slot_minutes: int
    gap: int                       # transition in slots between talks in different rooms
    days: list[Day]
    n_slots: int
    day_of: list[int]              # day index per global slot, -1 for padding
    teacher_ids: list[str]
    teacher_room: list[object]     # room code, compared for the transition rule
    teacher_usable: list[list[int]]  # window id per slot, -1 where no talk may lie
    family_ids: list[str]
    family_requests: list[list[int]]
    requests: list[Request]

    def talk_fits(self, win: list[int], start: int, slots: int) -> bool:
        w = win[start]
        return w >= 0 and all(win[start + i] == w for i in range(1, slots))

    def slot_time(self, slot: int) -> tuple[str, int]:
        day = self.days[self.day_of[slot]]
        return day.date, day.start + (slot - day.offset) * self.slot_minutes


def _grid(problem_days: list[Day], slot: int, n: int, windows, breaks=()) -> list[int]:
    """Window id per global slot: the slot lies inside that window and outside every break."""
    usable = [-1] * n
    by_date = {d.date: d for d in problem_days}
    for wid, (date, a, b) in enumerate(windows):
        day = by_date.get(date)
        if day is None:
            continue
        for k in range(day.length):
            s = day.start + k * slot
            if a <= s and s + slot <= b:
                usable[day.offset + k] = wid
    for date, a, b in breaks:
        day = by_date.get(date)
        if day is None:
            continue
        for k in range(day.length):
            s = day.start + k * slot
            if s < b and a < s + slot:
                usable[day.offset + k] = -1
    return usable


def compile_instance(data: dict) -> Problem:
    check_instance(data)
    slot = data["slot_minutes"]
    gap = math.ceil(data.get("transition_minutes", 0) / slot)
    days, offset = [], 0
    for date, a, b in sorted(windows(data["days"], "days")):
        length = (b - a) // slot
        days.append(Day(date, a, offset, length))
        offset += length + gap + 1  # padding keeps days apart
    n = offset
    day_of = [-1] * n
    for i, d in enumerate(days):
        for k in range(d.length):
            day_of[d.offset + k] = i
    full_days = [(d.date, d.start, d.start + d.length * slot) for d in days]

    def available(entity):
        if "available" in entity:
            return windows(entity["available"], "available")
        return full_days

    t_index = {t["id"]: i for i, t in enumerate(data["teachers"])}
    t_usable = [_grid(days, slot, n, available(t), windows(t.get("breaks", []), "breaks"))
                for t in data["teachers"]]
    requests, family_requests = [], []
    for fi, f in enumerate(data["families"]):
        f_usable = _grid(days, slot, n, available(f))
        mine = []
        for r in f["requests"]:
            t = t_index[r["teacher"]]
            req = Request(len(requests), fi, t, r["student"], r.get("slots", 1),
                          r.get("priority", 1), bool(r.get("required", False)))
            tu = t_usable[t]
            for d in days:
                for s in range(d.offset, d.offset + d.length - req.slots + 1):
                    if (tu[s] >= 0 and f_usable[s] >= 0
                            and all(tu[s + i] == tu[s] and f_usable[s + i] == f_usable[s]
                                    for i in range(1, req.slots))):
                        req.positions.append(s)
            requests.append(req)
            mine.append(req.index)
        family_requests.append(mine)
    return Problem(
        data=data, slot_minutes=slot, gap=gap, days=days, n_slots=n, day_of=day_of,
        teacher_ids=[t["id"] for t in data["teachers"]],
        teacher_room=[t.get("room") for t in data["teachers"]],
        teacher_usable=t_usable,
        family_ids=[f["id"] for f in data["families"]],
        family_requests=family_requests, requests=requests,
    )
