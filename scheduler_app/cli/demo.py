"""`flask demo seed`: the demo school."""
from __future__ import annotations

import click
from alembic import command
from flask import current_app
from flask.cli import with_appcontext

from ..db import db
from .database import alembic_config
from ..domain.time import to_local
from ..services.demo import is_empty, seed_demo


@click.group("demo")
def demo_group():
    """Demo data."""


@demo_group.command("seed")
@click.option("--if-empty", is_flag=True, help="Only seed a database without any staff.")
@click.option("--parents-day/--no-parents-day", default=True, show_default=True,
              help="Also create the demo Elternsprechtag.")
@with_appcontext
def seed(if_empty, parents_day):
    """Migrate the database, create the demo school (idempotent), print the demo logins."""
    # A fresh clone should need nothing else before `slots` and friends work.
    command.upgrade(alembic_config(), "head")
    if if_empty and not is_empty(db.session):
        click.echo("Database already holds data; demo seed skipped.")
        return
    result = seed_demo(db.session, parents_day=parents_day,
                       secret=current_app.config["SECRET_KEY"])
    click.echo("Demo school created." if result.created else "Demo school already present.")
    click.echo(f"Demo logins (password for all: {result.logins[0][1]}):")
    for email, _password, role in result.logins:
        click.echo(f"  {email:32} {role}")
    if (event := result.parents_day) is not None:
        _echo_parents_day(event)


def _echo_parents_day(event):
    click.echo(f"Demo Elternsprechtag \"{event.name}\" on {event.day:%a %d.%m.%Y} "
               f"({'created' if event.created else 'already present'}): {event.teachers} "
               f"teachers, {event.families} families, {event.students} students; wishes "
               f"open until {to_local(event.wishes_close_at):%d.%m.%Y %H:%M}.")
    click.echo("  Office: Verwaltung → Elternsprechtag (sekretariat@schule.example).")
    if event.family_code:
        base = current_app.config.get("BASE_URL", "http://127.0.0.1:5000")
        click.echo(f"  Family login: {base}/elternsprechtag with code {event.family_code} "
                   f"({event.family_name})")


COMMANDS = [demo_group]
