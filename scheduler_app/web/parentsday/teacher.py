"""The teacher's Elternsprechtag page in the workspace.

URLs:
  GET  /workspace/elternsprechtag                     own plan per event, must-talks
  POST /workspace/elternsprechtag/<tid>/required      ask for (or drop) a talk with a family
  POST /workspace/elternsprechtag/<tid>/settings      room, late start, early leave, breaks
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ...db import db
from ..access import get_or_404
from ...models import ParentsDayTeacher, StaffMember, Student, Wish
from ...services.parentsday.booking import appointments_of_teacher
from ...domain.parentsday_csv import parse_breaks, parse_time
from ...services.parentsday.setup import ParentsDayError, set_required, update_participation
from ..messages import translated
from .auth import staff_required
from .forms import ActionForm

bp = Blueprint("parentsday_teacher", __name__, url_prefix="/workspace/elternsprechtag")


@bp.get("")
@staff_required
def index(staff: StaffMember):
    return _page(staff)


def _page(staff: StaffMember, rejected=None, status: int = 200):
    """The teacher's Elternsprechtage; `rejected` is (teacher id, the form as typed)."""
    entries = []
    for teacher in db.session.scalars(select(ParentsDayTeacher)
                                      .where(ParentsDayTeacher.staff_id == staff.id)
                                      .order_by(ParentsDayTeacher.id.desc())):
        event = teacher.event
        wishes = db.session.scalars(select(Wish).where(Wish.teacher_id == teacher.id)).all()
        students = db.session.scalars(
            select(Student).where(Student.event_id == event.id)
            .order_by(Student.last_name, Student.first_name)).all()
        entries.append({
            "teacher": teacher, "event": event,
            "appointments": appointments_of_teacher(db.session, teacher)
            if event.published_at else [],
            "required": [w for w in wishes if w.required],
            "wished": sum(1 for w in wishes if w.wanted_by_family),
            "students": students,
        })
    return render_template("parentsday/teacher.html", staff=staff, entries=entries,
                           action=ActionForm(), rejected=rejected), status


@bp.post("/<int:teacher_id>/required")
@staff_required
def required(staff: StaffMember, teacher_id: int):
    teacher = get_or_404(ParentsDayTeacher, teacher_id, staff_id=staff.id)
    if not ActionForm().validate_on_submit():
        abort(400)
    student = db.session.get(Student, request.form.get("student", type=int) or 0)
    if student is None or student.event_id != teacher.event_id:
        flash(_("Bitte eine Schülerin oder einen Schüler auswählen."), "error")
        return redirect(url_for(".index"))
    try:
        set_required(db.session, teacher, student, request.form.get("required") == "1")
    except ParentsDayError as exc:
        flash(translated(exc), "error")
    else:
        flash(_("Gespeichert: Die Familie sieht das Gespräch auf ihrer Seite."), "success")
    return redirect(url_for(".index"))


@bp.post("/<int:teacher_id>/settings")
@staff_required
def settings(staff: StaffMember, teacher_id: int):
    teacher = get_or_404(ParentsDayTeacher, teacher_id, staff_id=staff.id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        late = parse_time(request.form["late_start"]) if request.form.get("late_start") else None
        early = parse_time(request.form["early_leave"]) if request.form.get("early_leave") \
            else None
    except ValueError:
        return _refused(staff, teacher, _("Bitte die Uhrzeiten als HH:MM angeben."))
    try:
        breaks = parse_breaks(request.form.get("breaks", ""))
    except ValueError:
        return _refused(staff, teacher, _("Pausen bitte so angeben: 16:30-16:50 17:30-17:40"))
    try:
        update_participation(db.session, teacher, request.form.get("room"), late, early, breaks)
    except ParentsDayError as exc:
        return _refused(staff, teacher, translated(exc))
    flash(_("Ihre Angaben für den Elternsprechtag sind gespeichert."), "success")
    return redirect(url_for(".index"))


def _refused(staff: StaffMember, teacher: ParentsDayTeacher, message: str):
    """The page again with the message and the form as typed, so nothing is typed twice."""
    flash(message, "error")
    return _page(staff, (teacher.id, request.form), 422)

