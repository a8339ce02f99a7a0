"""A mutable schedule on a compiled problem: who sits where, and the objective per family.

The objective is separable by family (required missed, priority, idle, extra days), and
families only interact through teachers' time, which is what makes the neighbourhood search
exact: freeing some families and keeping the others' talks fixed, the change of the global
objective is the change of the freed families' scores.
"""
from __future__ import annotations

from .instance import Problem

# A family's score, lexicographically: required missed, -priority, idle slots, extra days.
Score = tuple[int, int, int, int]


def add(a: Score, b: Score) -> Score:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3])


class Schedule:
    def __init__(self, problem: Problem):
        self.p = problem
        self.start = [-1] * len(problem.requests)
        self.occ = [[-1] * problem.n_slots for _ in problem.teacher_ids]

    # --- feasibility -------------------------------------------------------------------
    def teacher_free(self, r: int, s: int) -> bool:
        req = self.p.requests[r]
        row = self.occ[req.teacher]
        return all(row[s + i] == -1 for i in range(req.slots))

    def family_ok(self, r: int, s: int, ignore: int = -1) -> bool:
        """No overlap and the transition gap against the family's other placed talks."""
        p = self.p
        req = p.requests[r]
        e, room, gap = s + req.slots, p.teacher_room[req.teacher], p.gap
        for o in p.family_requests[req.family]:
            s2 = self.start[o]
            if o == r or o == ignore or s2 < 0:
                continue
            other = p.requests[o]
            g = 0 if p.teacher_room[other.teacher] == room else gap
            if not (e + g <= s2 or s2 + other.slots + g <= s):
                return False
        return True

    def can_place(self, r: int, s: int) -> bool:
        return self.teacher_free(r, s) and self.family_ok(r, s)

    # --- changes -----------------------------------------------------------------------
    def place(self, r: int, s: int) -> None:
        req = self.p.requests[r]
        row = self.occ[req.teacher]
        for i in range(req.slots):
            row[s + i] = r
        self.start[r] = s

    def remove(self, r: int) -> None:
        s = self.start[r]
        if s < 0:
            return
        req = self.p.requests[r]
        row = self.occ[req.teacher]
        for i in range(req.slots):
            row[s + i] = -1
        self.start[r] = -1

    # --- objective ---------------------------------------------------------------------
    def family_score(self, f: int) -> Score:
        p = self.p
        missed = prio = 0
        spans: dict[int, list[int]] = {}
        for r in p.family_requests[f]:
            req = p.requests[r]
            s = self.start[r]
            if s < 0:
                missed += req.required
                continue
            prio += req.priority
            d = p.day_of[s]
            span = spans.get(d)
            if span is None:
                spans[d] = [s, s + req.slots, req.slots]
            else:
                span[0] = min(span[0], s)
                span[1] = max(span[1], s + req.slots)
                span[2] += req.slots
        idle = sum(b - a - busy for a, b, busy in spans.values())
        return (missed, -prio, idle, max(0, len(spans) - 1))

    def score(self, families=None) -> Score:
        total: Score = (0, 0, 0, 0)
        for f in range(len(self.p.family_ids)) if families is None else families:
            total = add(total, self.family_score(f))
        return total

    def figures(self) -> dict:
        missed, prio, idle, extra = self.score()
        return {
            "scheduled": sum(1 for s in self.start if s >= 0),
            "must_missed": missed,
            "priority": -prio,
            "idle_minutes": idle * self.p.slot_minutes,
            "extra_days": extra,
        }
