"""The families' Elternsprechtag pages, signed in with the code from their letter.

URLs:
  GET/POST /elternsprechtag                      sign in with the access code
  POST     /elternsprechtag/abmelden             sign out
  GET      /elternsprechtag/start                children, phase, must-talks, links
  GET/POST /elternsprechtag/wuensche             teachers per child with priority; times
  GET      /elternsprechtag/plan                 the published plan (+ .pdf, .ics)
  GET/POST /elternsprechtag/buchen               book leftover slots (self-booking phase)
  POST     /elternsprechtag/termine/<id>/absagen give back a self-booked talk
"""
from __future__ import annotations

from datetime import UTC, datetime, time

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from ...db import db
from ..access import get_or_404
from ...models import Family, ParentsDayAppointment, ParentsDayTeacher, Student
from ...services.parentsday.booking import (
    SlotTaken,
    appointments_of_family,
    can_self_book,
    cancel_appointment,
    free_slots,
    self_book,
)
from ...services.parentsday.pdfs import family_plan
from ...services.parentsday.publish import family_ics
from ...services.parentsday.setup import (
    DaySpec,
    ParentsDayError,
    can_edit_wishes,
    family_for_code,
    save_wishes,
    save_windows,
)
from ...services.throttle import Throttled
from ..throttling import client_ip, policy, throttled_page
from ..messages import translated
from .auth import family_required, sign_in_family, sign_out_family
from .forms import ActionForm, CodeForm

bp = Blueprint("parentsday_family", __name__, url_prefix="/elternsprechtag")


def _now() -> datetime:
    return datetime.now(UTC)


@bp.route("", methods=["GET", "POST"])
def login():
    form = CodeForm()
    if form.validate_on_submit():
        try:
            family = family_for_code(db.session, form.code.data, ip=client_ip(),
                                     policy=policy(), now=_now())
        except Throttled as refusal:
            return throttled_page("parentsday/family/login.html", refusal, form=form)
        if family is not None:
            sign_in_family(family)
            return redirect(url_for(".home"))
        form.code.errors.append(_("Dieser Zugangscode ist uns nicht bekannt. Bitte prüfen "
                                  "Sie die Schreibweise."))
    return render_template("parentsday/family/login.html", form=form), \
        422 if form.errors else 200


@bp.post("/abmelden")
def logout():
    if not ActionForm().validate_on_submit():
        abort(400)
    sign_out_family()
    flash(_("Sie sind abgemeldet."), "success")
    return redirect(url_for(".login"))


@bp.get("/start")
@family_required
def home(family: Family):
    event = family.event
    required = [w for w in family.wishes if w.required]
    return render_template("parentsday/family/home.html", family=family, event=event,
                           phase=event.phase(_now()), required=required, action=ActionForm())


def wish_page_data(family: Family) -> dict:
    """What the wish form shows: children, teachers, current priorities and times."""
    event = family.event
    priorities = {(w.student_id, w.teacher_id): (w.priority if w.wanted_by_family else 0)
                  for w in family.wishes}
    required = {(w.student_id, w.teacher_id) for w in family.wishes if w.required}
    windows = {w.day: w for w in family.windows}
    days = [{"index": i, "day": d, "window": windows.get(d.day),
             "skip": bool(family.windows) and d.day not in windows}
            for i, d in enumerate(event.days)]
    return {"event": event, "students": family.students, "teachers": event.teachers,
            "priorities": priorities, "required": required, "days": days}


def _time(value: str | None) -> time | None:
    try:
        return time.fromisoformat(value) if value else None
    except ValueError:
        return None


def save_wish_form(family: Family, entered_by: str = "family") -> dict[str, str]:
    """Reads the wish form; returns errors by field name (German), saves when there are none."""
    event = family.event
    errors: dict[str, str] = {}
    teacher_ids = [t.id for t in event.teachers]
    choices: dict[int, dict[int, int]] = {}
    for student in family.students:
        choices[student.id] = {}
        for teacher_id in teacher_ids:
            raw = request.form.get(f"p-{student.id}-{teacher_id}", "0") or "0"
            if raw not in ("0", "1", "2", "3"):
                errors[f"p-{student.id}-{teacher_id}"] = _("Ungültige Auswahl.")
                continue
            choices[student.id][teacher_id] = int(raw)
    windows, any_limit = [], False
    for i, d in enumerate(event.days):
        if request.form.get(f"skip-{i}"):
            any_limit = True
            continue
        start_raw, end_raw = request.form.get(f"from-{i}"), request.form.get(f"to-{i}")
        start, end = _time(start_raw), _time(end_raw)
        if (start_raw and start is None) or (end_raw and end is None):
            errors[f"from-{i}"] = _("Bitte die Uhrzeit als HH:MM angeben.")
            continue
        any_limit = any_limit or bool(start or end)
        start, end = start or d.start_time, end or d.end_time
        if end <= start:
            errors[f"to-{i}"] = _("„bis“ muss nach „von“ liegen.")
        windows.append(DaySpec(d.day, start, end))
    if any_limit and not windows and not errors:
        errors["skip-0"] = _("Bitte mindestens einen Tag angeben, an dem Sie kommen können.")
    if errors:
        return errors
    try:
        for student in family.students:
            save_wishes(db.session, family, student, choices[student.id], _now(), entered_by)
        save_windows(db.session, family, windows if any_limit else [], _now(),
                     by_office=entered_by == "office")
    except ParentsDayError as exc:
        db.session.rollback()
        return {"form": translated(exc)}
    return {}


@bp.route("/wuensche", methods=["GET", "POST"])
@family_required
def wishes(family: Family):
    editable = can_edit_wishes(family.event, _now())
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        if not editable:
            errors = {"form": _("Wünsche können jetzt nicht geändert werden.")}
        else:
            errors = save_wish_form(family)
            if not errors:
                flash(_("Ihre Wünsche sind gespeichert."), "success")
                return redirect(url_for(".home"))
    return render_template("parentsday/family/wishes.html", family=family,
                           data=wish_page_data(family), errors=errors, editable=editable,
                           action=ActionForm()), 422 if errors else 200


def _published_plan(family: Family) -> list[ParentsDayAppointment]:
    if family.event.published_at is None:
        abort(404)
    return appointments_of_family(db.session, family)


@bp.get("/plan")
@family_required
def plan(family: Family):
    published = family.event.published_at is not None
    appointments = appointments_of_family(db.session, family) if published else []
    return render_template("parentsday/family/plan.html", family=family, event=family.event,
                           published=published, appointments=appointments,
                           self_booking=can_self_book(family.event, _now()),
                           action=ActionForm())


@bp.get("/plan.pdf")
@family_required
def plan_pdf(family: Family):
    pdf = family_plan(family.event, family, _published_plan(family),
                      current_app.config["SCHOOL_NAME"])
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": 'inline; filename="elternsprechtag-plan.pdf"'})


@bp.get("/plan.ics")
@family_required
def plan_ics(family: Family):
    domain = current_app.config["BASE_URL"].split("://", 1)[-1].split("/", 1)[0]
    ics = family_ics(_published_plan(family), family.event, domain)
    return Response(ics, mimetype="text/calendar", headers={
        "Content-Disposition": 'attachment; filename="elternsprechtag.ics"'})


@bp.route("/buchen", methods=["GET", "POST"])
@family_required
def book(family: Family):
    event = family.event
    if not can_self_book(event, _now()):
        flash(_("Freie Termine können jetzt nicht gebucht werden."), "error")
        return redirect(url_for(".plan"))
    student = db.session.get(Student, request.values.get("student", type=int) or 0)
    teacher = db.session.get(ParentsDayTeacher, request.values.get("teacher", type=int) or 0)
    if student is not None and student.family_id != family.id:
        abort(404)
    if teacher is not None and teacher.event_id != event.id:
        abort(404)
    error = None
    if request.method == "POST":
        if not ActionForm().validate_on_submit() or student is None or teacher is None:
            abort(400)
        try:
            start = datetime.fromisoformat(request.form.get("start", ""))
            self_book(db.session, family, student, teacher, start, _now())
        except ValueError as exc:  # ParentsDayError and SlotTaken are ValueErrors too
            error = translated(exc) if isinstance(exc, ParentsDayError | SlotTaken) else \
                _("Ungültige Auswahl.")
        else:
            flash(_("Der Termin ist gebucht."), "success")
            return redirect(url_for(".plan"))
    slots = free_slots(db.session, event, teacher, family) if student and teacher else []
    return render_template("parentsday/family/book.html", family=family, event=event,
                           student=student, teacher=teacher, slots=slots, error=error,
                           action=ActionForm()), 409 if error else 200


@bp.post("/termine/<int:appointment_id>/absagen")
@family_required
def cancel(family: Family, appointment_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    appointment = get_or_404(ParentsDayAppointment, appointment_id, family_id=family.id)
    try:
        cancel_appointment(db.session, family, appointment, _now())
    except ParentsDayError as exc:
        flash(translated(exc), "error")
    else:
        flash(_("Der Termin ist abgesagt."), "success")
    return redirect(url_for(".plan"))
