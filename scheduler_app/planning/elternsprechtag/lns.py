"""Large-neighbourhood search: free a few families, re-plan their talks exactly with CP-SAT.

A neighbourhood is a seed family (chosen the more often the worse it is served) plus the
families sitting next to its talks at the same teachers, grown along teachers' time lines
until a request budget is reached. Everyone else stays fixed. Each freed family gets a set
of candidate day plans (patterns.py) against the teachers' free slots; CP-SAT picks one per
family with at most one talk per teacher slot, minimising the lexicographic objective
(must-talks, priority, idle, extra days) as one weighted sum. Because the objective is a
sum over families, the sub-model's objective is exactly the change of the global one.
"""
from __future__ import annotations

import random
import time
from collections import defaultdict

from ortools.sat.python import cp_model

from .patterns import family_patterns
from .schedule import Schedule

IDLE_SLACK = 4  # slots of idle time a family's candidate plans may add
LEAF_LIMIT = 200  # candidate plans enumerated per family and neighbourhood
MAX_BUDGET = 160.0  # freed requests at most
WHOLE_LIMIT = 120  # instances up to this many requests are re-planned as a whole
WINDOW = 2  # slots either side of a talk whose neighbours are freed with it


def badness(score) -> int:
    missed, _prio, idle, extra = score
    return 1 + 50 * missed + idle + 2 * extra


class Search:
    def __init__(self, schedule: Schedule, seed: int = 0):
        self.s = schedule
        self.p = schedule.p
        self.rng = random.Random(seed)
        self.seed = seed
        self.budget = 30.0
        self.scores = [schedule.family_score(f) for f in range(len(self.p.family_ids))]
        self.iterations = self.improved = 0
        self.done = False

    # --- neighbourhoods ----------------------------------------------------------------
    def neighbourhood(self) -> list[int]:
        p, s, rng = self.p, self.s, self.rng
        weights = [badness(sc) + self._missed_priority(f) for f, sc in enumerate(self.scores)]
        f0 = rng.choices(range(len(weights)), weights=weights)[0]
        chosen, count = {f0}, len(p.family_requests[f0])
        frontier = self._anchors(f0)
        while frontier and count < self.budget:
            t, c = frontier.pop(rng.randrange(len(frontier)))
            row = s.occ[t]
            near = {p.requests[row[x]].family for x in range(max(0, c - WINDOW),
                                                             min(p.n_slots, c + WINDOW + 1))
                    if row[x] >= 0}
            for f in sorted(near - chosen):
                if count >= self.budget:
                    break
                chosen.add(f)
                count += len(p.family_requests[f])
                frontier.extend(self._anchors(f))
        return sorted(chosen)

    def _missed_priority(self, f: int) -> int:
        return sum(self.p.requests[r].priority * 3 for r in self.p.family_requests[f]
                   if self.s.start[r] < 0 and self.p.requests[r].positions)

    def _anchors(self, f: int) -> list[tuple[int, int]]:
        out = []
        for r in self.p.family_requests[f]:
            q = self.p.requests[r]
            x = self.s.start[r]
            if x < 0 and q.positions:
                x = self.rng.choice(q.positions)
            if x >= 0:
                out.append((q.teacher, x))
        return out

    # --- one step ------------------------------------------------------------------------
    def step(self, time_limit: float) -> bool:
        n = len(self.p.family_ids)
        if not n:
            self.done = True
            return False
        whole = len(self.p.requests) <= max(self.budget, WHOLE_LIMIT)
        families = list(range(n)) if whole else self.neighbourhood()
        started, improved = time.perf_counter(), self.improved
        status = self.resolve(families, time_limit)
        took = time.perf_counter() - started
        self.iterations += 1
        # A small instance fits into one sub-model: once that finds nothing better, stop.
        self.done = whole and status == cp_model.OPTIMAL and self.improved == improved
        # Grow the neighbourhood while the sub-models are solved to optimality fast.
        if status == cp_model.OPTIMAL and took < time_limit / 2:
            self.budget = min(MAX_BUDGET, self.budget * 1.05)
        elif status != cp_model.OPTIMAL:
            self.budget = max(8.0, self.budget * 0.85)
        return status in (cp_model.OPTIMAL, cp_model.FEASIBLE)

    def resolve(self, families: list[int], time_limit: float):
        p, s = self.p, self.s
        freed = [r for f in families for r in p.family_requests[f]]
        before = sum_scores(self.scores[f] for f in families)
        old = {r: s.start[r] for r in freed}
        for r in freed:
            s.remove(r)
        m, choices = self._model(families, old)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = time_limit
        solver.parameters.num_workers = 1
        # Measured on the shared instances: presolve and probing cost more than they save
        # on these set-packing models (10x slower at 200 freed requests).
        solver.parameters.cp_model_presolve = False
        solver.parameters.cp_model_probing_level = 0
        solver.parameters.random_seed = self.seed + self.iterations
        status = solver.solve(m)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            for options in choices:
                for v, pat in options:
                    if solver.boolean_value(v):
                        for r, x in pat:
                            s.place(r, x)
                        break
            after_scores = {f: s.family_score(f) for f in families}
            after = sum_scores(after_scores.values())
            if after <= before:
                if after < before:
                    self.improved += 1
                for f, sc in after_scores.items():
                    self.scores[f] = sc
                return status
            for r in freed:
                s.remove(r)
        for r, x in old.items():
            if x >= 0:
                s.place(r, x)
        return status


    def _model(self, families: list[int], old: dict[int, int]):
        """One boolean per candidate day plan; exactly one per family, teachers' slots once."""
        p, s = self.p, self.s
        m = cp_model.CpModel()
        cover = defaultdict(list)
        choices = []
        costs = []
        for f in families:
            reqs = p.family_requests[f]
            free = {}
            for r in reqs:
                q = p.requests[r]
                row = s.occ[q.teacher]
                starts = [x for x in q.positions
                          if all(row[x + i] == -1 for i in range(q.slots))]
                if starts:
                    free[r] = starts
            current = tuple(sorted((r, old[r]) for r in reqs if old[r] >= 0))
            pats = family_patterns(p, reqs, free, self.scores[f][2] + IDLE_SLACK,
                                   leaf_limit=LEAF_LIMIT)
            if current not in {pat for _, pat in pats}:
                pats.append((self.scores[f], current))
            options = []
            for score, pat in pats:
                v = m.new_bool_var("")
                m.add_hint(v, pat == current)
                options.append((v, pat))
                costs.append((v, score))
                for r, x in pat:
                    q = p.requests[r]
                    for i in range(q.slots):
                        cover[(q.teacher, x + i)].append(v)
            m.add_exactly_one(v for v, _ in options)
            choices.append(options)
        for vs in cover.values():
            if len(vs) > 1:
                m.add_at_most_one(vs)
        m.minimize(cp_model.LinearExpr.weighted_sum(
            [v for v, _ in costs], weigh([sc for _, sc in costs], choices)))
        return m, choices


def weigh(scores, choices) -> list[int]:
    """Integer costs whose sum orders solutions lexicographically by the summed scores."""
    spread = [0, 0, 0, 0]
    i = 0
    for options in choices:
        mine = scores[i:i + len(options)]
        i += len(options)
        for k in range(4):
            spread[k] += max(sc[k] for sc in mine) - min(sc[k] for sc in mine)
    w_day = 1
    w_idle = spread[3] + 1
    w_prio = w_idle * (spread[2] + 1)
    w_missed = w_prio * (spread[1] + 1)
    return [w_missed * a + w_prio * b + w_idle * c + w_day * d for a, b, c, d in scores]


def sum_scores(scores) -> tuple[int, int, int, int]:
    total = [0, 0, 0, 0]
    for sc in scores:
        for i in range(4):
            total[i] += sc[i]
    return tuple(total)
