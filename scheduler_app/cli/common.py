"""Shared helpers of the commands: errors as one line and a non-zero exit."""
from __future__ import annotations

import json
from datetime import date

import click


def fail(message: str) -> None:
    raise click.ClickException(message)


def parse_date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option}: expected a date as YYYY-MM-DD, got {value!r}")
        raise  # unreachable; keeps type checkers content


def echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
