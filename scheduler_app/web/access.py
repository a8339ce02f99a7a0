"""Who may open what: signed-in staff, and roles. Refusals are 403, never 500."""
from __future__ import annotations

import functools
from typing import TypeVar

from flask import abort
from flask_login import current_user, login_required

from ..db import db
from ..models import Role

T = TypeVar("T")


def roles_required(*roles: Role):
    """A signed-in staff member whose role is one of `roles`; others get 403."""
    def decorator(view):
        @functools.wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)
        return wrapper
    return decorator


staff_required = login_required
office_required = roles_required(Role.ADMIN)


def get_or_404(model: type[T], ident: object, **belongs_to: object) -> T:
    """The row with this id, or 404. `belongs_to` names columns it must match: another
    owner's row is answered like a missing one, so ids reveal nothing."""
    row = db.session.get(model, ident)
    if row is None or any(getattr(row, key) != value for key, value in belongs_to.items()):
        abort(404)
    return row
