"""The office's plan pages: optimiser job, plan files, publishing and printing.

URLs (under /office/elternsprechtag, role admin):
  POST /<id>/jobs                    start the optimiser with a time limit
  GET  /<id>/jobs/<job>              progress; reloads itself while the job runs
  POST /<id>/jobs/<job>/apply        take the job's plan (replaces the unpublished plan)
  POST /<id>/plan-import             load a plan file computed elsewhere (checked first)
  GET  /<id>/instance.json           the event as an elternsprechtag/1 instance
  GET  /<id>/plan                    all appointments by teacher
  POST /<id>/publish                 publish: families and teachers see it, mails queued
  GET  /<id>/letters.pdf             one access letter per family
  GET  /<id>/door-lists.pdf          one page per teacher and room
  GET  /<id>/families/<fid>/plan.pdf one family's plan
  GET  /<id>/families/<fid>/letter.pdf one family's access letter (again)
  POST /<id>/families/<fid>/new-code  a new access code; the old one stops working
  POST /<id>/delete                  delete the event with all its personal data
"""
from __future__ import annotations

import json
from datetime import UTC, datetime

from flask import (
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
from sqlalchemy import select

from ...db import db
from ..access import get_or_404
from ...models import Family, JobStatus, ParentsDay, PlanningJob
from ...services.crypto import app_secret_key
from ...services.parentsday.booking import appointments_of_family, appointments_of_teacher
from ...services.parentsday.instance import export_instance
from ...services.parentsday.jobs import apply_job, import_plan, job_figures, start_job
from ...services.parentsday.pdfs import access_letters, door_lists, family_plan
from ...services.parentsday.publish import publish as publish_plan
from ...services.parentsday.setup import (
    ParentsDayError,
    delete_event,
    family_code,
    renew_code,
)
from ..messages import translated
from .auth import office_required
from .forms import ActionForm, JobForm, PlanUploadForm
from .office import bp, event_or_404


def _job_or_404(event_id: int, job_id: int) -> PlanningJob:
    return get_or_404(PlanningJob, job_id, event_id=event_id)


@bp.post("/<int:event_id>/jobs")
@office_required
def start(event_id: int):
    event = event_or_404(event_id)
    form = JobForm()
    if not form.validate_on_submit():
        flash(" ".join(map(str, form.time_limit.errors))
              or _("Bitte eine Rechenzeit angeben."), "error")
        return redirect(url_for(".event", event_id=event.id))
    try:
        job = start_job(current_app._get_current_object(), db.session, event,
                        float(form.time_limit.data))
    except ParentsDayError as exc:
        flash(translated(exc), "error")
        return redirect(url_for(".event", event_id=event.id))
    return redirect(url_for(".job", event_id=event.id, job_id=job.id))


@bp.get("/<int:event_id>/jobs/<int:job_id>")
@office_required
def job(event_id: int, job_id: int):
    event = event_or_404(event_id)
    job = _job_or_404(event_id, job_id)
    running = job.status in (JobStatus.QUEUED, JobStatus.RUNNING)
    return render_template("parentsday/office/job.html", event=event, job=job, running=running,
                           figures=job_figures(job), action=ActionForm())


@bp.post("/<int:event_id>/jobs/<int:job_id>/apply")
@office_required
def apply(event_id: int, job_id: int):
    event = event_or_404(event_id)
    job = _job_or_404(event_id, job_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        count = apply_job(db.session, event, job)
    except ParentsDayError as exc:
        flash(translated(exc), "error")
        return redirect(url_for(".job", event_id=event.id, job_id=job.id))
    flash(_("Der Plan mit %(count)d Gesprächen ist übernommen (noch nicht veröffentlicht).",
            count=count), "success")
    return redirect(url_for(".plan", event_id=event.id))


@bp.post("/<int:event_id>/plan-import")
@office_required
def plan_import(event_id: int):
    event = event_or_404(event_id)
    form = PlanUploadForm()
    if not form.validate_on_submit():
        abort(400)
    upload = request.files.get(form.file.name)
    try:
        job = import_plan(db.session, event, upload.read() if upload else b"")
    except ParentsDayError as exc:
        flash(translated(exc), "error")
        return redirect(url_for(".event", event_id=event.id))
    return redirect(url_for(".job", event_id=event.id, job_id=job.id))


@bp.get("/<int:event_id>/instance.json")
@office_required
def instance(event_id: int):
    event = event_or_404(event_id)
    body = json.dumps(export_instance(db.session, event), ensure_ascii=False, indent=1)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="elternsprechtag-{event.id}.json"'})


@bp.get("/<int:event_id>/plan")
@office_required
def plan(event_id: int):
    event = event_or_404(event_id)
    by_teacher = [(t, appointments_of_teacher(db.session, t)) for t in event.teachers]
    families = db.session.scalars(select(Family).where(Family.event_id == event.id)
                                  .order_by(Family.name)).all()
    return render_template("parentsday/office/plan.html", event=event, by_teacher=by_teacher,
                           families=families, action=ActionForm())


@bp.post("/<int:event_id>/publish")
@office_required
def publish(event_id: int):
    event = event_or_404(event_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        queued = publish_plan(db.session, event, datetime.now(UTC),
                              current_app.config["BASE_URL"])
    except ParentsDayError as exc:
        flash(translated(exc), "error")
    else:
        flash(_("Der Plan ist veröffentlicht; %(count)d Mails an Familien sind unterwegs.",
                count=queued), "success")
    return redirect(url_for(".event", event_id=event.id))


def _pdf(data: bytes, name: str) -> Response:
    return Response(data, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{name}"'})


@bp.get("/<int:event_id>/letters.pdf")
@office_required
def letters(event_id: int):
    event = event_or_404(event_id)
    families = db.session.scalars(select(Family).where(Family.event_id == event.id)
                                  .order_by(Family.name)).all()
    secret = app_secret_key()
    url = current_app.config["BASE_URL"] + url_for("parentsday_family.login")
    return _pdf(access_letters(event, [(f, family_code(secret, f)) for f in families], url,
                               current_app.config["SCHOOL_NAME"]), "zugangsbriefe.pdf")


@bp.get("/<int:event_id>/door-lists.pdf")
@office_required
def door_list_pdf(event_id: int):
    event = event_or_404(event_id)
    lists = [(t, appointments_of_teacher(db.session, t)) for t in event.teachers]
    return _pdf(door_lists(event, lists, current_app.config["SCHOOL_NAME"]), "tuerlisten.pdf")


@bp.get("/<int:event_id>/families/<int:family_id>/plan.pdf")
@office_required
def family_plan_pdf(event_id: int, family_id: int):
    event = event_or_404(event_id)
    family = get_or_404(Family, family_id, event_id=event.id)
    return _pdf(family_plan(event, family, appointments_of_family(db.session, family),
                            current_app.config["SCHOOL_NAME"]), "familienplan.pdf")


def _family_or_404(event: ParentsDay, family_id: int) -> Family:
    family = get_or_404(Family, family_id, event_id=event.id)
    return family


@bp.get("/<int:event_id>/families/<int:family_id>/letter.pdf")
@office_required
def family_letter(event_id: int, family_id: int):
    event = event_or_404(event_id)
    family = _family_or_404(event, family_id)
    url = current_app.config["BASE_URL"] + url_for("parentsday_family.login")
    return _pdf(access_letters(event, [(family, family_code(app_secret_key(), family))], url,
                               current_app.config["SCHOOL_NAME"]), "zugangsbrief.pdf")


@bp.post("/<int:event_id>/families/<int:family_id>/new-code")
@office_required
def new_code(event_id: int, family_id: int):
    """A lost letter: the family gets a new code and the old one stops working."""
    event = event_or_404(event_id)
    family = _family_or_404(event, family_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    renew_code(db.session, app_secret_key(), family)
    flash(_("%(name)s hat einen neuen Zugangscode; der alte gilt nicht mehr. Bitte den Brief "
            "neu drucken.", name=family.name), "success")
    return redirect(url_for(".wishes", event_id=event.id, family=family.id))


@bp.post("/<int:event_id>/delete")
@office_required
def delete(event_id: int):
    event = event_or_404(event_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if request.form.get("confirm") != "1":
        flash(_("Bitte bestätigen Sie das Löschen."), "error")
        return redirect(url_for(".event", event_id=event.id))
    name = event.name
    delete_event(db.session, event)
    flash(_("„%(name)s“ ist mit allen Familien, Wünschen und Terminen gelöscht.", name=name),
          "success")
    return redirect(url_for(".index"))
