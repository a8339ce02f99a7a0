"""Elternsprechtag pages: the office's planning, the families' pages, the teachers' view."""
from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from . import office_plan  # noqa: F401 - adds the plan routes to the office blueprint
    from .family import bp as family
    from .office import bp as office
    from .office import local
    from .teacher import bp as teacher

    app.register_blueprint(office)
    app.register_blueprint(family)
    app.register_blueprint(teacher)
    # A global, not a context processor, so imported macros see it too.
    app.jinja_env.globals["pd_local"] = local
