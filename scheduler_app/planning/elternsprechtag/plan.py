"""Writing an `elternsprechtag-plan/1` plan, and measuring any plan against its instance."""
from __future__ import annotations

from collections import defaultdict

from ..checks import hhmm, minutes
from .instance import Problem, compile_instance
from .schedule import Schedule

PLAN_FORMAT = "elternsprechtag-plan/1"

REASONS = {
    "no-common-time": "Lehrkraft und Familie haben keine gemeinsame freie Zeit",
    "teacher-full": "Die Lehrkraft ist in den möglichen Zeiten ausgebucht",
    "family-busy": "Die Familie hat zu den freien Zeiten der Lehrkraft andere Gespräche",
}


def _reason(schedule: Schedule, r: int) -> str:
    req = schedule.p.requests[r]
    if not req.positions:
        return "no-common-time"
    if not any(schedule.teacher_free(r, s) for s in req.positions):
        return "teacher-full"
    return "family-busy"


def to_plan(problem: Problem, schedule: Schedule, stats: dict | None = None) -> dict:
    appointments, unscheduled = [], []
    for r, req in enumerate(problem.requests):
        family = problem.family_ids[req.family]
        teacher = problem.teacher_ids[req.teacher]
        s = schedule.start[r]
        if s < 0:
            code = _reason(schedule, r)
            unscheduled.append({"family": family, "teacher": teacher, "student": req.student,
                                "reason": code, "text": REASONS[code]})
            continue
        date, minute = problem.slot_time(s)
        appointments.append({
            "family": family, "teacher": teacher, "student": req.student, "date": date,
            "start": hhmm(minute), "end": hhmm(minute + req.slots * problem.slot_minutes),
        })
    appointments.sort(key=lambda a: (a["family"], a["date"], a["start"]))
    return {
        "format": PLAN_FORMAT,
        "instance": problem.data.get("name", ""),
        "appointments": appointments,
        "unscheduled": unscheduled,
        "stats": dict(stats or {}, **schedule.figures()),
    }


def schedule_from_plan(problem: Problem, plan: dict) -> tuple[Schedule, list[str]]:
    """The plan's appointments on the problem's grid, and every rule they break."""
    errors: list[str] = []
    schedule = Schedule(problem)
    index = {(problem.family_ids[q.family], problem.teacher_ids[q.teacher], q.student): r
             for r, q in enumerate(problem.requests)}
    day_by_date = {d.date: d for d in problem.days}
    seen: dict[int, int] = defaultdict(int)
    if plan.get("format") != PLAN_FORMAT:
        errors.append(f"plan format is not {PLAN_FORMAT}")
    for a in plan.get("appointments", []):
        key = (a.get("family"), a.get("teacher"), a.get("student"))
        r = index.get(key)
        if r is None:
            errors.append(f"appointment {key} matches no request")
            continue
        seen[r] += 1
        req, day = problem.requests[r], day_by_date.get(a.get("date"))
        try:
            start, end = minutes(a["start"], "start"), minutes(a["end"], "end")
        except (KeyError, TypeError, ValueError):
            errors.append(f"appointment {key}: start or end is not HH:MM")
            continue
        k, rest = divmod(start - day.start, problem.slot_minutes) if day else (0, 1)
        s = day.offset + k if day else -1
        if (day is None or rest or end - start != req.slots * problem.slot_minutes
                or s not in req.positions):
            errors.append(f"appointment {key} on {a.get('date')} {a['start']}: "
                          f"not a possible time for this talk")
            continue
        if not schedule.teacher_free(r, s):
            errors.append(f"appointment {key}: teacher {key[1]} has another talk then")
        elif not schedule.family_ok(r, s):
            errors.append(f"appointment {key}: overlaps or is too close to another talk")
        else:
            schedule.place(r, s)
    for u in plan.get("unscheduled", []):
        r = index.get((u.get("family"), u.get("teacher"), u.get("student")))
        if r is None:
            errors.append(f"unscheduled {u} matches no request")
        else:
            seen[r] += 1
    for r in range(len(problem.requests)):
        if seen[r] != 1:
            errors.append(f"request {r} appears {seen[r]} times in the plan, expected once")
    return schedule, errors


def evaluate(instance: dict, plan: dict) -> dict:
    """The plan's figures (scheduled, must_missed, priority, idle_minutes, ...) and validity."""
    problem = compile_instance(instance)
    schedule, errors = schedule_from_plan(problem, plan)
    figures = schedule.figures()
    idle_max = max((schedule.family_score(f)[2] for f in range(len(problem.family_ids))),
                   default=0)
    full = sum(1 for reqs in problem.family_requests
               if all(schedule.start[r] >= 0 for r in reqs))
    return {
        "valid": not errors,
        "errors": errors,
        "requests": len(problem.requests),
        **figures,
        "must_total": sum(q.required for q in problem.requests),
        "priority_total": sum(q.priority for q in problem.requests),
        "idle_minutes_max_family": idle_max * problem.slot_minutes,
        "families": len(problem.family_ids),
        "families_fully_served": full,
    }
