"""`flask db ...`: Alembic migrations, run as a command and never at start-up."""
from __future__ import annotations

import click
from alembic import command
from alembic.config import Config
from flask import current_app
from flask.cli import with_appcontext

from .. import ROOT


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["database_url"] = current_app.config["DATABASE_URL"]
    return config


@click.group("db")
def db_group():
    """Database migrations."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def upgrade(revision):
    """Migrate the database up to REVISION (default: head)."""
    command.upgrade(alembic_config(), revision)


@db_group.command("downgrade")
@click.argument("revision")
@with_appcontext
def downgrade(revision):
    """Migrate the database down to REVISION (e.g. base or -1)."""
    command.downgrade(alembic_config(), revision)


@db_group.command("revision")
@click.option("-m", "--message", required=True)
@click.option("--autogenerate", is_flag=True)
@with_appcontext
def revision(message, autogenerate):
    """Create a new migration script."""
    command.revision(alembic_config(), message=message, autogenerate=autogenerate)


@db_group.command("current")
@with_appcontext
def current():
    """Show the database's revision."""
    command.current(alembic_config())


COMMANDS = [db_group]
