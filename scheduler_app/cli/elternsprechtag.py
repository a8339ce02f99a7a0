"""`flask elternsprechtag solve`: plan a parents' day from an instance file, no database."""
from __future__ import annotations

import click

from ..planning.elternsprechtag import load_instance, solve
from .solving import solve_file, solve_options, written_to


@click.group("elternsprechtag")
def elternsprechtag_group():
    """Elternsprechtag planning."""


def _summary(figures: dict) -> str:
    return (f"scheduled {figures['scheduled']}, must-talks missed {figures['must_missed']}, "
            f"priority {figures['priority']}, idle {figures['idle_minutes']} min")


@elternsprechtag_group.command("solve")
@solve_options(default_time_limit=60.0)
def solve_command(instance_file, output, time_limit, seed, quiet):
    """Compute a plan for INSTANCE_FILE (format elternsprechtag/1).

    Runs without a database: the instance file is all it reads.
    """
    plan = solve_file(instance_file, output, load=load_instance, solve=solve, summary=_summary,
                      time_limit=time_limit, seed=seed, quiet=quiet)
    st = plan["stats"]
    planned = len(plan["appointments"])
    click.echo(f"{planned} of {planned + len(plan['unscheduled'])} talks planned, "
               f"must-talks missed {st['must_missed']}, priority "
               f"{st['priority']}, idle {st['idle_minutes']} min" + written_to(output), err=True)


COMMANDS = [elternsprechtag_group]
