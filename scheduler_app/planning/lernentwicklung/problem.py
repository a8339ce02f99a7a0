"""An instance compiled to candidate talks: for every student, each start on the grid that
suits all of its class's teachers, at least one of its class's rooms and (when given) its
family's preferences, with the preference score and the rooms free by their windows.

Times are wall-clock minutes on a date; the dates are laid out on one axis (day index times
a day's minutes plus the minute), so a talk never crosses midnight and the solvers compare
plain integers. Daylight saving time plays no part: nothing is converted to instants.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..checks import windows
from .instance import check_instance

DAY = 24 * 60


def score_of(rank: int) -> int:
    """Rank 1 is worth 3, rank 3 is worth 1 (the format's preference objective)."""
    return 4 - rank


@dataclass(frozen=True)
class Candidate:
    start: int                 # on the day axis
    score: int                 # preference score, 0 without preferences
    rooms: tuple[int, ...]     # the class's rooms whose windows hold the talk


@dataclass
class Student:
    index: int
    id: str
    klass: int
    family: int
    teachers: tuple[int, ...]
    rooms: tuple[int, ...]                       # the class's rooms, in the class's order
    candidates: list[Candidate] = field(default_factory=list)  # by start
    by_start: dict[int, Candidate] = field(default_factory=dict)


@dataclass
class Problem:
    data: dict
    talk: int                  # minutes per talk
    grid: int
    dates: list[str]
    teacher_ids: list[str]
    room_ids: list[str]
    class_ids: list[str]
    family_ids: list[str]
    students: list[Student]

    def day_of(self, start: int) -> int:
        return start // DAY

    def at(self, date: str, minute: int) -> int | None:
        """The day-axis time of a wall-clock minute, None for a date outside the plan."""
        if not isinstance(date, str) or date not in self._day_index:
            return None
        return self._day_index[date] * DAY + minute

    def wall_clock(self, start: int) -> tuple[str, int]:
        return self.dates[start // DAY], start % DAY

    def __post_init__(self):
        self._day_index = {d: i for i, d in enumerate(self.dates)}


def _by_date(entries) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for date, a, b in entries:
        out[date].append((a, b))
    return out


def _holds(spans, a: int, b: int) -> bool:
    return any(x <= a and b <= y for x, y in spans)


def _class_starts(teachers, rooms, talk: int, grid: int):
    """(date, minute, rooms) for each grid start inside a window of every teacher and of a
    room; `teachers` and `rooms` are lists of window maps by date."""
    out = []
    first, others = teachers[0], teachers[1:]
    for date in sorted(first):
        starts = set()
        for a, b in first[date]:
            starts.update(range(-(-a // grid) * grid, b - talk + 1, grid))
        for s in sorted(starts):
            if not all(_holds(t.get(date, ()), s, s + talk) for t in others):
                continue
            free = tuple(k for k, r in rooms if _holds(r.get(date, ()), s, s + talk))
            if free:
                out.append((date, s, free))
    return out


def compile_instance(data: dict) -> Problem:
    check_instance(data)
    talk, grid = data["talk_minutes"], data["grid_minutes"]
    teacher_ids = [t["id"] for t in data["teachers"]]
    room_ids = [r["id"] for r in data["rooms"]]
    t_index = {t: i for i, t in enumerate(teacher_ids)}
    r_index = {r: i for i, r in enumerate(room_ids)}
    t_windows = [_by_date(windows(t["windows"], "windows")) for t in data["teachers"]]
    r_windows = [_by_date(windows(r["windows"], "windows")) for r in data["rooms"]]
    dates = sorted({d for w in t_windows for d in w})
    problem = Problem(data, talk, grid, dates, teacher_ids, room_ids,
                      [c["id"] for c in data["classes"]], [], [])
    families: dict[str, int] = {}
    for ci, c in enumerate(data["classes"]):
        teachers = tuple(t_index[t] for t in c["teachers"])
        rooms = tuple(r_index[r] for r in c["rooms"])
        starts = _class_starts([t_windows[t] for t in teachers],
                               [(k, r_windows[k]) for k in rooms], talk, grid)
        for s in c["students"]:
            family = families.setdefault(s["family"], len(families))
            student = Student(len(problem.students), s["id"], ci, family, teachers, rooms)
            prefs = [(w, p["rank"]) for w, p in
                     zip(windows(s.get("preferences", []), "preferences"),
                         s.get("preferences", []), strict=True)]
            for date, minute, free in starts:
                ranks = [rank for (d, a, b), rank in prefs
                         if d == date and a <= minute and minute + talk <= b]
                if prefs and not ranks:
                    continue
                cand = Candidate(problem.at(date, minute),
                                 score_of(min(ranks)) if ranks else 0, free)
                student.candidates.append(cand)
                student.by_start[cand.start] = cand
            problem.students.append(student)
    problem.family_ids = list(families)
    return problem
