"""One-line messages instead of tracebacks when a command meets a database problem."""
from __future__ import annotations

import functools

import click
from sqlalchemy.exc import OperationalError, ProgrammingError

# SQLite says "no such table/column"; PostgreSQL answers SQLSTATE 42P01/42703.
_NOT_MIGRATED = ("no such table", "no such column", "UndefinedTable", "UndefinedColumn")


def database_problem(exc: Exception) -> str:
    detail = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
    if any(marker in f"{type(getattr(exc, 'orig', exc)).__name__} {detail}"
           for marker in _NOT_MIGRATED):
        return ("The database is not migrated to this version of Sprechzeit: run "
                "`flask --app wsgi db upgrade` first.")
    return f"Database error: {detail}"


def _guarded(callback):
    @functools.wraps(callback)
    def wrapper(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except (OperationalError, ProgrammingError) as exc:
            raise click.ClickException(database_problem(exc)) from None
    return wrapper


def guard_database_errors(command: click.Command) -> click.Command:
    """Wraps the callbacks of a command and of all its subcommands."""
    if command.callback is not None:
        command.callback = _guarded(command.callback)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            guard_database_errors(sub)
    return command
