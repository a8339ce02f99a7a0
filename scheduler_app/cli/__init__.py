"""Flask CLI commands: thin adapters that parse arguments and call services."""
from __future__ import annotations

from flask import Flask

from .errors import guard_database_errors


def register_commands(app: Flask) -> None:
    from . import (
        caldav,
        closures,
        database,
        demo,
        elternsprechtag,
        feeds,
        lernentwicklung,
        outbox,
        parentsday,
        retention,
        slots,
    )

    for module in (database, demo, slots, closures, feeds, caldav, elternsprechtag,
                   lernentwicklung, outbox, parentsday, retention):
        for command in module.COMMANDS:
            app.cli.add_command(guard_database_errors(command))
