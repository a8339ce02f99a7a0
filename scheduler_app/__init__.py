"""Sprechzeit: appointment and room booking for a German Oberschule."""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: Mapping | None = None) -> Flask:
    """The application factory: configuration, extensions, blueprints and commands."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("SPRECHZEIT_INSTANCE", str(ROOT / "instance")),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    from .config import from_environment

    app.config.update(from_environment(Path(app.instance_path)))
    app.config.update(config or {})
    if proxies := int(app.config.get("TRUSTED_PROXIES") or 0):
        # Behind a reverse proxy the client's IP (sign-in throttle) and scheme come from
        # its X-Forwarded-* headers; only that many hops are believed, so nobody can claim
        # another address by sending the header themselves.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies,
                                x_host=0, x_port=0, x_prefix=0)

    from .db import db
    from .extensions import init_extensions

    db.init_app(app)
    init_extensions(app)

    from .web import register_blueprints

    register_blueprints(app)

    from .cli import register_commands

    register_commands(app)
    return app
