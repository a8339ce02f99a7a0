"""The office's Elternsprechtag pages: events, CSV import, wishes by phone or on paper.

URLs (all under /office/elternsprechtag, role admin):
  GET/POST /                               events; create one
  GET      /<id>                           overview: phases, people, wishes, plan, print
  POST     /<id>/phases                    change the phase dates
  GET/POST /<id>/import                    upload a CSV -> preview with line-numbered errors
  POST     /<id>/import/confirm            save the previewed file (nothing on any error)
  GET/POST /<id>/wishes                    enter a family's wishes and times
The plan, the optimiser job, publishing and printing are in office_plan.py.
"""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from ...db import db
from ..access import get_or_404
from ...domain.parentsday_csv import parse_students, parse_teachers
from ...domain.time import BERLIN, to_local
from ...models import Family, ParentsDay, ParentsDayAppointment, Student, Wish
from ...services.parentsday.setup import (
    DaySpec,
    ParentsDayError,
    create_event,
    import_students,
    import_teachers,
    update_event,
)
from ...services.crypto import app_secret_key as app_secret
from ...services.parentsday.jobs import latest_jobs
from ..messages import translated
from .auth import office_required
from .family import save_wish_form, wish_page_data
from .forms import (
    ActionForm,
    ConfirmImportForm,
    EventForm,
    JobForm,
    PhaseForm,
    PlanUploadForm,
    UploadForm,
)

bp = Blueprint("parentsday_office", __name__, url_prefix="/office/elternsprechtag")

PHASES = ("wishes_open_at", "wishes_close_at", "publish_planned_at", "self_booking_opens_at")


def local(instant: datetime | None) -> str:
    return to_local(instant).strftime("%d.%m.%Y %H:%M") if instant else "–"


def _utc(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=BERLIN) if value else None


def event_or_404(event_id: int) -> ParentsDay:
    return get_or_404(ParentsDay, event_id)


@bp.route("/", methods=["GET", "POST"])
@office_required
def index():
    form = EventForm()
    if form.validate_on_submit():
        days = [DaySpec(form.day.data, form.start.data, form.end.data)]
        if form.day2.data:
            days.append(DaySpec(form.day2.data, form.start2.data, form.end2.data))
        breaks = [(form.break_start.data, form.break_end.data)] if form.break_start.data else []
        try:
            event = create_event(db.session, form.name.data.strip(), days,
                                 form.slot_minutes.data, form.transition_minutes.data, breaks,
                                 **{p: _utc(getattr(form, p).data) for p in PHASES})
        except ParentsDayError as exc:
            form.name.errors.append(translated(exc))
        else:
            flash(_("Der Elternsprechtag ist angelegt."), "success")
            return redirect(url_for(".event", event_id=event.id))
    events = db.session.scalars(select(ParentsDay).order_by(ParentsDay.id.desc())).all()
    status = 422 if form.errors else 200
    return render_template("parentsday/office/index.html", events=events, form=form), status


@bp.get("/<int:event_id>")
@office_required
def event(event_id: int):
    event = event_or_404(event_id)
    phases = PhaseForm(formdata=None, data={p: _local_naive(getattr(event, p)) for p in PHASES})
    return _event_page(event, phases)


def _event_page(event, phases: PhaseForm, status: int = 200):
    """The event page; `phases` is the phase form as stored, or as typed when rejected."""
    count = lambda model: db.session.scalar(  # noqa: E731
        select(func.count()).select_from(model).where(model.event_id == event.id))
    figures = {"families": count(Family), "students": count(Student), "wishes": count(Wish),
               "teachers": len(event.teachers), "appointments": count(ParentsDayAppointment),
               "required": db.session.scalar(select(func.count()).select_from(Wish).where(
                   Wish.event_id == event.id, Wish.required))}
    return render_template(
        "parentsday/office/event.html", event=event, figures=figures, phases=phases,
        jobs=latest_jobs(db.session, event), job_form=JobForm(formdata=None),
        plan_form=PlanUploadForm(formdata=None), action=ActionForm(),
        now=datetime.now(BERLIN)), status


def _local_naive(instant: datetime | None) -> datetime | None:
    return to_local(instant).replace(tzinfo=None) if instant else None


@bp.post("/<int:event_id>/phases")
@office_required
def phases(event_id: int):
    event = event_or_404(event_id)
    form = PhaseForm()
    if not form.validate_on_submit():
        # Shown again as typed, with the message next to each field.
        flash(_("Bitte die Zeitpunkte als Datum und Uhrzeit angeben."), "error")
        return _event_page(event, form, 422)
    try:
        update_event(db.session, event, **{p: _utc(getattr(form, p).data) for p in PHASES})
    except ParentsDayError as exc:
        flash(translated(exc), "error")
        return _event_page(event, form, 422)
    flash(_("Die Termine sind gespeichert."), "success")
    return redirect(url_for(".event", event_id=event.id))


def _parse(kind: str, data: bytes):
    return parse_students(data) if kind == "students" else parse_teachers(data)


@bp.route("/<int:event_id>/import", methods=["GET", "POST"])
@office_required
def upload(event_id: int):
    event = event_or_404(event_id)
    form = UploadForm()
    if form.validate_on_submit():
        upload = request.files.get(form.file.name)
        data = upload.read() if upload else b""
        if not data:
            form.file.errors.append(_("Bitte eine CSV-Datei auswählen."))
        else:
            preview = _parse(form.kind.data, data)
            text = data.decode("utf-8-sig") if preview.encoding == "utf-8" else \
                data.decode("cp1252", errors="replace")
            confirm = ConfirmImportForm(formdata=None, data={"kind": form.kind.data,
                                                              "content": text})
            return render_template("parentsday/office/preview.html", event=event,
                                   preview=preview, confirm=confirm,
                                   ), 200 if preview.ok else 422
    return render_template("parentsday/office/upload.html", event=event, form=form), \
        422 if form.errors else 200


@bp.post("/<int:event_id>/import/confirm")
@office_required
def confirm_import(event_id: int):
    event = event_or_404(event_id)
    form = ConfirmImportForm()
    kind = form.kind.data if form.kind.data in ("students", "teachers") else None
    if not form.validate_on_submit() or kind is None:
        abort(400)
    preview = _parse(kind, (form.content.data or "").encode())
    try:
        if kind == "students":
            counts = import_students(db.session, event, preview, app_secret())
            flash(_("Importiert: %(students)d Schülerinnen und Schüler, %(families)d neue "
                    "Familien, %(classes)d neue Klassen.", **counts), "success")
        else:
            counts = import_teachers(db.session, event, preview)
            flash(_("Importiert: %(teachers)d neue Lehrkräfte.", **counts), "success")
    except ParentsDayError:
        return render_template("parentsday/office/preview.html", event=event, preview=preview,
                               confirm=form), 422
    return redirect(url_for(".event", event_id=event.id))


@bp.route("/<int:event_id>/wishes", methods=["GET", "POST"])
@office_required
def wishes(event_id: int):
    """The office enters wishes received by phone or on paper, at any time before publishing."""
    event = event_or_404(event_id)
    families = db.session.scalars(select(Family).where(Family.event_id == event.id)
                                  .order_by(Family.name)).all()
    family_id = request.values.get("family", type=int)
    family = next((f for f in families if f.id == family_id), None)
    errors: dict[str, str] = {}
    if family is not None and request.method == "POST" and "save" in request.form:
        errors = save_wish_form(family, entered_by="office")
        if not errors:
            flash(_("Die Wünsche von %(name)s sind gespeichert.", name=family.name), "success")
            return redirect(url_for(".wishes", event_id=event.id, family=family.id))
    data = wish_page_data(family) if family else None
    return render_template("parentsday/office/wishes.html", event=event, families=families,
                           family=family, data=data, errors=errors, action=ActionForm()), \
        422 if errors else 200
