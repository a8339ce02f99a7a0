"""Office pages, part one: start, staff accounts, rooms and the room overview.

URLs (prefix /office, admins only; everyone else gets 403):
  GET  /                                       start page
  GET  /staff, POST /staff                     list, invite
  POST /staff/<id>/deactivate | /reactivate | /invite
  GET  /rooms, POST /rooms                     list, add
  GET  /rooms/<id>, POST /rooms/<id>           edit a room and its opening rules
  POST /rooms/<id>/weekly | /blocked           add an opening window or a blocked period
  POST /rooms/<id>/weekly/<rid>/delete | /rooms/<id>/dates/<rid>/delete
  GET  /rooms/overview                         ?view=day|week&date=YYYY-MM-DD
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...db import db
from ...domain.availability import WeekParity
from ...domain.time import local_date
from ...models import DateRule, DateRuleKind, Role, Room, RoomKind, StaffMember, WeeklyRule
from ...services import availability_editor as editor
from ...services import office_admin
from ...services import staff_admin
from ...services.appointments import week_of
from ...services.room_overview import room_overview
from ..access import get_or_404, office_required
from ..forms_common import BlockedPeriodForm, WeeklyWindowForm
from ..messages import translated
from ..query import day_arg
from . import bp
from .forms import ROLE_LABELS, ROOM_KIND_LABELS, InviteForm, RoomForm


def _link_for(token: str) -> str:
    return current_app.config["BASE_URL"] + url_for("auth.welcome", token=token)


@bp.get("")
@office_required
def index():
    return render_template("office/index.html")


def _staff_page(form=None, status=200):
    return render_template("office/staff.html", staff=staff_admin.list_staff(db.session),
                           form=form or InviteForm(formdata=None), role_labels=ROLE_LABELS,
                           me=current_user), status


@bp.get("/staff")
@office_required
def staff():
    return _staff_page()


@bp.post("/staff")
@office_required
def invite():
    form = InviteForm()
    if form.validate_on_submit():
        try:
            member = staff_admin.invite_staff(
                db.session, email=form.email.data, display_name=form.display_name.data,
                role=Role(form.role.data), inviter=current_user,
                secret_key=current_app.config["SECRET_KEY"], link_for=_link_for)
        except staff_admin.StaffAdminError as exc:
            db.session.rollback()
            form.email.errors.append(translated(exc))
        else:
            flash(_("%(name)s ist eingeladen; die Einladung ist unterwegs.",
                    name=member.display_name), "success")
            return redirect(url_for(".staff"))
    return _staff_page(form, 422)


def _member(staff_id: int) -> StaffMember:
    return get_or_404(StaffMember, staff_id)


@bp.post("/staff/<int:staff_id>/deactivate")
@office_required
def deactivate(staff_id: int):
    member = _member(staff_id)
    try:
        staff_admin.deactivate_staff(db.session, member, by=current_user)
    except staff_admin.StaffAdminError as exc:
        flash(translated(exc), "error")
    else:
        flash(_("%(name)s ist deaktiviert und überall abgemeldet. Die Angebote sind nicht "
                "mehr buchbar.", name=member.display_name), "success")
    return redirect(url_for(".staff"))


@bp.post("/staff/<int:staff_id>/reactivate")
@office_required
def reactivate(staff_id: int):
    member = _member(staff_id)
    staff_admin.reactivate_staff(db.session, member)
    flash(_("%(name)s ist wieder aktiv.", name=member.display_name), "success")
    return redirect(url_for(".staff"))


@bp.post("/staff/<int:staff_id>/invite")
@office_required
def reinvite(staff_id: int):
    member = _member(staff_id)
    try:
        staff_admin.resend_invitation(db.session, member, inviter=current_user,
                                      secret_key=current_app.config["SECRET_KEY"],
                                      link_for=_link_for)
    except staff_admin.StaffAdminError as exc:
        flash(translated(exc), "error")
    else:
        flash(_("Die Einladung wurde erneut verschickt."), "success")
    return redirect(url_for(".staff"))


# --- rooms ---------------------------------------------------------------------------------

def _rooms_page(form=None, status=200):
    return render_template("office/rooms.html", rooms=office_admin.list_rooms(db.session),
                           form=form or RoomForm(formdata=None), kind_labels=ROOM_KIND_LABELS), \
        status


@bp.get("/rooms")
@office_required
def rooms():
    return _rooms_page()


def _save_room(room: Room | None, form: RoomForm):
    return office_admin.save_room(db.session, room, code=form.code.data, name=form.name.data,
                                  kind=RoomKind(form.kind.data), is_active=form.is_active.data)


@bp.post("/rooms")
@office_required
def add_room():
    form = RoomForm()
    if form.validate_on_submit():
        try:
            room = _save_room(None, form)
        except office_admin.OfficeError as exc:
            db.session.rollback()
            form.code.errors.append(translated(exc))
        else:
            flash(_("Raum %(code)s ist angelegt.", code=room.code), "success")
            return redirect(url_for(".room", room_id=room.id))
    return _rooms_page(form, 422)


def _room(room_id: int) -> Room:
    return get_or_404(Room, room_id)


def _room_page(room: Room, form=None, weekly=None, blocked=None, status=200):
    now = datetime.now(UTC)
    return render_template(
        "office/room.html", room=room, form=form or RoomForm(formdata=None, obj=room),
        weekly_form=weekly or WeeklyWindowForm(formdata=None, prefix="weekly"),
        blocked_form=blocked or BlockedPeriodForm(formdata=None, prefix="blocked"),
        weekly_rules=editor.weekly_rules(db.session, WeeklyRule.room_id == room.id),
        date_rules=editor.date_rules(db.session, DateRule.room_id == room.id, now),
        offering_titles={}, kind_labels=ROOM_KIND_LABELS), status


@bp.get("/rooms/<int:room_id>")
@office_required
def room(room_id: int):
    return _room_page(_room(room_id))


@bp.post("/rooms/<int:room_id>")
@office_required
def edit_room(room_id: int):
    room = _room(room_id)
    form = RoomForm()
    if form.validate_on_submit():
        try:
            _save_room(room, form)
        except office_admin.OfficeError as exc:
            db.session.rollback()
            form.code.errors.append(translated(exc))
        else:
            flash(_("Gespeichert."), "success")
            return redirect(url_for(".room", room_id=room.id))
    return _room_page(room, form=form, status=422)


@bp.post("/rooms/<int:room_id>/weekly")
@office_required
def add_room_weekly(room_id: int):
    room = _room(room_id)
    form = WeeklyWindowForm(prefix="weekly")
    if form.validate_on_submit():
        editor.add_weekly(db.session, room_id=room.id, weekday=form.weekday.data,
                          start=form.start.data, end=form.end.data,
                          valid_from=form.valid_from.data, valid_until=form.valid_until.data,
                          parity=WeekParity(form.parity.data) if form.parity.data else None)
        flash(_("Die Öffnungszeit ist gespeichert."), "success")
        return redirect(url_for(".room", room_id=room.id))
    return _room_page(room, weekly=form, status=422)


@bp.post("/rooms/<int:room_id>/blocked")
@office_required
def add_room_blocked(room_id: int):
    room = _room(room_id)
    form = BlockedPeriodForm(prefix="blocked")
    if form.validate_on_submit():
        starts_at, ends_at = form.interval()
        try:
            editor.add_date_rule(db.session, room_id=room.id, kind=DateRuleKind.BLOCKED,
                                 starts_at=starts_at, ends_at=ends_at, note=form.note.data,
                                 now=datetime.now(UTC))
        except editor.RuleError as exc:
            form.end.errors.append(translated(exc))
        else:
            flash(_("Die Sperrzeit ist gespeichert."), "success")
            return redirect(url_for(".room", room_id=room.id))
    return _room_page(room, blocked=form, status=422)


@bp.post("/rooms/<int:room_id>/weekly/<int:rule_id>/delete")
@office_required
def delete_room_weekly(room_id: int, rule_id: int):
    if not editor.delete_rule(db.session, WeeklyRule, rule_id, room_id=room_id):
        abort(404)
    flash(_("Das Zeitfenster wurde entfernt."), "success")
    return redirect(url_for(".room", room_id=room_id))


@bp.post("/rooms/<int:room_id>/dates/<int:rule_id>/delete")
@office_required
def delete_room_dated(room_id: int, rule_id: int):
    if not editor.delete_rule(db.session, DateRule, rule_id, room_id=room_id):
        abort(404)
    flash(_("Der Eintrag wurde entfernt."), "success")
    return redirect(url_for(".room", room_id=room_id))


@bp.get("/rooms/overview")
@office_required
def room_plan():
    day = day_arg("date", local_date(datetime.now(UTC)))
    view = "day" if request.args.get("view") == "day" else "week"
    if view == "day":
        first = last = day
        step = timedelta(days=1)
    else:
        first, last = week_of(day)
        last = first + timedelta(days=4)  # the school week; weekends are closed
        step = timedelta(days=7)
    return render_template("office/room_overview.html", view=view, day=day, first=first,
                           last=last, rooms=room_overview(db.session, first, last),
                           prev_day=day - step, next_day=day + step)
