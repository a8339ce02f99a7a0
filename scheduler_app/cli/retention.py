"""`flask retention purge`: remove personal data whose retention period has run out."""
from __future__ import annotations

from datetime import UTC, datetime

import click
from flask import current_app
from flask.cli import with_appcontext

from ..db import db
from ..domain.retention import RetentionError
from ..domain.time import to_local
from ..services.retention import PurgeResult, purge
from .common import fail


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def describe(result: PurgeResult, *, dry_run: bool = False) -> str:
    """One line: what went (or would go), and the cut-off it went by."""
    done = "would be " if dry_run else ""
    line = (f"older than {result.cutoff.days} days (before "
            f"{to_local(result.cutoff.instant):%d.%m.%Y %H:%M}): "
            f"{_count(result.bookings, 'booking', 'bookings')} {done}anonymised, "
            f"{_count(result.messages, 'outbox message', 'outbox messages')} {done}deleted, "
            f"{_count(result.events, 'Elternsprechtag', 'Elternsprechtage')} with "
            f"{_count(result.families, 'family', 'families')} {done}deleted")
    return f"dry run, nothing changed: {line}" if dry_run else line


def purge_now(days: int, *, dry_run: bool = False) -> PurgeResult:
    """The purge as of now, a bad period as a one-line error."""
    try:
        return purge(db.session, datetime.now(UTC), days, dry_run=dry_run)
    except RetentionError as exc:
        fail(str(exc))
        raise  # unreachable; keeps type checkers content


@click.group("retention")
def retention_group():
    """Deleting personal data on a schedule."""


@retention_group.command("purge")
@click.option("--days", type=int, default=None,
              help="Retention period in days [default: RETENTION_DAYS].")
@click.option("--dry-run", is_flag=True, help="Only count what would go; change nothing.")
@with_appcontext
def purge_command(days, dry_run):
    """Anonymise old bookings, delete old mails and past Elternsprechtage."""
    days = current_app.config["RETENTION_DAYS"] if days is None else days
    click.echo(describe(purge_now(days, dry_run=dry_run), dry_run=dry_run))


COMMANDS = [retention_group]
