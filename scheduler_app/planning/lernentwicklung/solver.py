"""The optimiser: first come, first served as the warm start, then CP-SAT one objective level
after the other, each level then held at its best value: the whole model for scheduling
everyone and the preferences, class-by-class sub-models and then the whole model for the
idle times."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from .baseline import first_fit
from .figures import Assignment, figures, key
from .model import TalkModel
from .neighbourhoods import improve_class_by_class
from .plan import to_plan
from .problem import Problem, compile_instance

Progress = Callable[[float, dict], None]

RESERVE = 0.2   # seconds kept for writing the plan
# Share of the remaining time each level may use; what a level leaves goes to the next.
# Scheduling all and the preferences are mostly easy; compact days are the hard part.
SHARES = (0.15, 0.2, 0.7, 1.0)
# Of an idle-time level's time, the part kept for the whole model after the class-by-class
# search (which mostly ends earlier, at a local optimum, and leaves more).
WHOLE_SHARE = 0.3
WORKERS = 2     # the server has few cores; CP-SAT's LNS workers need at least two


def level_bounds(problem: Problem) -> tuple[int, int]:
    """Values no plan can beat: students with any candidate, and their best scores."""
    possible = [s for s in problem.students if s.candidates]
    return len(possible), sum(max(c.score for c in s.candidates) for s in possible)


class _Reporter(cp_model.CpSolverSolutionCallback):
    """Reports each improving solution and stops the search when asked to."""

    def __init__(self, model: TalkModel, report: Callable[[Assignment], None],
                 stop: Callable[[], bool] | None):
        super().__init__()
        self.model, self.report, self.stop = model, report, stop

    def on_solution_callback(self) -> None:
        self.report(self.model.read(self))
        if self.stop is not None and self.stop():
            self.stop_search()


def _watch(solver: cp_model.CpSolver, stop, done: threading.Event) -> None:
    """Ends a search that finds no new solution for a while when `stop()` says so."""
    while not done.wait(0.2):
        if stop():
            solver.stop_search()
            return


def solve(instance: dict, time_limit: float = 30, seed: int = 0,
          progress: Progress | None = None, stop: Callable[[], bool] | None = None) -> dict:
    """A plan (format lernentwicklung-plan/1) for `instance` within about `time_limit` s.

    `progress(fraction, figures)` hears of every better plan found (time used as a fraction
    of the limit, and its figures); `stop()` ends the search early with the best plan so far.
    Raises InstanceError for an instance that breaks the format.
    """
    started = time.perf_counter()
    deadline = started + max(0.05, time_limit - RESERVE)
    problem = compile_instance(instance)
    best = first_fit(problem)
    baseline = figures(problem, best)
    best_key = key(baseline)
    model = TalkModel(problem)
    bounds = dict(zip(("scheduled", "preference_score"), level_bounds(problem), strict=True))
    levels_proven = []

    def consider(talks: Assignment) -> bool:
        nonlocal best, best_key
        f = figures(problem, talks)
        if key(f) <= best_key:
            return False
        best, best_key = talks, key(f)
        if progress:
            elapsed = time.perf_counter() - started
            progress(min(1.0, elapsed / max(time_limit, 1e-9)), f)
        return True

    for share, (name, expr, sense) in zip(SHARES, model.levels(), strict=True):
        current = figures(problem, best)[name]
        # A level already at its bound, or with no time left, is simply held where it is.
        trivial = bounds.get(name, 0) if sense > 0 else 0
        remaining = deadline - time.perf_counter()
        stopped = stop is not None and stop()
        if current != trivial and remaining > 0.05 and not stopped:
            (model.m.maximize if sense > 0 else model.m.minimize)(expr)
            level_end = time.perf_counter() + remaining * share
            if sense < 0:  # idle time: class by class first, the whole model after
                improve_class_by_class(model, lambda: best, consider,
                                       level_end - remaining * share * WHOLE_SHARE, seed, stop)
            model.hint(best)
            solver = cp_model.CpSolver()
            solver.parameters.max_time_in_seconds = max(0.05, level_end - time.perf_counter())
            solver.parameters.num_workers = WORKERS
            solver.parameters.random_seed = seed
            done = threading.Event()
            if stop is not None:
                threading.Thread(target=_watch, args=(solver, stop, done), daemon=True).start()
            status = solver.solve(model.m, _Reporter(model, consider, stop))
            done.set()
            if status == cp_model.OPTIMAL:
                levels_proven.append(name)
            current = figures(problem, best)[name]
        elif current == trivial:
            levels_proven.append(name)
        model.m.clear_objective()
        model.m.add(expr >= current if sense > 0 else expr <= current)
    stats = {"solver": "first come, first served + CP-SAT level by level, class by class",
             "seconds": round(time.perf_counter() - started, 2), "seed": seed,
             "baseline": baseline, "proven_optimal": levels_proven,
             "scheduled_bound": bounds["scheduled"],
             "preference_bound": bounds["preference_score"]}
    if progress:
        progress(1.0, figures(problem, best))
    return to_plan(problem, best, stats)
