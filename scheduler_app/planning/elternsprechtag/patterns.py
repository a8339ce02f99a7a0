"""Candidate day plans ("patterns") for one family, given the teachers' free slots.

A pattern places some of the family's requests at fixed starts, obeying the family's own
rules (no overlap, transition gap between rooms), and carries the family's score. The
neighbourhood model then only chooses one pattern per family under the teachers'
capacity: a set-packing model whose LP bound is tight, which CP-SAT solves in
milliseconds where the time-indexed model with span variables took seconds.
"""
from __future__ import annotations

from .instance import Problem

Pattern = tuple[tuple[int, int, int, int], tuple[tuple[int, int], ...]]


def family_patterns(p: Problem, reqs: list[int], free: dict[int, list[int]],
                    idle_cap: int, leaf_limit: int = 600, keep: int = 40,
                    keep_partial: int = 6) -> list[Pattern]:
    """The best patterns (by score) of one family; `free[r]` lists r's possible starts.

    Depth-first over the requests (fewest options first), trying compact positions before
    far ones and skipping a request last; branches whose idle time can no longer stay
    within `idle_cap` slots are cut, and every top-level branch gets its share of leaves.
    """
    order = sorted(reqs, key=lambda r: (len(free.get(r, ())), r))
    info = {r: (p.requests[r].slots, p.teacher_room[p.requests[r].teacher],
                p.requests[r].priority, p.requests[r].required) for r in order}
    rest_busy = [0] * (len(order) + 1)
    for i in range(len(order) - 1, -1, -1):
        rest_busy[i] = rest_busy[i + 1] + (info[order[i]][0] if free.get(order[i]) else 0)
    gap, day_of = p.gap, p.day_of
    out: list[Pattern] = []
    chosen: list[tuple[int, int]] = []
    spans: dict[int, tuple[int, int, int]] = {}   # day -> (first, end, busy)
    acc = [0, 0, 0]                                 # missed, priority, idle
    budget = [0]

    def ok(r: int, x: int) -> bool:
        n, room = info[r][0], info[r][1]
        e = x + n
        for o, y in chosen:
            m, oroom = info[o][0], info[o][1]
            g = 0 if oroom == room else gap
            if not (e + g <= y or y + m + g <= x):
                return False
        return True

    def options(r: int, i: int) -> list[tuple[int, int]]:
        """(start, idle after placing) for the starts that keep within the cap, compact first."""
        n = info[r][0]
        out_ = []
        for x in free.get(r, ()):
            if chosen and not ok(r, x):
                continue
            sp = spans.get(day_of[x])
            if sp is None:
                idle = acc[2]
                grow = 0
            else:
                lo, hi, busy = sp
                nlo, nhi = min(lo, x), max(hi, x + n)
                idle = acc[2] + (nhi - nlo - busy - n) - (hi - lo - busy)
                grow = (nhi - nlo) - (hi - lo)
            if idle - rest_busy[i + 1] <= idle_cap:
                out_.append((grow, x, idle))
        out_.sort()
        return [(x, idle) for _, x, idle in out_]

    def dfs(i: int) -> None:
        if i == len(order):
            budget[0] -= 1
            out.append(((acc[0], -acc[1], acc[2], max(0, len(spans) - 1)),
                        tuple(sorted(chosen))))
            return
        r = order[i]
        n, _, pr, req = info[r]
        for x, idle in options(r, i):
            d = day_of[x]
            sp = spans.get(d)
            spans[d] = (x, x + n, n) if sp is None else (
                min(sp[0], x), max(sp[1], x + n), sp[2] + n)
            saved = acc[2]
            acc[1] += pr
            acc[2] = idle
            chosen.append((r, x))
            dfs(i + 1)
            chosen.pop()
            acc[1] -= pr
            acc[2] = saved
            if sp is None:
                del spans[d]
            else:
                spans[d] = sp
            if budget[0] <= 0:
                return
        if acc[2] - rest_busy[i + 1] <= idle_cap:   # leave r unplaced
            acc[0] += req
            dfs(i + 1)
            acc[0] -= req

    if order:
        first = order[0]
        n0, _, pr0, req0 = info[first]
        branches = options(first, 0)
        share = max(4, leaf_limit // (len(branches) + 1))
        for x, _ in branches:
            budget[0] = share
            spans[day_of[x]] = (x, x + n0, n0)
            acc[1] += pr0
            chosen.append((first, x))
            dfs(1)
            chosen.pop()
            acc[1] -= pr0
            del spans[day_of[x]]
        budget[0] = share
        acc[0] += req0
        dfs(1)
        acc[0] -= req0
    # Keep the best few of every set of placed requests: the full sets give compact
    # plans, the partial ones let a family yield a slot to a more important talk.
    out.sort()
    unique, per_set = [], {}
    full = len([r for r in order if free.get(r)])
    for pat in out:
        placed = frozenset(r for r, _ in pat[1])
        n = per_set.get(placed, 0)
        if n < (keep if len(placed) == full else keep_partial):
            per_set[placed] = n + 1
            unique.append(pat)
    return unique
