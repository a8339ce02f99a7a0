"""Writing a `lernentwicklung-plan/1` plan, and measuring any plan against its instance."""
from __future__ import annotations

from ..checks import hhmm, minutes
from .figures import Assignment, figures
from .occupancy import Occupancy
from .problem import Problem, Student, compile_instance

PLAN_FORMAT = "lernentwicklung-plan/1"

# Why a student has no talk: no start suits teachers, room and family at all, or every such
# start is taken by other talks.
NO_COMMON_TIME = "no-common-time"
NO_CAPACITY = "no-capacity"


def to_plan(problem: Problem, talks: Assignment, stats: dict | None = None) -> dict:
    planned, unscheduled = [], []
    for student, talk in zip(problem.students, talks, strict=True):
        klass = problem.class_ids[student.klass]
        if talk is None:
            reason = NO_CAPACITY if student.candidates else NO_COMMON_TIME
            unscheduled.append({"student": student.id, "class": klass, "reason": reason})
            continue
        date, minute = problem.wall_clock(talk[0])
        planned.append({"student": student.id, "class": klass, "date": date,
                        "start": hhmm(minute), "end": hhmm(minute + problem.talk),
                        "room": problem.room_ids[talk[1]]})
    planned.sort(key=lambda t: (t["date"], t["start"], t["class"], t["student"]))
    return {"format": PLAN_FORMAT, "instance": problem.data.get("name", ""),
            "talks": planned, "unscheduled": unscheduled,
            "stats": dict(stats or {}, **figures(problem, talks))}


def _read_talk(problem: Problem, student: Student, t: dict) -> tuple[int, int]:
    """(start, room) of a talk entry that suits the student on its own; raises ValueError
    naming the broken rule."""
    try:
        start, end = minutes(t.get("start"), "start"), minutes(t.get("end"), "end")
    except (ValueError, TypeError):
        raise ValueError("start or end is not HH:MM") from None
    if end - start != problem.talk:
        raise ValueError(f"lasts {end - start} minutes, not {problem.talk}")
    if start % problem.grid:
        raise ValueError(f"starts off the {problem.grid}-minute grid")
    room = t.get("room")
    if room not in [problem.room_ids[k] for k in student.rooms]:
        raise ValueError(f"room {room!r} is not one of the class's rooms")
    at = problem.at(t.get("date"), start)
    cand = student.by_start.get(at) if at is not None else None
    if cand is None:
        raise ValueError("outside the windows of its teachers or room, or outside the "
                         "family's preferences")
    k = problem.room_ids.index(room)
    if k not in cand.rooms:
        raise ValueError(f"outside the windows of room {room}")
    return at, k


def read_plan(problem: Problem, plan) -> tuple[Assignment, list[str]]:
    """The plan's talks that keep every rule, and one message per rule broken."""
    errors: list[str] = []
    talks: Assignment = [None] * len(problem.students)
    if not isinstance(plan, dict):
        return talks, ["the plan is not a JSON object"]
    if plan.get("format") != PLAN_FORMAT:
        errors.append(f"plan format is not {PLAN_FORMAT}")
    by_id = {s.id: s for s in problem.students}
    seen = dict.fromkeys(by_id, 0)
    busy = Occupancy(problem)
    entries = []
    for kind in ("talks", "unscheduled"):
        if not isinstance(plan.get(kind, []), list):
            errors.append(f"'{kind}' must be a list")
        else:
            entries += [(kind, e) for e in plan.get(kind, [])]
    for kind, entry in entries:
        sid = entry.get("student") if isinstance(entry, dict) else None
        student = by_id.get(sid)
        if student is None:
            errors.append(f"{kind}: unknown student {sid!r}")
            continue
        seen[sid] += 1
        if entry.get("class") != problem.class_ids[student.klass]:
            errors.append(f"{kind}: student {sid} is in class "
                          f"{problem.class_ids[student.klass]}, not {entry.get('class')!r}")
        if kind == "unscheduled":
            continue
        here = f"talk of {sid} on {entry.get('date')} {entry.get('start')}"
        try:
            start, room = _read_talk(problem, student, entry)
        except ValueError as exc:
            errors.append(f"{here}: {exc}")
            continue
        for resource in [*busy.people(student), ("room", room)]:
            other = busy.clash(resource, start)
            if other is not None:
                kind_, i = resource
                name = {"teacher": problem.teacher_ids, "family": problem.family_ids,
                        "room": problem.room_ids}[kind_][i]
                errors.append(f"{here}: {kind_} {name} is in the talk of {other} then")
                break
        else:
            busy.take(student, start, room)
            talks[student.index] = (start, room)
    for sid, n in seen.items():
        if n != 1:
            errors.append(f"student {sid} appears {n} times in the plan, expected once")
    return talks, errors


def evaluate(instance: dict, plan) -> dict:
    """`valid`, `errors` and the objective's levels in order: scheduled, preference_score,
    teacher_idle_minutes, family_idle_minutes (of the talks that keep every rule)."""
    problem = compile_instance(instance)
    talks, errors = read_plan(problem, plan)
    return {"valid": not errors, "errors": errors, "students": len(problem.students),
            **figures(problem, talks),
            "preference_bound": sum(max((c.score for c in s.candidates), default=0)
                                    for s in problem.students)}
