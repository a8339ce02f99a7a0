"""The optimiser: greedy warm start, then large-neighbourhood search until the time limit."""
from __future__ import annotations

import time
from collections.abc import Callable

from .greedy import construct
from .instance import compile_instance
from .lns import Search
from .plan import to_plan

Progress = Callable[[float, dict], None]

SUB_LIMIT = 1.0       # seconds per CP-SAT sub-model
RESERVE = 0.3         # seconds kept for writing the plan


def bounds(problem) -> dict:
    """Limits no plan can beat: must-talks without any common time, and a priority bound
    from each teacher's capacity alone (a fractional knapsack per teacher)."""
    capacity = [sum(1 for w in row if w >= 0) for row in problem.teacher_usable]
    by_teacher: dict[int, list] = {}
    for q in problem.requests:
        if q.positions:
            by_teacher.setdefault(q.teacher, []).append(q)
    bound = 0.0
    for t, reqs in by_teacher.items():
        room = capacity[t]
        for q in sorted(reqs, key=lambda q: -q.priority / q.slots):
            take = min(1.0, room / q.slots)
            bound += take * q.priority
            room -= take * q.slots
            if room <= 0:
                break
    return {"must_missed_unavoidable": sum(1 for q in problem.requests
                                           if q.required and not q.positions),
            "priority_bound": int(bound)}


def solve(instance: dict, time_limit: float = 60, progress: Progress | None = None,
          seed: int = 0, stop: Callable[[], bool] | None = None) -> dict:
    """A plan (format elternsprechtag-plan/1) for `instance`, within about `time_limit` s.

    `progress(fraction, figures)` is called now and then with the time used so far as a
    fraction of the limit and the current figures (scheduled, must_missed, priority,
    idle_minutes, extra_days). `stop()`, if given, is asked between steps; when it answers
    true the search ends early with the best plan so far (a cancel button).
    Raises InstanceError for an instance that breaks the format.
    """
    started = time.perf_counter()
    deadline = started + max(0.0, time_limit - RESERVE)
    problem = compile_instance(instance)
    schedule = construct(problem, seed)
    greedy = schedule.figures()
    search = Search(schedule, seed)
    last_report = 0.0
    while not search.done and (now := time.perf_counter()) < deadline - 0.05:
        if stop is not None and stop():
            break
        if progress and now - last_report >= 1.0:
            last_report = now
            progress(min(1.0, (now - started) / max(time_limit, 1e-9)), schedule.figures())
        search.step(min(SUB_LIMIT, deadline - now))
    stats = {
        "solver": "greedy + LNS/CP-SAT",
        "seconds": round(time.perf_counter() - started, 2),
        "iterations": search.iterations,
        "improvements": search.improved,
        "greedy": greedy,
        "seed": seed,
        **bounds(problem),
    }
    if progress:
        progress(1.0, schedule.figures())
    return to_plan(problem, schedule, stats)
