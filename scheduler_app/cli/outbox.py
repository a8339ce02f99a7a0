"""`flask outbox send|run|remind`: delivering the outbox (mails, and CalDAV updates).

`run` also does the daily chores that need no cron line of their own: reminders and the
retention purge."""
from __future__ import annotations

import time
from datetime import UTC, datetime

import click
from flask import current_app
from flask.cli import with_appcontext

from ..db import db
from ..domain.time import local_date
from ..services.mail import MailSettings, send_due
from ..services.reminders import enqueue_reminders
from ..services.retention import purge
from .retention import describe


def _send_once() -> None:
    now = datetime.now(UTC)
    result = send_due(db.session, MailSettings.from_config(current_app.config), now)
    line = f"mail: {result.sent} sent, {result.retrying} to retry, {result.failed} failed"
    if result.errors:
        line += f" ({result.errors[0]})"
    click.echo(line)
    try:
        from ..services.caldav_push import push_due
    except ImportError:  # the CalDAV part is optional
        return
    pushed = push_due(db.session, now)
    if pushed.sent or pushed.retrying or pushed.failed:
        click.echo(f"caldav: {pushed.sent} sent, {pushed.retrying} to retry, "
                   f"{pushed.failed} failed")


@click.group("outbox")
def outbox_group():
    """Deliver queued mails and calendar updates."""


@outbox_group.command("send")
@with_appcontext
def send_command():
    """Send the due mails once (and push due CalDAV updates); failures are retried later."""
    _send_once()


@outbox_group.command("remind")
@with_appcontext
def remind_command():
    """Queue the reminder mails for tomorrow's talks."""
    click.echo(f"reminders queued: {enqueue_reminders(db.session, datetime.now(UTC))}")


@outbox_group.command("run")
@click.option("--interval", default=30.0, show_default=True, help="Seconds between runs.")
@click.option("--iterations", default=0, help="Stop after this many runs (0: never).")
@with_appcontext
def run_command(interval, iterations):
    """Keep sending: queue reminders and send due mails every INTERVAL seconds.

    Once a day (and at start) it also purges personal data older than RETENTION_DAYS.
    """
    runs = 0
    purged_on = None  # the Berlin date of the last purge
    while True:
        try:
            now = datetime.now(UTC)
            queued = enqueue_reminders(db.session, now)
            if queued:
                click.echo(f"reminders queued: {queued}")
            _send_once()
            if purged_on != local_date(now):
                # Marked before it runs, so a purge that fails (a bad RETENTION_DAYS, say)
                # is reported once a day, not every round; the next day's catches up.
                purged_on = local_date(now)
                result = purge(db.session, now, current_app.config["RETENTION_DAYS"])
                if result.bookings or result.messages or result.events:
                    click.echo(f"retention: {describe(result)}")
        except Exception as exc:  # keep the loop alive; the outbox keeps every mail
            db.session.rollback()
            click.echo(f"outbox run: {exc.__class__.__name__}: {exc}", err=True)
        finally:
            db.session.remove()
        runs += 1
        if iterations and runs >= iterations:
            return
        time.sleep(interval)


COMMANDS = [outbox_group]
