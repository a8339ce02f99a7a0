"""Workspace pages of a signed-in staff member.

URLs (prefix /workspace):
  GET  /                                   appointments, ?view=day|week&date=YYYY-MM-DD
  GET  /offerings                          own offerings
  GET  /availability                       editor and slot preview, ?weeks=1..6
  POST /availability/weekly | /oneoff | /blocked              add a rule
  POST /availability/weekly/<id>/delete | /dates/<id>/delete  remove a rule
  GET  /appointments/<id>                  one own appointment
  POST /appointments/<id>/cancel | /move | /no-show
"""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...db import db
from ...domain.availability import WeekParity
from ...domain.time import local_date
from ...models import DateRule, DateRuleKind, WeeklyRule
from ...services import appointments as appointment_service
from ...services import availability_editor as editor
from ..access import staff_required
from ..forms_common import opts
from ..messages import translated
from ..query import day_arg
from . import bp
from .forms import BlockedPeriodForm, CancelForm, MoveForm, OneOffWindowForm, StaffWeeklyForm


def _now() -> datetime:
    return datetime.now(UTC)


def _day_param() -> date:
    return day_arg("date", local_date(_now()))


@bp.get("")
@staff_required
def dashboard():
    day = _day_param()
    view = "day" if request.args.get("view") == "day" else "week"
    if view == "day":
        first = last = day
        step = timedelta(days=1)
    else:
        first, last = appointment_service.week_of(day)
        step = timedelta(days=7)
    by_day = appointment_service.appointments_of(db.session, current_user.id, first, last)
    return render_template("staff/dashboard.html", view=view, day=day, first=first, last=last,
                           by_day=by_day, prev_day=day - step, next_day=day + step,
                           today=local_date(_now()),
                           upcoming=appointment_service.next_appointments(
                               db.session, current_user.id, _now()),
                           total=sum(len(v) for v in by_day.values()))


@bp.get("/offerings")
@staff_required
def offerings():
    return render_template("staff/offerings.html",
                           offerings=editor.own_offerings(db.session, current_user))


def _weekly_form(**kwargs) -> StaffWeeklyForm:
    """The weekly-window form; pass formdata=None for a blank one."""
    form = StaffWeeklyForm(prefix="weekly", **kwargs)
    form.offering.choices = opts([(0, _("alle meine Angebote"))] + [
        (o.id, o.title) for o in editor.own_offerings(db.session, current_user)])
    return form


def _editor_page(weekly=None, oneoff=None, blocked=None, status=200):
    try:
        weeks = min(max(int(request.args.get("weeks", 3)), 1), 6)
    except ValueError:
        weeks = 3
    now = _now()
    return render_template(
        "staff/availability.html",
        weekly_form=weekly or _weekly_form(formdata=None),
        oneoff_form=oneoff or OneOffWindowForm(formdata=None, prefix="oneoff"),
        blocked_form=blocked or BlockedPeriodForm(formdata=None, prefix="blocked"),
        weekly_rules=editor.weekly_rules(db.session, WeeklyRule.staff_id == current_user.id),
        date_rules=editor.date_rules(db.session, DateRule.staff_id == current_user.id, now),
        previews=editor.preview(db.session, current_user, now, weeks), weeks=weeks,
        offering_titles={o.id: o.title for o in editor.own_offerings(db.session, current_user)},
        DateRuleKind=DateRuleKind), status


@bp.get("/availability")
@staff_required
def availability():
    return _editor_page()


def _saved():
    flash(_("Gespeichert. Die Vorschau zeigt die neuen Termine."), "success")
    return redirect(url_for(".availability", _anchor="preview"))


@bp.post("/availability/weekly")
@staff_required
def add_weekly():
    form = _weekly_form()
    if form.validate_on_submit():
        try:
            editor.add_weekly(
                db.session, staff=current_user, weekday=form.weekday.data,
                start=form.start.data, end=form.end.data, valid_from=form.valid_from.data,
                valid_until=form.valid_until.data,
                parity=WeekParity(form.parity.data) if form.parity.data else None,
                offering_id=form.offering.data or None)
        except editor.RuleError as exc:
            form.end.errors.append(translated(exc))
        else:
            return _saved()
    return _editor_page(weekly=form, status=422)


def _add_dated(form, kind: DateRuleKind, which: str):
    if form.validate_on_submit():
        starts_at, ends_at = form.interval()
        try:
            editor.add_date_rule(db.session, staff=current_user, kind=kind,
                                 starts_at=starts_at, ends_at=ends_at, note=form.note.data,
                                 now=_now())
        except editor.RuleError as exc:
            form.end.errors.append(translated(exc))
        else:
            return _saved()
    return _editor_page(**{which: form}, status=422)


@bp.post("/availability/oneoff")
@staff_required
def add_oneoff():
    return _add_dated(OneOffWindowForm(prefix="oneoff"), DateRuleKind.EXTRA, "oneoff")


@bp.post("/availability/blocked")
@staff_required
def add_blocked():
    return _add_dated(BlockedPeriodForm(prefix="blocked"), DateRuleKind.BLOCKED, "blocked")


@bp.post("/availability/weekly/<int:rule_id>/delete")
@staff_required
def delete_weekly(rule_id: int):
    if not editor.delete_rule(db.session, WeeklyRule, rule_id, staff_id=current_user.id):
        abort(403)
    flash(_("Das Zeitfenster wurde entfernt."), "success")
    return redirect(url_for(".availability"))


@bp.post("/availability/dates/<int:rule_id>/delete")
@staff_required
def delete_dated(rule_id: int):
    if not editor.delete_rule(db.session, DateRule, rule_id, staff_id=current_user.id):
        abort(403)
    flash(_("Der Eintrag wurde entfernt."), "success")
    return redirect(url_for(".availability"))


def _own(booking_id: int):
    try:
        return appointment_service.own_booking(db.session, current_user, booking_id)
    except appointment_service.NotYours:
        abort(403)
    except LookupError:
        abort(404)


def _appointment_page(booking, cancel_form=None, move_form=None, status=200):
    now = _now()
    move_form = move_form or MoveForm(formdata=None)
    options = appointment_service.move_options(db.session, booking, now) \
        if booking.status.value == "confirmed" and booking.starts_at > now else []
    move_form.start.choices = opts([("", _("– bitte wählen –"))] + [
        (s.start.isoformat(), s.start.isoformat()) for s in options])
    return render_template("staff/appointment.html", booking=booking, now=now,
                           cancel_form=cancel_form or CancelForm(formdata=None, prefix="cancel"),
                           move_form=move_form, options=options), status


@bp.get("/appointments/<int:booking_id>")
@staff_required
def appointment(booking_id: int):
    return _appointment_page(_own(booking_id))


@bp.post("/appointments/<int:booking_id>/cancel")
@staff_required
def cancel(booking_id: int):
    booking = _own(booking_id)
    form = CancelForm(prefix="cancel")
    if form.validate_on_submit():
        try:
            appointment_service.cancel_by_staff(db.session, booking, _now(), form.message.data)
        except appointment_service.AppointmentError as exc:
            form.message.errors.append(translated(exc))
        else:
            flash(_("Der Termin ist abgesagt. Die buchende Person wird benachrichtigt."),
                  "success")
            return redirect(url_for(".dashboard", date=local_date(booking.starts_at)))
    return _appointment_page(booking, cancel_form=form, status=422)


@bp.post("/appointments/<int:booking_id>/move")
@staff_required
def move(booking_id: int):
    booking = _own(booking_id)
    form = MoveForm()
    form.start.choices = opts([(request.form.get("start", ""), "")])  # the service checks it
    if form.validate_on_submit():
        try:
            start = datetime.fromisoformat(form.start.data)
            if start.tzinfo is None:
                raise ValueError
        except ValueError:
            form.start.errors.append(_("Bitte einen neuen Termin wählen."))
        else:
            try:
                appointment_service.move_by_staff(db.session, booking, start, _now(),
                                                  form.message.data)
            except appointment_service.AppointmentError as exc:
                form.start.errors.append(translated(exc))
            else:
                flash(_("Der Termin ist verschoben. Die buchende Person wird benachrichtigt."),
                      "success")
                return redirect(url_for(".appointment", booking_id=booking.id))
    return _appointment_page(booking, move_form=form, status=422)


@bp.post("/appointments/<int:booking_id>/no-show")
@staff_required
def no_show(booking_id: int):
    booking = _own(booking_id)
    try:
        appointment_service.mark_no_show(db.session, booking, _now())
    except appointment_service.AppointmentError as exc:
        flash(translated(exc), "error")
    else:
        flash(_("Als „nicht erschienen“ vermerkt."), "success")
    return redirect(url_for(".appointment", booking_id=booking.id))
