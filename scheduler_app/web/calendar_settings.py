"""The staff member's calendar page: their feed URL and their own CalDAV calendar.

URLs:
  GET  /workspace/calendar                  the page
  POST /workspace/calendar/feed/renew       issue a new private feed URL (shown once)
  POST /workspace/calendar/feed/revoke      the feed URL stops working
  POST /workspace/calendar/busy-feed/renew  a "belegt"-only feed URL to share with colleagues
  POST /workspace/calendar/busy-feed/revoke
  POST /workspace/calendar/caldav           connect (or replace) a CalDAV calendar
  POST /workspace/calendar/caldav/remove    disconnect it
  GET  /workspace/calendar/connections      office: every connected calendar, errors, policy
  POST /workspace/calendar/connections/<id>/policy   office: book while unreachable or not
  POST /workspace/calendar/rooms/<id>/feed/renew     office: a new busy feed URL for a room
  POST /workspace/calendar/rooms/<id>/feed/revoke    office: the room's feed URL stops working
"""
from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import URL, DataRequired, Length

from ..db import db
from ..domain.time import to_local
from ..models import CalDAVConnection, FeedPurpose, Room, StaffMember
from ..services.caldav_accounts import (
    ConnectionRefused,
    connect_calendar,
    connection_of,
    connections_overview,
    disconnect_calendar,
)
from ..services.caldav_busy import refresh_calendar
from ..services.feeds import (
    active_tokens,
    feed_url,
    issue_feed,
    revoke_feed,
    room_feeds,
)
from .access import get_or_404, office_required, staff_required
from .messages import translated

bp = Blueprint("calendar_settings", __name__, url_prefix="/workspace/calendar")


class CalDAVForm(FlaskForm):
    url = StringField(_l("Adresse des Kalenders (CalDAV-URL)"), validators=[
        DataRequired(_l("Bitte die Adresse des Kalenders angeben.")),
        URL(require_tld=False, message=_l("Das ist keine gültige Adresse.")),
        Length(max=500)])
    username = StringField(_l("Benutzername"), validators=[
        DataRequired(_l("Bitte den Benutzernamen angeben.")), Length(max=200)])
    password = PasswordField(_l("Passwort"), validators=[
        DataRequired(_l("Bitte das Passwort angeben.")), Length(max=500)])
    submit = SubmitField(_l("Kalender verbinden"))


class ActionForm(FlaskForm):
    """A button with nothing but the CSRF token."""


def _me() -> StaffMember:
    """The signed-in staff member (Flask-Login's current_user is the StaffMember row)."""
    return current_user._get_current_object()


def _page(staff: StaffMember, *, form: CalDAVForm | None = None, new_url: str | None = None,
          new_busy_url: str | None = None, status: int = 200):
    feeds = active_tokens(db.session, staff=staff, purpose=FeedPurpose.PRIVATE)
    busy = active_tokens(db.session, staff=staff, purpose=FeedPurpose.BUSY)
    return render_template(
        "workspace/calendar.html", staff=staff, feed=feeds[-1] if feeds else None,
        busy_feed=busy[-1] if busy else None, new_url=new_url, new_busy_url=new_busy_url,
        connection=connection_of(db.session, staff.id),
        form=form or CalDAVForm(formdata=None), action=ActionForm(), local=_local), status


def _local(instant: datetime | None) -> str:
    return to_local(instant).strftime("%d.%m.%Y %H:%M") if instant else ""


@bp.get("")
@staff_required
def page():
    staff = _me()
    return _page(staff)


@bp.post("/feed/renew")
@staff_required
def renew_feed():
    staff = _me()
    if not ActionForm().validate_on_submit():
        abort(400)
    token = issue_feed(db.session, datetime.now(UTC), staff=staff, purpose=FeedPurpose.PRIVATE)
    db.session.commit()
    # Shown once, on this response only: the database keeps just the token's hash.
    return _page(staff, new_url=feed_url(current_app.config["BASE_URL"], token))


@bp.post("/feed/revoke")
@staff_required
def revoke():
    staff = _me()
    if not ActionForm().validate_on_submit():
        abort(400)
    revoke_feed(db.session, datetime.now(UTC), staff=staff, purpose=FeedPurpose.PRIVATE)
    db.session.commit()
    flash(_("Die Feed-Adresse wurde widerrufen und funktioniert nicht mehr."), "success")
    return redirect(url_for(".page"))


@bp.post("/busy-feed/renew")
@staff_required
def renew_busy_feed():
    staff = _me()
    if not ActionForm().validate_on_submit():
        abort(400)
    token = issue_feed(db.session, datetime.now(UTC), staff=staff, purpose=FeedPurpose.BUSY)
    db.session.commit()
    return _page(staff, new_busy_url=feed_url(current_app.config["BASE_URL"], token))


@bp.post("/busy-feed/revoke")
@staff_required
def revoke_busy_feed():
    staff = _me()
    if not ActionForm().validate_on_submit():
        abort(400)
    revoke_feed(db.session, datetime.now(UTC), staff=staff, purpose=FeedPurpose.BUSY)
    db.session.commit()
    flash(_("Die Feed-Adresse wurde widerrufen und funktioniert nicht mehr."), "success")
    return redirect(url_for(".page"))


@bp.post("/caldav")
@staff_required
def connect():
    staff = _me()
    form = CalDAVForm()
    if not form.validate_on_submit():
        return _page(staff, form=form, status=422)
    now = datetime.now(UTC)
    try:
        connection = connect_calendar(db.session, staff, form.url.data, form.username.data,
                                      form.password.data, now)
    except ConnectionRefused as exc:
        db.session.rollback()
        form.url.errors.append(translated(exc))
        return _page(staff, form=form, status=422)
    db.session.commit()
    # Warm the cache and show "last read"; the server is asked after the commit above.
    refresh_calendar(db.session, connection.staff_id, now, timeout=5)
    flash(_("Der Kalender ist verbunden. Ihre Termine werden dort eingetragen."), "success")
    return redirect(url_for(".page"))


@bp.post("/caldav/remove")
@staff_required
def disconnect():
    staff = _me()
    if not ActionForm().validate_on_submit():
        abort(400)
    disconnect_calendar(db.session, staff)
    db.session.commit()
    flash(_("Der Kalender ist getrennt. Bereits eingetragene Termine bleiben dort stehen."),
          "success")
    return redirect(url_for(".page"))


def _office_page(new_room_url: tuple[int, str] | None = None):
    return render_template("workspace/calendar_connections.html",
                           rows=connections_overview(db.session), rooms=room_feeds(db.session),
                           new_room_url=new_room_url, action=ActionForm(), local=_local)


@bp.get("/connections")
@office_required
def connections():
    return _office_page()


def _room_or_404(room_id: int) -> Room:
    room = get_or_404(Room, room_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    return room


@bp.post("/rooms/<int:room_id>/feed/renew")
@office_required
def renew_room_feed(room_id: int):
    room = _room_or_404(room_id)
    token = issue_feed(db.session, datetime.now(UTC), room=room)
    db.session.commit()
    # Shown on this response only, like a staff member's own feed URL.
    return _office_page((room.id, feed_url(current_app.config["BASE_URL"], token)))


@bp.post("/rooms/<int:room_id>/feed/revoke")
@office_required
def revoke_room_feed(room_id: int):
    room = _room_or_404(room_id)
    revoke_feed(db.session, datetime.now(UTC), room=room)
    db.session.commit()
    flash(_("Die Feed-Adresse von Raum %(room)s wurde widerrufen.", room=room.label), "success")
    return redirect(url_for(".connections"))


@bp.post("/connections/<int:connection_id>/policy")
@office_required
def policy(connection_id: int):
    form = ActionForm()
    connection = db.session.get(CalDAVConnection, connection_id)
    if not form.validate_on_submit() or connection is None:
        abort(400 if connection else 404)
    connection.allow_booking_when_unreachable = not connection.allow_booking_when_unreachable
    db.session.commit()
    flash(_("Die Einstellung für %(name)s wurde geändert.",
            name=connection.staff.display_name), "success")
    return redirect(url_for(".connections"))
