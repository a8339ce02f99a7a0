"""`flask closures ...`: school holidays and other closed days."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from ..db import db
from ..services.closures import (
    ClosureImportError,
    import_school_holidays_ics,
    load_shipped_school_holidays,
)
from .common import fail


@click.group("closures")
def closures_group():
    """Closed days."""


@closures_group.command("load-school-holidays")
@with_appcontext
def load_shipped():
    """Add Lower Saxony's school holidays shipped with Sprechzeit (idempotent)."""
    result = load_shipped_school_holidays(db.session)
    click.echo(f"{result.added} added, {result.skipped} already present.")


@closures_group.command("import-ics")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def import_ics(path: Path):
    """Import the all-day events of an .ics file as school holidays."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        fail(f"cannot read {path}: {exc.strerror}")
    try:
        result = import_school_holidays_ics(db.session, data, source=path.name)
    except ClosureImportError as exc:
        fail(str(exc))
    click.echo(f"{result.added} added, {result.skipped} already present.")


COMMANDS = [closures_group]
