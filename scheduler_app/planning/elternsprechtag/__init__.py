"""Elternsprechtag planning: the instance format, a first-come-first-served baseline and an
optimiser (greedy warm start plus large-neighbourhood search with CP-SAT sub-models).

    plan = solve(instance, time_limit=60)        # plan dict, format elternsprechtag-plan/1
    plan = solve_baseline(instance)               # first come, first served
    instance = load_instance("in.json")           # raises InstanceError(one-line message)
    figures = evaluate(instance, plan)            # scheduled, must_missed, priority, idle_minutes

Pure Python plus OR-Tools: no Flask, no database.
"""
from .baseline import solve_baseline
from .instance import InstanceError, check_instance, load_instance
from .plan import evaluate
from .solver import solve

__all__ = ["InstanceError", "check_instance", "evaluate", "load_instance", "solve",
           "solve_baseline"]
