"""The warm start: choose talks by priority within teachers' capacity, then place each
family's talks as one compact block (siblings together), then fill gaps.

Fast (a few seconds for 2000 families) and already much better than first come, first
served; the neighbourhood search improves it afterwards.
"""
from __future__ import annotations

import bisect
import itertools
import random

from .instance import Problem
from .schedule import Schedule

CAPACITY_SLACK = 0.97  # fragmentation: a teacher's slots are never all usable


def select_by_capacity(p: Problem) -> set[int]:
    """Requests worth placing first: required, then high priority, within capacity."""
    capacity = [sum(1 for w in row if w >= 0) for row in p.teacher_usable]
    load = [0] * len(capacity)
    chosen = set()
    order = sorted((q for q in p.requests if q.positions),
                   key=lambda q: (-q.required, -q.priority, q.slots, len(q.positions), q.index))
    for q in order:
        if q.required or load[q.teacher] + q.slots <= capacity[q.teacher] * CAPACITY_SLACK:
            load[q.teacher] += q.slots
            chosen.add(q.index)
    return chosen


def _orders(reqs: list[int], rng: random.Random) -> list[tuple[int, ...]]:
    if len(reqs) <= 3:
        return list(itertools.permutations(reqs))
    out = {tuple(reqs), tuple(reversed(reqs))}
    while len(out) < 8:
        trial = reqs[:]
        rng.shuffle(trial)
        out.add(tuple(trial))
    return sorted(out)


def best_block(s: Schedule, reqs: list[int], rng: random.Random):
    """The best compact placement of `reqs` (one family, empty so far) on a single day.

    Tries every order (a sample for many talks) and every free start of the first talk,
    placing the others forward at the earliest start that keeps the transition gap.
    Returns (key, [(request, start), ...]) or None.
    """
    p = s.p
    best = None
    days = sorted({p.day_of[x] for r in reqs for x in p.requests[r].positions})
    for d in days:
        free = {}
        for r in reqs:
            starts = [x for x in p.requests[r].positions
                      if p.day_of[x] == d and s.teacher_free(r, x)]
            if starts:
                free[r] = starts
        rs = [r for r in reqs if r in free]
        if not rs:
            continue
        for order in _orders(rs, rng):
            first = order[0]
            q0 = p.requests[first]
            for s0 in free[first]:
                placed = [(first, s0)]
                end, room = s0 + q0.slots, p.teacher_room[q0.teacher]
                busy, prio, must = q0.slots, q0.priority, int(q0.required)
                for r in order[1:]:
                    q = p.requests[r]
                    qroom = p.teacher_room[q.teacher]
                    earliest = end + (0 if qroom == room else p.gap)
                    starts = free[r]
                    i = bisect.bisect_left(starts, earliest)
                    # a sibling with the same teacher must not take the slot just given
                    while i < len(starts) and any(
                            o != r and p.requests[o].teacher == q.teacher
                            and starts[i] < x + p.requests[o].slots and x < starts[i] + q.slots
                            for o, x in placed):
                        i += 1
                    if i == len(starts):
                        continue
                    placed.append((r, starts[i]))
                    end, room = starts[i] + q.slots, qroom
                    busy += q.slots
                    prio += q.priority
                    must += q.required
                key = (must, prio, busy - (end - s0), -s0)
                if best is None or key > best[0]:
                    best = (key, placed)
    return best


def place_cheapest(s: Schedule, r: int) -> bool:
    """Put one request where it adds the least idle time to its family."""
    q = s.p.requests[r]
    best = None
    for x in q.positions:
        if s.can_place(r, x):
            s.place(r, x)
            score = s.family_score(q.family)
            s.remove(r)
            key = (score[2], score[3], x)
            if best is None or key < best[0]:
                best = (key, x)
    if best is None:
        return False
    s.place(r, best[1])
    return True


def construct(p: Problem, seed: int = 0) -> Schedule:
    rng = random.Random(seed)
    s = Schedule(p)
    chosen = select_by_capacity(p)
    # Families that can come only briefly, or need a must-talk, go first.
    def tightness(f: int):
        reqs = p.family_requests[f]
        room = min((len(p.requests[r].positions) for r in reqs), default=0)
        return (-any(p.requests[r].required for r in reqs), room, -len(reqs), f)

    for f in sorted(range(len(p.family_ids)), key=tightness):
        reqs = [r for r in p.family_requests[f] if r in chosen]
        found = best_block(s, reqs, rng) if reqs else None
        if found:
            for r, x in found[1]:
                if s.can_place(r, x):
                    s.place(r, x)
    rest = sorted((q for q in p.requests if s.start[q.index] < 0 and q.positions),
                  key=lambda q: (-q.required, -q.priority, len(q.positions), q.index))
    for q in rest:
        place_cheapest(s, q.index)
    return s
