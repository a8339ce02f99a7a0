"""`flask offerings` and `flask slots`: what can be booked, from the command line."""
from __future__ import annotations

from datetime import UTC, datetime

import click
from flask.cli import with_appcontext

from ..db import db
from ..domain.time import to_local
from ..services.offerings import UnknownOffering, get_offering, list_offerings
from ..services.slots import slots_for
from .common import echo_json, fail, parse_date


def _modes(offering) -> list[str]:
    return [m for m, on in (("in_person", offering.in_person), ("phone", offering.phone)) if on]


@click.command("offerings")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_appcontext
def offerings_command(as_json):
    """List the active offerings with their numeric ids."""
    offerings = list_offerings(db.session)
    if as_json:
        echo_json([{
            "id": o.id, "title": o.title, "kind": o.kind.value, "staff": o.staff.display_name,
            "modes": _modes(o), "duration_minutes": o.duration_minutes,
            "rooms": [r.code for r in o.rooms], "confidential": o.confidential,
        } for o in offerings])
        return
    for o in offerings:
        rooms = ", ".join(r.code for r in o.rooms) or "-"
        click.echo(f"{o.id:>4}  {o.title}  [{o.duration_minutes} min; {'/'.join(_modes(o))}; "
                   f"{rooms}]")


@click.command("slots")
@click.argument("offering_id", type=int)
@click.option("--from", "first", required=True, help="First day, YYYY-MM-DD.")
@click.option("--to", "last", required=True, help="Last day, YYYY-MM-DD.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_appcontext
def slots_command(offering_id, first, last, as_json):
    """Print the bookable slots of OFFERING_ID between two dates (inclusive)."""
    first_day, last_day = parse_date(first, "--from"), parse_date(last, "--to")
    if last_day < first_day:
        fail("--to lies before --from")
    if (last_day - first_day).days > 366:
        fail("at most one year of slots at once")
    try:
        offering = get_offering(db.session, offering_id)
    except UnknownOffering as exc:
        fail(str(exc))
    slots = slots_for(db.session, offering, first_day, last_day, datetime.now(UTC))
    labels = {r.id: r.code for r in offering.rooms}
    if as_json:
        echo_json([{
            "start": to_local(s.start).isoformat(), "end": to_local(s.end).isoformat(),
            "rooms": [labels[r] for r in s.rooms],
        } for s in slots])
        return
    for s in slots:
        where = ", ".join(labels[r] for r in s.rooms) or ("Telefon" if s.phone else "-")
        click.echo(f"{to_local(s.start):%a %Y-%m-%d %H:%M}-{to_local(s.end):%H:%M}  {where}")
    if not slots:
        click.echo("No bookable slots in this range.")


COMMANDS = [offerings_command, slots_command]
