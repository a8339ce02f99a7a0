"""`flask lernentwicklung solve`: plan the Lernentwicklungsgespräche from an instance file,
no database (like `flask elternsprechtag solve`: the command touches no table)."""
from __future__ import annotations

import json
import time

import click

from ..planning.lernentwicklung import InstanceError, load_instance, solve
from .common import fail


@click.group("lernentwicklung")
def lernentwicklung_group():
    """Lernentwicklungsgespräche planning."""


def _summary(figures: dict) -> str:
    return (f"scheduled {figures['scheduled']}, preference score "
            f"{figures['preference_score']}, teacher idle {figures['teacher_idle_minutes']} "
            f"min, family idle {figures['family_idle_minutes']} min")


@lernentwicklung_group.command("solve")
@click.argument("instance_file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Plan file to write (JSON); without it the plan goes to standard output.")
@click.option("--time-limit", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds the optimiser may use.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option("--quiet", is_flag=True, help="No progress lines.")
def solve_command(instance_file, output, time_limit, seed, quiet):
    """Compute a plan for INSTANCE_FILE (format lernentwicklung/1).

    Runs without a database: the instance file is all it reads.
    """
    try:
        instance = load_instance(instance_file)
    except InstanceError as exc:
        fail(str(exc))
    last = [0.0]

    def report(fraction: float, figures: dict) -> None:
        now = time.monotonic()
        if quiet or now - last[0] < 5 and fraction < 1:
            return
        last[0] = now
        click.echo(f"{fraction:4.0%}  {_summary(figures)}", err=True)

    plan = solve(instance, time_limit=time_limit, seed=seed, progress=report)
    text = json.dumps(plan, ensure_ascii=False, indent=1) + "\n"
    if output:
        try:
            with open(output, "w", encoding="utf-8") as f:
                f.write(text)
        except OSError as exc:
            fail(f"{output}: cannot write ({exc.strerror or exc})")
    else:
        click.echo(text, nl=False)
    total = len(plan["talks"]) + len(plan["unscheduled"])
    click.echo(f"{len(plan['talks'])} of {total} students planned; {_summary(plan['stats'])}"
               + (f"; plan written to {output}" if output else ""), err=True)


COMMANDS = [lernentwicklung_group]
