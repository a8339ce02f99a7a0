"""Checks shared by the planning instance formats: every failure is an InstanceError whose
message is one line naming the entry, so a command can print it as it is."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class InstanceError(ValueError):
    """An instance that cannot be planned; the message is one line for a person."""


def read_json(path):
    """The JSON value in the file at `path`; errors start with the file's name."""
    name = Path(path).name
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InstanceError(f"{name}: file not found") from None
    except UnicodeDecodeError:
        raise InstanceError(f"{name}: not UTF-8 text") from None
    except OSError as exc:
        raise InstanceError(f"{name}: cannot read ({exc.strerror or exc})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InstanceError(
            f"{name}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None


def load_checked(path, check) -> dict:
    """Read an instance file and run `check` on it; its errors get the file's name."""
    data = read_json(path)
    try:
        check(data)
    except InstanceError as exc:
        raise InstanceError(f"{Path(path).name}: {exc}") from None
    return data


def minutes(value, where: str) -> int:
    if not isinstance(value, str) or not _TIME.match(value):
        raise InstanceError(f"{where}: expected a time HH:MM, got {value!r}")
    return int(value[:2]) * 60 + int(value[3:])


def hhmm(value: int) -> str:
    """Minutes after midnight as the formats write them; the inverse of `minutes`."""
    return f"{value // 60:02d}:{value % 60:02d}"


def iso_date(value, where: str) -> str:
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InstanceError(f"{where}: expected a date YYYY-MM-DD, got {value!r}") from None
    return value


def window(w, where: str, extra: tuple[str, ...] = ()) -> tuple[str, int, int]:
    if not isinstance(w, dict):
        raise InstanceError(f"{where}: expected an object with date, start and end")
    for key in ("date", "start", "end", *extra):
        if key not in w:
            raise InstanceError(f"{where}: '{key}' is missing")
    date = iso_date(w["date"], f"{where}.date")
    start, end = minutes(w["start"], f"{where}.start"), minutes(w["end"], f"{where}.end")
    if end <= start:
        raise InstanceError(f"{where}: end {w['end']} is not after start {w['start']}")
    return date, start, end


def windows(entries, where: str) -> list[tuple[str, int, int]]:
    if not isinstance(entries, list):
        raise InstanceError(f"{where}: expected a list of time windows")
    return [window(w, f"{where}[{i}]") for i, w in enumerate(entries)]


def whole_number(value, where: str, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low or (
            high is not None and value > high):
        span = f"{low}..{high}" if high is not None else f">= {low}"
        raise InstanceError(f"{where}: expected a whole number {span}, got {value!r}")
    return value


def list_field(data: dict, key: str, where: str = "instance") -> list:
    if key not in data:
        raise InstanceError(f"{where}: '{key}' is missing")
    if not isinstance(data[key], list):
        raise InstanceError(f"{where}: '{key}' must be a list")
    return data[key]


def unique_id(item, position: str, kind: str, seen: set[str]) -> str:
    """Checks an entry's id and records it; returns how errors should name the entry."""
    if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
        raise InstanceError(f"{position}: 'id' is missing")
    where = f"{kind} {item['id']}"
    if item["id"] in seen:
        raise InstanceError(f"{where}: id appears twice")
    seen.add(item["id"])
    return where
