"""Tiny hand-made `lernentwicklung/1` instances and the bench's year-group generator."""
from __future__ import annotations

import importlib.util
from pathlib import Path

GENERATOR = Path(__file__).resolve().parents[3] / "bench" / "make_lernentwicklung.py"
DATE = "2027-01-12"


def windows(*spans, date=DATE) -> list[dict]:
    return [{"date": date, "start": a, "end": b} for a, b in spans]


def prefer(*spans, date=DATE) -> list[dict]:
    """Preference windows (start, end, rank)."""
    return [{"date": date, "start": a, "end": b, "rank": r} for a, b, r in spans]


def student(sid, family=None, preferences=()) -> dict:
    return {"id": sid, "family": family or f"F-{sid}", "preferences": list(preferences)}


def instance(teachers: dict, classes: list[dict], rooms: dict | None = None,
             talk=20, grid=5) -> dict:
    """`teachers` and `rooms` map ids to window lists; rooms default to one open all day."""
    rooms = rooms or {"R1": windows(("08:00", "18:00"))}
    return {"format": "lernentwicklung/1", "name": "tiny", "timezone": "Europe/Berlin",
            "talk_minutes": talk, "grid_minutes": grid,
            "teachers": [{"id": t, "windows": w} for t, w in teachers.items()],
            "rooms": [{"id": r, "windows": w} for r, w in rooms.items()],
            "classes": classes}


def klass(cid, teachers, students, rooms=("R1",)) -> dict:
    return {"id": cid, "teachers": list(teachers), "rooms": list(rooms),
            "students": students}


def year_group(classes=6, students=25, days=3, seed=0) -> dict:
    spec = importlib.util.spec_from_file_location("make_lernentwicklung", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make(classes, students, days, seed)


def talks_by_student(plan: dict) -> dict[str, dict]:
    return {t["student"]: t for t in plan["talks"]}
