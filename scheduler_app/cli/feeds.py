"""`flask feeds url`: print the secret feed URL of a staff member or a room."""
from __future__ import annotations

from datetime import UTC, datetime

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, or_, select

from ..db import db
from ..models import FeedPurpose, Room, StaffMember
from .common import fail


@click.group("feeds")
def feeds_group():
    """Secret iCal feed URLs of staff members and rooms."""


@feeds_group.command("url")
@click.option("--staff", "email", metavar="EMAIL", help="A staff member's e-mail address.")
@click.option("--room", "room_name", metavar="NAME", help="A room's code or name, e.g. B0.04.")
@click.option("--busy-only", is_flag=True,
              help="For --staff: a feed showing only 'belegt', to share with colleagues.")
@with_appcontext
def url_command(email, room_name, busy_only):
    """Issue a feed token and print its URL (BASE_URL/feeds/<token>.ics).

    Only a hash of each token is stored, so an existing URL cannot be shown again: this
    command always issues a NEW token, and the previous URL of the same feed stops working
    (subscribers must re-subscribe with the new one). A staff member's feed is private and
    shows the bookers' names; a room's feed shows only "belegt".
    """
    from ..services.feeds import feed_url, issue_feed

    if bool(email) == bool(room_name):
        fail("give exactly one of --staff EMAIL or --room NAME")
    session = db.session
    now = datetime.now(UTC)
    if email:
        staff = session.scalar(select(StaffMember).where(
            func.lower(StaffMember.email) == email.strip().lower()))
        if staff is None:
            fail(f"no staff member with e-mail {email!r}")
        purpose = FeedPurpose.BUSY if busy_only else FeedPurpose.PRIVATE
        token = issue_feed(session, now, staff=staff, purpose=purpose)
    else:
        if busy_only:
            fail("--busy-only applies to --staff; a room feed is always busy-only")
        name = room_name.strip()
        room = session.scalar(select(Room).where(or_(Room.code == name, Room.name == name)))
        if room is None:
            fail(f"no room with code or name {room_name!r}")
        token = issue_feed(session, now, room=room)
    session.commit()
    click.echo(feed_url(current_app.config["BASE_URL"], token))


COMMANDS = [feeds_group]
