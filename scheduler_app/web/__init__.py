"""HTTP entry points: one blueprint per audience, plus the error pages."""
from __future__ import annotations

from flask import Flask, current_app, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.routing import IntegerConverter

# Ids are 32-bit integer columns (SQLite raises OverflowError binding a larger number).
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:...>` in every URL: a number no row can have does not match, so it is a 404."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def register_blueprints(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter  # before any rule is added
    from .auth import bp as auth
    from .calendar_settings import bp as calendar_settings
    from .feeds import bp as feeds
    from .api import bp as api
    from .api import problem_response
    from .filters import init_filters
    from .office import bp as office
    from .public import bp as public
    from .staff import bp as staff

    app.register_blueprint(public)
    app.register_blueprint(api)
    app.register_blueprint(feeds)
    app.register_blueprint(calendar_settings)
    app.register_blueprint(auth)
    app.register_blueprint(staff)
    app.register_blueprint(office)
    init_filters(app)

    @app.context_processor
    def _endpoints():
        return {"has_endpoint": lambda name: name in current_app.view_functions}

    @app.errorhandler(403)
    def forbidden(_error):
        return render_template("errors/403.html"), 403

    @app.errorhandler(CSRFError)
    def csrf_failed(_error):
        return render_template("errors/csrf.html"), 400

    def is_api() -> bool:
        # Unrouted URLs (404, 405) have no blueprint yet: the path decides.
        return request.path.startswith("/api/")

    from .parentsday import register as register_parentsday

    register_parentsday(app)

    @app.errorhandler(404)
    def not_found(error):
        if is_api():
            return problem_response(404, "Not Found", "Diese Adresse gibt es nicht.")
        return render_template("errors/404.html"), 404

    @app.errorhandler(405)
    def method_not_allowed(error):
        if is_api():
            return problem_response(405, "Method Not Allowed",
                                    "Diese Methode ist für diese Adresse nicht erlaubt.",
                                    headers=error.get_headers())
        response = make_response(render_template("errors/405.html"), 405)
        if allow := dict(error.get_headers()).get("Allow"):
            response.headers["Allow"] = allow
        return response

    @app.errorhandler(500)
    def server_error(_error):
        if is_api():
            return problem_response(500, "Internal Server Error",
                                    "Ein unerwarteter Fehler ist aufgetreten.")
        return render_template("errors/500.html"), 500
