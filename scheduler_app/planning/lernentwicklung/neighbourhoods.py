"""Class by class: CP-SAT on the talks of one class (or two neighbouring ones) at a time,
every other talk held where it is.

Classes meet only in shared rooms and through siblings, so a teacher's idle time is mostly a
matter of the order inside one class. A one-class sub-model is solved to optimality in a
fraction of a second, while the search on the whole model improves slowly (CP-SAT's own
neighbourhoods take seconds each on two workers).
"""
from __future__ import annotations

import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from .figures import Assignment
from .model import TalkModel

SUB_LIMIT = 1.0   # seconds per sub-model


def neighbourhoods(n_classes: int) -> list[set[int]]:
    singles = [{c} for c in range(n_classes)]
    return singles + [{c, c + 1} for c in range(n_classes - 1)]


def improve_class_by_class(model: TalkModel, best: Callable[[], Assignment],
                           consider: Callable[[Assignment], bool], deadline: float,
                           seed: int = 0, stop: Callable[[], bool] | None = None) -> bool:
    """Improve the model's current objective until `deadline`; True when every neighbourhood
    in a row was proven to hold nothing better (a local optimum)."""
    hoods = neighbourhoods(len(model.p.class_ids))
    proven = step = 0
    while proven < len(hoods):
        now = time.perf_counter()
        if now > deadline - 0.05 or (stop is not None and stop()):
            return False
        free = hoods[step % len(hoods)]
        step += 1
        talks = best()
        model.hint(talks)
        sub = model.m.clone()
        for i, present in model.present.items():
            if model.p.students[i].klass not in free:
                sub.add(present == int(talks[i] is not None))
                if talks[i] is not None:
                    sub.add(model.start[i] == talks[i][0])
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = min(SUB_LIMIT, deadline - now)
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = seed + step
        status = solver.solve(sub)
        improved = status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and consider(
            model.read(solver))
        proven = proven + 1 if status == cp_model.OPTIMAL and not improved else 0
    return True
