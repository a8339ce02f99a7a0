"""First come, first served: how a class teacher hands out times today, the optimiser's
yardstick. Class by class, student by student, each takes its best-ranked preference at the
earliest start still free for the teachers, the family and one of the class's rooms."""
from __future__ import annotations

import time

from .figures import Assignment
from .occupancy import Occupancy
from .plan import to_plan
from .problem import Problem, compile_instance


def first_fit(problem: Problem) -> Assignment:
    busy = Occupancy(problem)
    talks: Assignment = []
    for student in problem.students:  # in class order, then as listed
        talks.append(None)
        for cand in sorted(student.candidates, key=lambda c: (-c.score, c.start)):
            room = busy.free_room(student, cand.start, cand.rooms)
            if room is not None:
                busy.take(student, cand.start, room)
                talks[-1] = (cand.start, room)
                break
    return talks


def solve_baseline(instance: dict) -> dict:
    started = time.perf_counter()
    problem = compile_instance(instance)
    talks = first_fit(problem)
    return to_plan(problem, talks, {"solver": "first-come-first-served",
                                    "seconds": round(time.perf_counter() - started, 2)})
