"""The CP-SAT model of all talks at once.

Per student: a presence literal, a start variable whose domain is the student's candidate
starts, and a fixed-size optional interval; no-overlap per teacher, room and family does
the rest of the hard constraints. Choices that the objective or the room windows depend on
(room, preference rank, day) are literals that restrict the start's domain, so the model
stays small (a few literals per student) however fine the grid is.

Idle time of a teacher's or family's day is its last end minus its first start minus its
talk time, with first/last variables bounded by every talk held on that day.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .figures import Assignment
from .problem import DAY, Problem


@dataclass
class DaySpan:
    """First start and last end of one teacher's or family's day."""
    day: int
    first: cp_model.IntVar
    last: cp_model.IntVar
    members: list[tuple[int, cp_model.IntVar]]  # (student, that student's day literal)


class TalkModel:
    def __init__(self, problem: Problem):
        self.p = problem
        self.m = cp_model.CpModel()
        self.present, self.start, self.rooms, self.days = {}, {}, {}, {}
        self.scores: dict[int, dict[int, cp_model.IntVar]] = {}
        by_teacher, by_room, by_family = defaultdict(list), defaultdict(list), defaultdict(list)
        for s in problem.students:
            if not s.candidates:
                continue
            interval = self._talk(s.index)
            for t in s.teachers:
                by_teacher[t].append(interval)
            by_family[s.family].append(interval)
            for k, room_interval in self._rooms(s.index):
                by_room[k].append(room_interval)
        for intervals in (*by_teacher.values(), *by_room.values(), *by_family.values()):
            if len(intervals) > 1:
                self.m.add_no_overlap(intervals)
        self.teacher_spans = self._spans(lambda s: s.teachers)
        self.family_spans = self._spans(lambda s: (s.family,), at_least=2)

    # --- variables -----------------------------------------------------------------------
    def _choice(self, i: int, name: str, groups: dict) -> dict:
        """One literal per group of candidate starts, exactly one when the talk is held,
        each restricting the start to its group; a single group is the presence itself."""
        if len(groups) == 1:
            return {g: self.present[i] for g in groups}
        lits = {}
        for g, starts in groups.items():
            lit = lits[g] = self.m.new_bool_var(f"{name}{i}_{g}")
            self.m.add_linear_expression_in_domain(
                self.start[i], cp_model.Domain.from_values(sorted(starts))).only_enforce_if(lit)
        self.m.add(sum(lits.values()) == self.present[i])
        return lits

    def _talk(self, i: int):
        s, m = self.p.students[i], self.m
        starts = [c.start for c in s.candidates]
        self.present[i] = m.new_bool_var(f"present{i}")
        self.start[i] = m.new_int_var_from_domain(cp_model.Domain.from_values(starts), f"start{i}")
        by_score, by_day = defaultdict(list), defaultdict(list)
        for c in s.candidates:
            by_score[c.score].append(c.start)
            by_day[c.start // DAY].append(c.start)
        self.scores[i] = self._choice(i, "score", by_score)
        self.days[i] = self._choice(i, "day", by_day)
        return m.new_optional_fixed_size_interval_var(self.start[i], self.p.talk, self.present[i],
                                                 f"talk{i}")

    def _rooms(self, i: int):
        s = self.p.students[i]
        by_room = defaultdict(list)
        for c in s.candidates:
            for k in c.rooms:
                by_room[k].append(c.start)
        self.rooms[i] = self._choice(i, "room", by_room)
        return [(k, self.m.new_optional_fixed_size_interval_var(
            self.start[i], self.p.talk, lit, f"room{i}_{k}")) for k, lit in self.rooms[i].items()]

    def _spans(self, owners, at_least: int = 1) -> list[DaySpan]:
        groups = defaultdict(list)
        for i, lits in self.days.items():
            for owner in owners(self.p.students[i]):
                for day, lit in lits.items():
                    groups[owner, day].append((i, lit))
        spans = []
        for (_, day), members in sorted(groups.items()):
            if len(members) < at_least:
                continue  # a family's single talk on a day has no idle time
            first = self.m.new_int_var(day * DAY, (day + 1) * DAY, "first")
            last = self.m.new_int_var(day * DAY, (day + 1) * DAY, "last")
            # Talks of one day never overlap, so the span holds at least their time; said
            # explicitly, it gives CP-SAT a lower bound of zero idle time per day.
            self.m.add(last - first >= self.p.talk * sum(lit for _, lit in members))
            for i, lit in members:
                self.m.add(first <= self.start[i]).only_enforce_if(lit)
                self.m.add(last >= self.start[i] + self.p.talk).only_enforce_if(lit)
            spans.append(DaySpan(day, first, last, members))
        return spans

    # --- objective levels ------------------------------------------------------------------
    def _idle(self, spans: list[DaySpan]):
        return sum(sp.last - sp.first - self.p.talk * sum(lit for _, lit in sp.members)
                   for sp in spans)

    def levels(self) -> list[tuple[str, object, int]]:
        """(name, expression, +1 to maximise or -1 to minimise) in the objective's order."""
        return [
            ("scheduled", sum(self.present.values()), 1),
            ("preference_score",
             sum(score * lit for lits in self.scores.values() for score, lit in lits.items()
                 if score), 1),
            ("teacher_idle_minutes", self._idle(self.teacher_spans), -1),
            ("family_idle_minutes", self._idle(self.family_spans), -1),
        ]

    # --- solutions -------------------------------------------------------------------------
    def hint(self, talks: Assignment) -> None:
        """Hint a complete solution, so that CP-SAT starts from it at once."""
        m = self.m
        m.clear_hints()
        for i, present in self.present.items():
            talk = talks[i]
            s = self.p.students[i]
            start = talk[0] if talk else s.candidates[0].start
            cand = s.by_start[start]
            m.add_hint(present, talk is not None)
            m.add_hint(self.start[i], start)
            for lits, chosen in ((self.scores[i], cand.score), (self.days[i], start // DAY),
                                 (self.rooms[i], talk[1] if talk else None)):
                if len(lits) > 1:
                    for g, lit in lits.items():
                        m.add_hint(lit, talk is not None and g == chosen)
        for sp in (*self.teacher_spans, *self.family_spans):
            held = [talks[i][0] for i, _ in sp.members
                    if talks[i] and talks[i][0] // DAY == sp.day]
            m.add_hint(sp.first, min(held) if held else sp.day * DAY)
            m.add_hint(sp.last, max(held) + self.p.talk if held else sp.day * DAY)

    def read(self, solver) -> Assignment:
        talks: Assignment = [None] * len(self.p.students)
        for i, present in self.present.items():
            if solver.value(present):
                room = next(k for k, lit in self.rooms[i].items() if solver.value(lit))
                talks[i] = (solver.value(self.start[i]), room)
        return talks
