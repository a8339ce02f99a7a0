"""Reading and checking an `elternsprechtag/1` instance, and compiling it to slot grids.

The solvers work on integer slot indices: every day gets a run of grid slots, and the days
are laid out one after the other on a single axis with a few never-usable padding slots in
between, so that interval arithmetic never mixes two days and no transition rule reaches
across midnight.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = "elternsprechtag/1"
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class InstanceError(ValueError):
    """An instance that cannot be planned; the message is one line for a person."""


def load_instance(path) -> dict:
    """Read and check an instance file; raises InstanceError with a one-line message."""
    name = Path(path).name
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InstanceError(f"{name}: file not found") from None
    except UnicodeDecodeError:
        raise InstanceError(f"{name}: not UTF-8 text") from None
    except OSError as exc:
        raise InstanceError(f"{name}: cannot read ({exc.strerror or exc})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InstanceError(
            f"{name}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    try:
        check_instance(data)
    except InstanceError as exc:
        raise InstanceError(f"{name}: {exc}") from None
    return data


def _minutes(value, where: str) -> int:
    if not isinstance(value, str) or not _TIME.match(value):
        raise InstanceError(f"{where}: expected a time HH:MM, got {value!r}")
    return int(value[:2]) * 60 + int(value[3:])


def _date(value, where: str) -> str:
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InstanceError(f"{where}: expected a date YYYY-MM-DD, got {value!r}") from None
    return value


def _windows(entries, where: str) -> list[tuple[str, int, int]]:
    if not isinstance(entries, list):
        raise InstanceError(f"{where}: expected a list of time windows")
    out = []
    for i, w in enumerate(entries):
        here = f"{where}[{i}]"
        if not isinstance(w, dict):
            raise InstanceError(f"{here}: expected an object with date, start and end")
        for key in ("date", "start", "end"):
            if key not in w:
                raise InstanceError(f"{here}: '{key}' is missing")
        date = _date(w["date"], f"{here}.date")
        start, end = _minutes(w["start"], f"{here}.start"), _minutes(w["end"], f"{here}.end")
        if end <= start:
            raise InstanceError(f"{here}: end {w['end']} is not after start {w['start']}")
        out.append((date, start, end))
    return out


def _int(value, where: str, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low or (
            high is not None and value > high):
        span = f"{low}..{high}" if high is not None else f">= {low}"
        raise InstanceError(f"{where}: expected a whole number {span}, got {value!r}")
    return value


def _list(data: dict, key: str, where: str = "instance") -> list:
    if key not in data:
        raise InstanceError(f"{where}: '{key}' is missing")
    if not isinstance(data[key], list):
        raise InstanceError(f"{where}: '{key}' must be a list")
    return data[key]


def _unique_id(item, position: str, kind: str, seen: set[str]) -> str:
    """Checks an entry's id and records it; returns how errors should name the entry."""
    if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
        raise InstanceError(f"{position}: 'id' is missing")
    where = f"{kind} {item['id']}"
    if item["id"] in seen:
        raise InstanceError(f"{where}: id appears twice")
    seen.add(item["id"])
    return where


def check_instance(data) -> None:
    """Raise InstanceError (one line, no file name) if `data` is not a usable instance."""
    if not isinstance(data, dict):
        raise InstanceError("expected a JSON object")
    if data.get("format") != FORMAT:
        raise InstanceError(f"format must be {FORMAT!r}, got {data.get('format')!r}")
    if "slot_minutes" not in data:
        raise InstanceError("'slot_minutes' is missing")
    _int(data["slot_minutes"], "slot_minutes", 1, 24 * 60)
    _int(data.get("transition_minutes", 0), "transition_minutes", 0, 24 * 60)
    days = _windows(_list(data, "days"), "days")
    if not days:
        raise InstanceError("'days' is empty: no day to plan")
    dates = [d for d, _, _ in days]
    if len(set(dates)) != len(dates):
        raise InstanceError("days: a date appears twice")
    teachers = set()
    for i, t in enumerate(_list(data, "teachers")):
        where = _unique_id(t, f"teachers[{i}]", "teacher", teachers)
        if "available" in t:
            _windows(t["available"], f"{where}: available")
        _windows(t.get("breaks", []), f"{where}: breaks")
    families, keys = set(), set()
    for i, f in enumerate(_list(data, "families")):
        where = _unique_id(f, f"families[{i}]", "family", families)
        if "available" in f:
            _windows(f["available"], f"{where}: available")
        for j, r in enumerate(_list(f, "requests", where)):
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
            _int(r.get("slots", 1), f"{here}.slots", 1, 24 * 60)
            _int(r.get("priority", 1), f"{here}.priority", 1, 3)
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
    for date, a, b in sorted(_windows(data["days"], "days")):
        length = (b - a) // slot
        days.append(Day(date, a, offset, length))
        offset += length + gap + 1  # padding keeps days apart
    n = offset
    day_of = [-1] * n
    for i, d in enumerate(days):
        for k in range(d.length):
            day_of[d.offset + k] = i
    full_days = [(d.date, d.start, d.start + d.length * slot) for d in days]

    def windows(entity):
        if "available" in entity:
            return _windows(entity["available"], "available")
        return full_days

    t_index = {t["id"]: i for i, t in enumerate(data["teachers"])}
    t_usable = [_grid(days, slot, n, windows(t), _windows(t.get("breaks", []), "breaks"))
                for t in data["teachers"]]
    requests, family_requests = [], []
    for fi, f in enumerate(data["families"]):
        f_usable = _grid(days, slot, n, windows(f))
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
