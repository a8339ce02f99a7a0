"""`flask caldav ...`: push bookings to staff calendars and read their busy times."""
from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from ..db import db
from ..models import StaffMember
from .common import fail


@click.group("caldav")
def caldav_group():
    """Staff members' own CalDAV calendars."""


@caldav_group.command("sync")
@click.option("--timeout", type=float, default=30.0, show_default=True,
              help="Seconds to wait for each calendar server.")
@with_appcontext
def sync_command(timeout):
    """Refresh the cached busy times of every connected calendar (run from cron)."""
    from ..services.caldav_busy import sync_all

    outcomes = sync_all(db.session, timeout=timeout)
    for o in outcomes:
        click.echo(f"{o.email}: {o.busy} busy interval(s)" if o.ok else f"{o.email}: {o.error}")
    if not outcomes:
        click.echo("No calendars connected.")
    if any(not o.ok for o in outcomes):
        raise SystemExit(1)


@caldav_group.command("push")
@with_appcontext
def push_command():
    """Deliver due calendar updates from the outbox; failures are retried later."""
    from ..services.caldav_push import push_due

    result = push_due(db.session)
    click.echo(f"sent {result.sent}, retrying later {result.retrying}, failed {result.failed}")


@caldav_group.command("allow-unreachable")
@click.argument("email")
@click.option("--yes/--no", "allow", default=True,
              help="Offer the person's slots although their calendar cannot be read.")
@with_appcontext
def allow_unreachable_command(email, allow):
    """Office setting: book EMAIL's slots while their calendar is unreachable (default no)."""
    from ..services.caldav_accounts import ConnectionRefused, set_unreachable_policy

    session = db.session
    staff = session.scalar(select(StaffMember).where(
        func.lower(StaffMember.email) == email.strip().lower()))
    if staff is None:
        fail(f"no staff member with e-mail {email!r}")
    try:
        set_unreachable_policy(session, staff, allow)
    except ConnectionRefused as exc:
        fail(str(exc))
    session.commit()
    click.echo(f"{staff.email}: booking when unreachable {'allowed' if allow else 'refused'}")


COMMANDS = [caldav_group]
