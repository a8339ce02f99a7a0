"""HTTP entry points: one blueprint per audience, plus the error pages."""
from __future__ import annotations

from flask import Flask, render_template, request


def register_blueprints(app: Flask) -> None:
    from .calendar_settings import bp as calendar_settings
    from .feeds import bp as feeds
    from .api import bp as api
    from .api import problem_response
    from .public import bp as public

    app.register_blueprint(public)
    app.register_blueprint(api)
    app.register_blueprint(feeds)
    app.register_blueprint(calendar_settings)

    def is_api() -> bool:
        # Unrouted URLs (404, 405) have no blueprint yet: the path decides.
        return request.path.startswith("/api/")

    @app.errorhandler(404)
    def not_found(error):
        if is_api():
            return problem_response(404, "Not Found", "Diese Adresse gibt es nicht.")
        return render_template("errors/404.html"), 404

    @app.errorhandler(405)
    def method_not_allowed(error):
        if is_api():
            return problem_response(405, "Method Not Allowed", error.description,
                                    headers=error.get_headers())
        return error

    @app.errorhandler(500)
    def server_error(_error):
        if is_api():
            return problem_response(500, "Internal Server Error",
                                    "Ein unerwarteter Fehler ist aufgetreten.")
        return render_template("errors/500.html"), 500
