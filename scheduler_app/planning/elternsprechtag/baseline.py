"""First come, first served: what schools do today, as the yardstick for the optimiser.

Families book in the order of the instance (their arrival), each wish in the order given,
and every wish takes the earliest slot that is still free for the teacher and fits the
family's time and its talks booked so far.
"""
from __future__ import annotations

import time

from .instance import compile_instance
from .plan import to_plan
from .schedule import Schedule


def solve_baseline(instance: dict) -> dict:
    started = time.perf_counter()
    problem = compile_instance(instance)
    schedule = Schedule(problem)
    for reqs in problem.family_requests:
        for r in reqs:
            for s in problem.requests[r].positions:
                if schedule.can_place(r, s):
                    schedule.place(r, s)
                    break
    return to_plan(problem, schedule, {"solver": "first-come-first-served",
                                       "seconds": round(time.perf_counter() - started, 2)})
