"""`flask elternsprechtag export|import-plan`: an event of the database as an instance file,
and a plan file back into the event. They join the `elternsprechtag` group that `solve`
lives in, so there is one group with all subcommands."""
from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from ..db import db
from ..models import ParentsDay
from ..services.parentsday.instance import export_instance
from ..services.parentsday.jobs import apply_job, import_plan
from ..services.parentsday.setup import ParentsDayError
from .common import fail
from .elternsprechtag import elternsprechtag_group


def _event(event_id: int) -> ParentsDay:
    event = db.session.get(ParentsDay, event_id)
    if event is None:
        fail(f"no Elternsprechtag with id {event_id}")
    return event


@elternsprechtag_group.command("export")
@click.argument("event_id", type=int)
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True,
              help="Instance file to write (JSON, format elternsprechtag/1).")
@with_appcontext
def export_command(event_id, output):
    """Write the wishes of event EVENT_ID as an instance for `elternsprechtag solve`."""
    instance = export_instance(db.session, _event(event_id))
    try:
        Path(output).write_text(json.dumps(instance, ensure_ascii=False, indent=1) + "\n",
                                encoding="utf-8")
    except OSError as exc:
        fail(f"{output}: cannot write ({exc.strerror or exc})")
    requests = sum(len(f["requests"]) for f in instance["families"])
    click.echo(f"{len(instance['families'])} families, {len(instance['teachers'])} teachers, "
               f"{requests} requests written to {output}")


@elternsprechtag_group.command("import-plan")
@click.argument("event_id", type=int)
@click.argument("plan_file", type=click.Path(dir_okay=False))
@click.option("--apply", "apply_now", is_flag=True,
              help="Also take the plan over as the event's (unpublished) plan.")
@with_appcontext
def import_plan_command(event_id, plan_file, apply_now):
    """Check PLAN_FILE against event EVENT_ID and load it (like the office page does)."""
    event = _event(event_id)
    try:
        data = Path(plan_file).read_bytes()
    except OSError as exc:
        fail(f"{plan_file}: cannot read ({exc.strerror or exc})")
    try:
        job = import_plan(db.session, event, data)
        message = f"plan checked and stored as plan no. {job.id}"
        if apply_now:
            message += f"; {apply_job(db.session, event, job)} talks taken over"
    except ParentsDayError as exc:
        fail(str(exc))
    click.echo(message)


COMMANDS: list = []  # the subcommands hang on the group registered by .elternsprechtag
