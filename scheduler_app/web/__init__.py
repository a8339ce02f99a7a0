"""HTTP entry points: one blueprint per audience, plus the error pages."""
from __future__ import annotations

from flask import Flask, render_template


def register_blueprints(app: Flask) -> None:
    from .calendar_settings import bp as calendar_settings
    from .feeds import bp as feeds
    from .public import bp as public

    app.register_blueprint(public)
    app.register_blueprint(feeds)
    app.register_blueprint(calendar_settings)

    from .parentsday import register as register_parentsday

    register_parentsday(app)

    @app.errorhandler(404)
    def not_found(_error):
        return render_template("errors/404.html"), 404

    @app.errorhandler(500)
    def server_error(_error):
        return render_template("errors/500.html"), 500
