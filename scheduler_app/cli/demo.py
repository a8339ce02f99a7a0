"""`flask demo seed`: the demo school."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..db import db
from ..services.demo import is_empty, seed_demo


@click.group("demo")
def demo_group():
    """Demo data."""


@demo_group.command("seed")
@click.option("--if-empty", is_flag=True, help="Only seed a database without any staff.")
@with_appcontext
def seed(if_empty):
    """Create the demo school (idempotent) and print the demo logins."""
    if if_empty and not is_empty(db.session):
        click.echo("Database already holds data; demo seed skipped.")
        return
    result = seed_demo(db.session)
    click.echo("Demo school created." if result.created else "Demo school already present.")
    click.echo(f"Demo logins (password for all: {result.logins[0][1]}):")
    for email, _password, role in result.logins:
        click.echo(f"  {email:32} {role}")


COMMANDS = [demo_group]
