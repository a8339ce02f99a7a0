"""Who may see which Elternsprechtag page.

Staff sign in through the workspace (Flask-Login); these decorators hand the signed-in
StaffMember to the view and check the office role. Families sign in with their access code;
the session keeps the family id and the code's version, so a renewed code ends old sessions.
"""
from __future__ import annotations

import functools

from flask import redirect, session, url_for
from flask_login import current_user, login_required

from ...db import db
from ...models import Family
from ..access import office_required as _office_required


# The workspace's sign-in and role check, so every staff page refuses the same way.
office_required = _office_required


def staff_required(view):
    """A signed-in staff member, handed to the view as its first argument."""
    @functools.wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        return view(current_user._get_current_object(), *args, **kwargs)
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
        return view(family, *args, **kwargs)
    return wrapper
