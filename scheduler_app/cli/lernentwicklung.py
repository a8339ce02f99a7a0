"""`flask lernentwicklung solve`: plan the Lernentwicklungsgespräche from an instance file,
no database."""
from __future__ import annotations

import click

from ..planning.lernentwicklung import load_instance, solve
from .solving import solve_file, solve_options, written_to


@click.group("lernentwicklung")
def lernentwicklung_group():
    """Lernentwicklungsgespräche planning."""


def _summary(figures: dict) -> str:
    return (f"scheduled {figures['scheduled']}, preference score "
            f"{figures['preference_score']}, teacher idle {figures['teacher_idle_minutes']} "
            f"min, family idle {figures['family_idle_minutes']} min")


@lernentwicklung_group.command("solve")
@solve_options(default_time_limit=30.0)
def solve_command(instance_file, output, time_limit, seed, quiet):
    """Compute a plan for INSTANCE_FILE (format lernentwicklung/1).

    Runs without a database: the instance file is all it reads.
    """
    plan = solve_file(instance_file, output, load=load_instance, solve=solve, summary=_summary,
                      time_limit=time_limit, seed=seed, quiet=quiet)
    total = len(plan["talks"]) + len(plan["unscheduled"])
    click.echo(f"{len(plan['talks'])} of {total} students planned; {_summary(plan['stats'])}"
               + written_to(output), err=True)


COMMANDS = [lernentwicklung_group]
