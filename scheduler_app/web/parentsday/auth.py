"""Who may see which Elternsprechtag page.

Staff sign in through the workspace (Flask-Login); these decorators hand the signed-in
StaffMember to the view and check the office role. Families sign in with their access code;
the session keeps the family id and the code's version, so a renewed code ends old sessions.
"""
from __future__ import annotations

import functools

from flask import abort, current_app, g, redirect, session, url_for

from ...db import db
from ...models import Family, Role, StaffMember


def _signed_in_staff() -> StaffMember | None:
    manager = getattr(current_app, "login_manager", None)
    if manager is None:
        abort(403)  # no sign-in configured: nobody may see the workspace
    from flask_login import current_user

    if not current_user.is_authenticated:
        return None
    user_id = getattr(current_user, "staff_id", None) or getattr(current_user, "id", None)
    if user_id is None:
        user_id = str(current_user.get_id()).split(":")[0]
    staff = db.session.get(StaffMember, int(user_id))
    if staff is None or not staff.is_active:
        abort(403)
    return staff


def staff_required(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        staff = _signed_in_staff()
        if staff is None:
            return current_app.login_manager.unauthorized()
        g.staff = staff
        return view(staff, *args, **kwargs)
    return wrapper


def office_required(view):
    """The school office (role admin) plans the Elternsprechtag."""
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        staff = _signed_in_staff()
        if staff is None:
            return current_app.login_manager.unauthorized()
        if staff.role != Role.ADMIN:
            abort(403)
        g.staff = staff
        return view(*args, **kwargs)
    return wrapper


FAMILY_KEY = "pd_family"


def sign_in_family(family: Family) -> None:
    lang = session.get("lang")
    session.clear()  # a new sign-in gets a fresh session (no fixation)
    if lang:
        session["lang"] = lang
    session[FAMILY_KEY] = [family.id, family.code_version]


def sign_out_family() -> None:
    session.pop(FAMILY_KEY, None)


def current_family() -> Family | None:
    stored = session.get(FAMILY_KEY)
    if not stored:
        return None
    family = db.session.get(Family, stored[0])
    if family is None or family.code_version != stored[1]:
        return None
    return family


def family_required(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        family = current_family()
        if family is None:
            return redirect(url_for("parentsday_family.login"))
        g.family = family
        return view(family, *args, **kwargs)
    return wrapper
