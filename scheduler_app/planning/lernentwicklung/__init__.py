"""Lernentwicklungsgespräche planning: the instance format, a first-come-first-served
baseline and an optimiser (CP-SAT, objective level by level, warm-started by the baseline).

    plan = solve(instance, time_limit=30)        # plan dict, format lernentwicklung-plan/1
    plan = solve_baseline(instance)               # first come, first served
    instance = load_instance("in.json")           # or a dict; raises InstanceError(one line)
    figures = evaluate(instance, plan)            # valid, errors, scheduled, preference_score,
                                                  # teacher_idle_minutes, family_idle_minutes

Pure Python plus OR-Tools: no Flask, no database.
"""
from ..checks import InstanceError
from .baseline import solve_baseline
from .instance import check_instance, load_instance
from .plan import evaluate
from .solver import solve

__all__ = ["InstanceError", "check_instance", "evaluate", "load_instance", "solve",
           "solve_baseline"]
