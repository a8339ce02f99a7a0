"""Login, logout, password reset and invitation links, TOTP set-up.

URLs:
  GET/POST /login                     e-mail and password
  GET/POST /login/code                the TOTP code, when the account has one
  POST     /logout                    ends every session of the account
  GET/POST /password/forgot           queues a reset mail
  GET/POST /password/reset/<token>    sets a new password from a mailed link
  GET/POST /password/welcome/<token>  first password of an invited staff member
  GET/POST /account/security          set up or remove the second factor
"""
from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ...db import db
from ...services import auth as auth_service
from ...services.throttle import Throttled
from ..throttling import client_ip, policy, throttled_page
from ..messages import translated
from . import bp
from .forms import CodeForm, ForgotForm, LoginForm, NewPasswordForm

PENDING = "auth_pending"  # session key: password checked, TOTP code still due
PENDING_SECRET = "auth_totp_setup"


def _safe_next(target: str | None) -> str:
    """Only redirect to pages of this site after sign-in."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("staff.dashboard")


def _finish_login(staff) -> object:
    session.pop(PENDING, None)
    target = _safe_next(session.pop("auth_next", None))
    login_user(staff)
    db.session.commit()
    return redirect(target)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("staff.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            staff = auth_service.sign_in(db.session, form.email.data, form.password.data,
                                         ip=client_ip(), policy=policy(),
                                         now=datetime.now(UTC))
        except Throttled as refusal:
            return throttled_page("auth/login.html", refusal, form=form)
        if staff is None:
            form.password.errors.append(_("E-Mail-Adresse oder Passwort stimmen nicht."))
        else:
            session["auth_next"] = request.args.get("next")
            if staff.totp_secret:
                session[PENDING] = staff.get_id()
                return redirect(url_for(".login_code"))
            return _finish_login(staff)
    return render_template("auth/login.html", form=form), 422 if form.errors else 200


@bp.route("/login/code", methods=["GET", "POST"])
def login_code():
    staff = auth_service.load_session_user(db.session, session.get(PENDING, ""))
    if staff is None:
        return redirect(url_for(".login"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            right = auth_service.sign_in_code(db.session, staff, form.code.data,
                                              policy=policy(), now=datetime.now(UTC))
        except Throttled as refusal:
            return throttled_page("auth/code.html", refusal, form=form)
        if right:
            return _finish_login(staff)
        form.code.errors.append(_("Der Code stimmt nicht oder wurde schon benutzt."))
    return render_template("auth/code.html", form=form), 422 if form.errors else 200


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        auth_service.end_sessions(current_user)
        db.session.commit()
    logout_user()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("Sie sind abgemeldet."), "success")
    return redirect(url_for(".login"))


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot():
    form = ForgotForm()
    if form.validate_on_submit():
        auth_service.request_password_reset(
            db.session, form.email.data, secret_key=current_app.config["SECRET_KEY"],
            link_for=lambda token: current_app.config["BASE_URL"]
            + url_for(".reset", token=token))
        # The same answer for every address, so the form does not reveal who has an account.
        flash(_("Wenn die Adresse zu einem Konto gehört, ist ein Link zum Zurücksetzen "
                "unterwegs. Er gilt zwei Stunden."), "success")
        return redirect(url_for(".login"))
    return render_template("auth/forgot.html", form=form), 422 if form.errors else 200


def _password_page(token: str, purpose, template_title: str):
    try:
        staff = auth_service.staff_for_link(
            db.session, current_app.config["SECRET_KEY"], token, purpose)
    except auth_service.AuthError as exc:
        return render_template("auth/link_invalid.html", message=translated(exc)), 400
    form = NewPasswordForm()
    if form.validate_on_submit():
        auth_service.set_password(db.session, staff, form.password.data)
        db.session.commit()
        flash(_("Ihr Passwort ist gespeichert. Bitte melden Sie sich an."), "success")
        return redirect(url_for(".login"))
    return render_template("auth/new_password.html", form=form, staff=staff,
                           title=template_title), 422 if form.errors else 200


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset(token: str):
    return _password_page(token, auth_service.RESET, _("Neues Passwort festlegen"))


@bp.route("/password/welcome/<token>", methods=["GET", "POST"])
def welcome(token: str):
    return _password_page(token, auth_service.INVITE, _("Willkommen: Passwort festlegen"))


@bp.route("/account/security", methods=["GET", "POST"])
@login_required
def security():
    staff = current_user
    form = CodeForm()
    now = datetime.now(UTC)
    if staff.totp_secret:
        if request.method == "POST":
            if not auth_service.can_disable_totp(staff):
                abort(403)
            if form.validate_on_submit():
                try:
                    auth_service.disable_totp(staff, form.code.data, now)
                except auth_service.AuthError as exc:
                    form.code.errors.append(translated(exc))
                else:
                    db.session.commit()
                    flash(_("Der zweite Faktor ist ausgeschaltet."), "success")
                    return redirect(url_for(".security"))
        return render_template("auth/security.html", form=form, staff=staff,
                               can_disable=auth_service.can_disable_totp(staff)), \
            422 if form.errors else 200
    secret = session.get(PENDING_SECRET) or auth_service.new_totp_secret()
    session[PENDING_SECRET] = secret
    if form.validate_on_submit():
        try:
            auth_service.enable_totp(staff, secret, form.code.data, now)
        except auth_service.AuthError as exc:
            form.code.errors.append(translated(exc))
        else:
            db.session.commit()
            session.pop(PENDING_SECRET, None)
            flash(_("Der zweite Faktor ist eingerichtet. Bei der nächsten Anmeldung "
                    "fragen wir nach dem Code."), "success")
            return redirect(url_for(".security"))
    return render_template("auth/security.html", form=form, staff=staff, secret=secret,
                           uri=auth_service.totp_uri(secret, staff)), 422 if form.errors else 200
