"""Reading and checking a `lernentwicklung/1` instance (../shared/formats/lernentwicklung.md)."""
from __future__ import annotations

from pathlib import Path

from ..checks import (
    InstanceError,
    list_field,
    load_checked,
    unique_id,
    whole_number,
    window,
    windows,
)

FORMAT = "lernentwicklung/1"


def load_instance(source) -> dict:
    """The checked instance from a file path or an already parsed dict.

    Raises InstanceError with a one-line message (starting with the file's name for a file).
    """
    if isinstance(source, dict):
        check_instance(source)
        return source
    if isinstance(source, (str, Path)):
        return load_checked(source, check_instance)
    raise InstanceError(f"expected a file name or a dict, got {type(source).__name__}")


def _resources(data: dict, key: str, kind: str) -> set[str]:
    seen: set[str] = set()
    for i, item in enumerate(list_field(data, key)):
        where = unique_id(item, f"{key}[{i}]", kind, seen)
        windows(list_field(item, "windows", where), f"{where}: windows")
    return seen


def _members(klass: dict, key: str, where: str, known: set[str], kind: str) -> None:
    ids = list_field(klass, key, where)
    if not ids:
        raise InstanceError(f"{where}: '{key}' is empty: a talk needs at least one {kind}")
    for j, ident in enumerate(ids):
        if ident not in known:
            raise InstanceError(f"{where}: {key}[{j}]: unknown {kind} {ident!r}")
    if len(set(ids)) != len(ids):
        raise InstanceError(f"{where}: a {kind} appears twice in '{key}'")


def _student(s, here: str, classes_of: dict[str, str], class_id: str) -> None:
    if not isinstance(s, dict):
        raise InstanceError(f"{here}: expected an object with id and family")
    if not isinstance(s.get("id"), str) or not s["id"]:
        raise InstanceError(f"{here}: 'id' is missing")
    if s["id"] in classes_of:
        raise InstanceError(f"{here}: student {s['id']} appears twice "
                            f"(also in class {classes_of[s['id']]})")
    classes_of[s["id"]] = class_id
    if not isinstance(s.get("family"), str) or not s["family"]:
        raise InstanceError(f"{here}: unknown family {s.get('family')!r}: expected a "
                            f"family id (a non-empty string) joining siblings")
    preferences = s.get("preferences", [])
    if not isinstance(preferences, list):
        raise InstanceError(f"{here}: 'preferences' must be a list")
    for k, p in enumerate(preferences):
        where = f"{here}: preferences[{k}]"
        window(p, where, extra=("rank",))
        whole_number(p["rank"], f"{where}.rank", 1, 3)


def check_instance(data) -> None:
    """Raise InstanceError (one line, no file name) if `data` is not a usable instance."""
    if not isinstance(data, dict):
        raise InstanceError("expected a JSON object")
    if data.get("format") != FORMAT:
        raise InstanceError(f"format must be {FORMAT!r}, got {data.get('format')!r}")
    for key in ("talk_minutes", "grid_minutes"):
        if key not in data:
            raise InstanceError(f"'{key}' is missing")
        whole_number(data[key], key, 1, 24 * 60)
    for key in ("name", "timezone"):
        if not isinstance(data.get(key, ""), str):
            raise InstanceError(f"{key}: expected a string, got {data[key]!r}")
    teachers = _resources(data, "teachers", "teacher")
    rooms = _resources(data, "rooms", "room")
    classes: set[str] = set()
    classes_of: dict[str, str] = {}
    for i, c in enumerate(list_field(data, "classes")):
        where = unique_id(c, f"classes[{i}]", "class", classes)
        _members(c, "teachers", where, teachers, "teacher")
        _members(c, "rooms", where, rooms, "room")
        for j, s in enumerate(list_field(c, "students", where)):
            _student(s, f"{where}: students[{j}]", classes_of, c["id"])
