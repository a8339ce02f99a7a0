"""Public pages: offerings, free slots by day, booking, the manage link, privacy notice."""
from __future__ import annotations

from collections import OrderedDict
import secrets
from datetime import UTC, date, datetime, timedelta

from flask import (Blueprint, abort, current_app, flash, g, redirect, render_template,
                   request, url_for)
from flask_babel import gettext as _

from ...db import db
from ...domain.messages import N_
from ...domain.time import local_date
from ...models import BookerKind, BookingStatus, Mode, Offering
from ...services import formatting
from ...services.booking import Booker, BookingError, SlotTaken
from ...services.manage_links import booking_for_token, manage_url
from ...services.notifications import offering_title, place_of
from ...services.offerings import UnknownOffering, get_offering, list_offerings
from ...services.public_booking import (booking_of_request, cancel_by_booker, make_booking,
                                        move_by_booker, nearest_free_slots)
from ...services.slots import slots_for
from ..messages import translated
from .forms import BookingForm, CancelForm, MoveForm

bp = Blueprint("public", __name__)
DAYS_PER_PAGE = 14


def now() -> datetime:
    return datetime.now(UTC)


def slot_key(start: datetime) -> str:
    return start.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def parse_slot_key(value: str | None) -> datetime | None:
    """A slot start from a URL or form, or None for anything that cannot be one."""
    try:
        parsed = datetime.fromisoformat((value or "").strip())
        if parsed.tzinfo is None:
            return None
        parsed = parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    moment = now()
    # Far-off dates are never bookable, and date arithmetic near year 9999 would overflow.
    return parsed if moment - timedelta(days=1) < parsed < moment + timedelta(days=800) else None


@bp.app_template_filter("when")
def _when(start, end=None):
    return formatting.when(start, end, g.get("lang", "de"))


@bp.app_template_filter("clock")
def _clock(start):
    return formatting.clock(start, g.get("lang", "de"))


@bp.app_template_filter("day_label")
def _day_label(start):
    return formatting.day_label(start, g.get("lang", "de"))


@bp.app_template_global("offering_title")
def _offering_title(offering: Offering) -> str:
    return offering.title_en if g.get("lang") == "en" and offering.title_en else offering.title


def _offering_or_404(offering_id: int) -> Offering:
    try:
        return get_offering(db.session, offering_id)
    except UnknownOffering:
        abort(404)


def _days(slots) -> OrderedDict:
    by_day: OrderedDict = OrderedDict()
    for slot in slots:
        by_day.setdefault(local_date(slot.start), []).append(slot)
    return by_day


def _first_day(moment: datetime) -> date:
    try:
        wanted = date.fromisoformat(request.args.get("ab", ""))
    except ValueError:
        wanted = None
    today = local_date(moment)
    return wanted if wanted and today <= wanted <= today + timedelta(days=400) else today


def _page_of_slots(offering: Offering, moment: datetime, mode: Mode | None = None):
    first = _first_day(moment)
    last = first + timedelta(days=DAYS_PER_PAGE - 1)
    slots = slots_for(db.session, offering, first, last, moment)
    if mode == Mode.IN_PERSON:
        slots = [s for s in slots if s.in_person]
    elif mode == Mode.PHONE:
        slots = [s for s in slots if s.phone]
    horizon = local_date(moment + timedelta(days=offering.horizon_days))
    later = last + timedelta(days=1) if last < horizon else None
    earlier = first - timedelta(days=DAYS_PER_PAGE) if first > local_date(moment) else None
    if earlier and earlier < local_date(moment):
        earlier = local_date(moment)
    return _days(slots), first, last, earlier, later


@bp.after_app_request
def _private_links(response):
    """Manage pages carry a secret in their URL: never cache them, never leak it onward."""
    if request.path.startswith("/termin/"):
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.get("/")
def index():
    return render_template("public/index.html",
                           offerings=list_offerings(db.session))


@bp.get("/datenschutz")
def privacy():
    return render_template("public/privacy.html")


@bp.get("/angebot/<int:offering_id>")
def offering(offering_id: int):
    offering = _offering_or_404(offering_id)
    days, first, last, earlier, later = _page_of_slots(offering, now())
    return render_template("public/offering.html", offering=offering, days=days, first=first,
                           last=last, earlier=earlier, later=later, slot_key=slot_key)


def _render_form(offering, form, start, *, taken=False, alternatives=(), status=200):
    end = start + timedelta(minutes=offering.duration_minutes)
    return render_template("public/book.html", offering=offering, form=form, start=start,
                           end=end, taken=taken, past=start <= now(),
                           alternatives=alternatives, slot_key=slot_key), status


@bp.route("/angebot/<int:offering_id>/buchen", methods=["GET", "POST"])
def book(offering_id: int):
    offering = _offering_or_404(offering_id)
    form = BookingForm().configure(offering)
    start = parse_slot_key(form.start.data if request.method == "POST"
                           else request.args.get("start"))
    if start is None:
        flash(_("Bitte wählen Sie zuerst einen freien Termin."), "error")
        return redirect(url_for(".offering", offering_id=offering.id))
    form.start.data = slot_key(start)
    if request.method == "GET":
        if start <= now():  # a page of slots left open too long
            flash(_("Dieser Termin ist schon vorbei. Bitte wählen Sie einen anderen freien "
                    "Termin."), "error")
            return redirect(url_for(".offering", offering_id=offering.id))
        form.request_key.data = secrets.token_urlsafe(24)
        return _render_form(offering, form, start)
    if not form.validate_on_submit():
        return _render_form(offering, form, start, status=422)
    booker = Booker(name=form.name.data, email=form.email.data, phone=form.phone.data,
                    kind=BookerKind(form.booker_kind.data),
                    topic=form.topic.data if form.asks_topic else None)
    moment = now()
    mode = Mode(form.mode.data)
    try:
        booking, token = make_booking(db.session, offering, start, mode, booker, moment,
                                      secret_key=current_app.config["SECRET_KEY"],
                                      locale=g.get("lang", "de"),
                                      request_key=form.request_key.data)
        db.session.commit()
    except SlotTaken:
        db.session.rollback()
        made = booking_of_request(db.session, current_app.config["SECRET_KEY"],
                                  form.request_key.data)
        if made is not None:  # this form was sent before and booked: show that booking
            flash(_("Ihr Termin ist gebucht."), "success")
            return redirect(url_for(".manage", token=made[1], neu=1))
        alternatives = nearest_free_slots(db.session, offering, start, moment, mode=mode)
        return _render_form(offering, form, start, taken=True, alternatives=alternatives,
                            status=409)
    except BookingError as exc:
        db.session.rollback()
        flash(translated(exc), "error")
        return _render_form(offering, form, start, status=422)
    flash(_("Ihr Termin ist gebucht."), "success")
    return redirect(url_for(".manage", token=token, neu=1))


def _booking_or_404(token: str):
    booking = booking_for_token(db.session, token)
    if booking is None:
        abort(404)
    return booking


def _details(booking) -> dict:
    return {"title": offering_title(booking, g.get("lang", "de")), "place": place_of(booking),
            "is_past": booking.starts_at <= now(),
            "is_cancelled": booking.status == BookingStatus.CANCELLED,
            "link": manage_url(request.host_url, request.view_args["token"])}


@bp.get("/termin/<token>")
def manage(token: str):
    booking = _booking_or_404(token)
    return render_template("public/manage.html", booking=booking, token=token,
                           cancel_form=CancelForm(), new=request.args.get("neu") == "1",
                           **_details(booking))


@bp.route("/termin/<token>/absagen", methods=["GET", "POST"])
def cancel(token: str):
    booking = _booking_or_404(token)
    form = CancelForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            cancel_by_booker(db.session, booking, now())
            db.session.commit()
        except BookingError as exc:
            db.session.rollback()
            flash(translated(exc), "error")
            return redirect(url_for(".manage", token=token))
        flash(_("Ihr Termin ist abgesagt."), "success")
        return redirect(url_for(".manage", token=token))
    return render_template("public/cancel.html", booking=booking, token=token, form=form,
                           **_details(booking))


@bp.route("/termin/<token>/verschieben", methods=["GET", "POST"])
def reschedule(token: str):
    booking = _booking_or_404(token)
    if booking.status == BookingStatus.CANCELLED:
        flash(_("Ein abgesagter Termin kann nicht verschoben werden."), "error")
        return redirect(url_for(".manage", token=token))
    form = MoveForm()
    status = 200
    if request.method == "POST" and form.validate_on_submit():
        start = parse_slot_key(form.start.data)
        try:
            if start is None:
                raise BookingError(N_("Bitte wählen Sie einen neuen Termin."))
            move_by_booker(db.session, booking, start, now())
            db.session.commit()
        except SlotTaken:
            db.session.rollback()
            db.session.refresh(booking)
            flash(_("Dieser Termin ist leider gerade vergeben worden. Bitte wählen Sie einen "
                    "anderen; Ihr bisheriger Termin bleibt bestehen."), "error")
            status = 409
        except BookingError as exc:
            db.session.rollback()
            db.session.refresh(booking)
            flash(translated(exc), "error")
            status = 422
        else:
            flash(_("Ihr Termin ist verschoben."), "success")
            return redirect(url_for(".manage", token=token))
    elif request.method == "POST":
        status = 422
    days, first, last, earlier, later = _page_of_slots(booking.offering, now(), booking.mode)
    return render_template("public/move.html", booking=booking, token=token, form=form,
                           days=days, first=first, last=last, earlier=earlier, later=later,
                           slot_key=slot_key, **_details(booking)), status
