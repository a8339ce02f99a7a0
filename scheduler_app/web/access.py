"""Who may open what: signed-in staff, and roles. Refusals are 403, never 500."""
from __future__ import annotations

import functools

from flask import abort
from flask_login import current_user, login_required

from ..models import Role


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
