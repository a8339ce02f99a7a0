"""What the planning commands share: read an instance file, solve it, write the plan.

No database: the instance file is all they read, so they run on a laptop with a copy of
an exported instance, and a broken file ends in one line (InstanceError).
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable

import click

from ..planning.checks import InstanceError
from .common import fail

SOLVE_OPTIONS = (
    click.argument("instance_file", type=click.Path(dir_okay=False)),
    click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
                 help="Plan file to write (JSON); without it the plan goes to standard "
                      "output."),
    click.option("--seed", type=int, default=0, show_default=True, help="Random seed."),
    click.option("--quiet", is_flag=True, help="No progress lines."),
)


def solve_options(default_time_limit: float):
    """The options every `... solve` command takes, with its own default time limit."""
    def decorate(command):
        command = click.option(
            "--time-limit", type=click.FloatRange(min=0.1), default=default_time_limit,
            show_default=True, help="Seconds the optimiser may use.")(command)
        for option in reversed(SOLVE_OPTIONS):
            command = option(command)
        return command
    return decorate


def solve_file(instance_file: str, output: str | None, *, load: Callable, solve: Callable,
               summary: Callable[[dict], str], time_limit: float, seed: int,
               quiet: bool) -> dict:
    """Loads, solves with a progress line every 5 s, writes the plan; returns the plan."""
    try:
        instance = load(instance_file)
    except InstanceError as exc:
        fail(str(exc))
    last = [0.0]

    def report(fraction: float, figures: dict) -> None:
        now = time.monotonic()
        if quiet or now - last[0] < 5 and fraction < 1:
            return
        last[0] = now
        click.echo(f"{fraction:4.0%}  {summary(figures)}", err=True)

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
    return plan


def written_to(output: str | None) -> str:
    return f"; plan written to {output}" if output else ""
