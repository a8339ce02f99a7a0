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

    from .db import db
    from .extensions import init_extensions

    db.init_app(app)
    init_extensions(app)

    from .web import register_blueprints

    register_blueprints(app)

    from .cli import register_commands

    register_commands(app)
    return app
