"""Office pages, part two: offerings, closures and the anonymous statistics.

URLs (prefix /office, admins only):
  GET  /offerings, GET/POST /offerings/new, GET/POST /offerings/<id>
  GET  /closures?year=YYYY, POST /closures, POST /closures/import, POST /closures/<id>/delete
  GET  /statistics?year=YYYY, GET /statistics.csv?year=YYYY
"""
from __future__ import annotations

from datetime import UTC, datetime

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ...db import db
from ...domain.time import local_date
from ...models import ClosureKind, Offering, StaffMember
from ...services import office_admin
from ...services.closures import ClosureImportError, import_school_holidays_ics
from ...services.offerings import list_offerings
from ...services.statistics import published_statistics, statistics_csv
from ..access import get_or_404, office_required
from ..forms_common import opts
from ..messages import translated
from . import bp
from .forms import (
    CLOSURE_KIND_LABELS,
    OFFERING_KIND_LABELS,
    ClosureForm,
    IcsImportForm,
    OfferingForm,
)


def _year() -> int:
    try:
        year = int(request.args.get("year", ""))
    except ValueError:
        return local_date(datetime.now(UTC)).year
    return min(max(year, 2000), 2100)


# --- offerings -----------------------------------------------------------------------------

@bp.get("/offerings")
@office_required
def offerings():
    return render_template("office/offerings.html",
                           offerings=list_offerings(db.session, include_inactive=True),
                           kind_labels=OFFERING_KIND_LABELS)


def _offering_form(offering: Offering | None = None, formdata=None) -> OfferingForm:
    kwargs = {} if formdata is not None else {"formdata": None}
    form = OfferingForm(obj=offering, **kwargs)
    if offering is not None and formdata is None:
        form.kind.data = offering.kind.value
        form.rooms.data = [r.id for r in offering.rooms]
    form.staff_id.choices = opts(
        (s.id, s.display_name + ("" if s.is_active else f" ({_('inaktiv')})"))
        for s in db.session.scalars(select(StaffMember).order_by(StaffMember.display_name)))
    form.rooms.choices = opts((r.id, r.label) for r in office_admin.list_rooms(db.session))
    return form


def _save(offering: Offering | None):
    form = _offering_form(offering, formdata=request.form)
    if form.validate_on_submit():
        try:
            saved = office_admin.save_offering(db.session, offering, form.values(),
                                               form.rooms.data or [])
        except office_admin.OfficeError as exc:
            db.session.rollback()
            form.title.errors.append(translated(exc))
        else:
            flash(_("Das Angebot „%(title)s“ ist gespeichert.", title=saved.title), "success")
            return redirect(url_for(".offerings"))
    return render_template("office/offering_form.html", form=form, offering=offering), 422


@bp.route("/offerings/new", methods=["GET", "POST"])
@office_required
def new_offering():
    if request.method == "POST":
        return _save(None)
    return render_template("office/offering_form.html", form=_offering_form(), offering=None)


@bp.route("/offerings/<int:offering_id>", methods=["GET", "POST"])
@office_required
def edit_offering(offering_id: int):
    offering = get_or_404(Offering, offering_id)
    if request.method == "POST":
        return _save(offering)
    return render_template("office/offering_form.html", form=_offering_form(offering),
                           offering=offering)


# --- closures ------------------------------------------------------------------------------

def _closures_page(form=None, import_form=None, status=200):
    year = _year()
    return render_template(
        "office/closures.html", year=year,
        closures=office_admin.closures_of_year(db.session, year),
        holidays=office_admin.holidays_of_year(year, g.get("lang", "de")),
        kind_labels=CLOSURE_KIND_LABELS,
        form=form or ClosureForm(formdata=None),
        import_form=import_form or IcsImportForm(formdata=None)), status


@bp.get("/closures")
@office_required
def closures():
    return _closures_page()


@bp.post("/closures")
@office_required
def add_closure():
    form = ClosureForm()
    if form.validate_on_submit():
        try:
            office_admin.add_closure(db.session, kind=ClosureKind(form.kind.data),
                                     name=form.name.data, first_day=form.first_day.data,
                                     last_day=form.last_day.data)
        except office_admin.OfficeError as exc:
            db.session.rollback()
            form.name.errors.append(translated(exc))
        else:
            flash(_("Die Schließzeit „%(name)s“ ist gespeichert.", name=form.name.data),
                  "success")
            return redirect(url_for(".closures", year=form.first_day.data.year))
    return _closures_page(form=form, status=422)


@bp.post("/closures/import")
@office_required
def import_closures():
    form = IcsImportForm()
    if form.validate_on_submit():
        upload = form.ics.data
        try:
            result = import_school_holidays_ics(db.session, upload.read(2_000_000),
                                                upload.filename or "upload.ics")
        except ClosureImportError as exc:
            db.session.rollback()
            form.ics.errors.append(translated(exc) if "detail" not in exc.message.params
                                   else _("Die Datei ist kein lesbarer iCalendar."))
        else:
            flash(_("%(added)s Ferienzeiträume importiert, %(skipped)s waren schon da.",
                    added=result.added, skipped=result.skipped), "success")
            return redirect(url_for(".closures"))
    return _closures_page(import_form=form, status=422)


@bp.post("/closures/<int:closure_id>/delete")
@office_required
def delete_closure(closure_id: int):
    if not office_admin.delete_closure(db.session, closure_id):
        abort(404)
    flash(_("Die Schließzeit wurde entfernt."), "success")
    return redirect(url_for(".closures", year=_year()))


# --- statistics ----------------------------------------------------------------------------

@bp.get("/statistics")
@office_required
def statistics():
    year = _year()
    return render_template("office/statistics.html", year=year,
                           rows=published_statistics(db.session, year))


@bp.get("/statistics.csv")
@office_required
def statistics_download():
    year = _year()
    body = statistics_csv(published_statistics(db.session, year), [
        _("Angebot"), _("Monat"), _("Buchungen"), _("Absagen"), _("Nicht erschienen")])
    return Response("\ufeff" + body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="sprechzeit-statistik-{year}.csv"'})
