"""The objective of a set of talks, level by level, and comparing two of them."""
from __future__ import annotations

from collections import defaultdict

from .problem import Problem

# Per student: None (no talk) or (start on the day axis, room index).
Assignment = list[tuple[int, int] | None]

LEVELS = ("scheduled", "preference_score", "teacher_idle_minutes", "family_idle_minutes")


def idle_minutes(problem: Problem, groups: dict) -> int:
    """Sum over groups (a teacher's or a family's day) of span minus talk time."""
    idle = 0
    for starts in groups.values():
        idle += max(starts) + problem.talk - min(starts) - problem.talk * len(starts)
    return idle


def figures(problem: Problem, talks: Assignment) -> dict:
    teacher_days, family_days = defaultdict(list), defaultdict(list)
    scheduled = score = 0
    for student, talk in zip(problem.students, talks, strict=True):
        if talk is None:
            continue
        start = talk[0]
        scheduled += 1
        cand = student.by_start.get(start)
        score += cand.score if cand else 0
        day = problem.day_of(start)
        for t in student.teachers:
            teacher_days[t, day].append(start)
        family_days[student.family, day].append(start)
    return {"scheduled": scheduled, "preference_score": score,
            "teacher_idle_minutes": idle_minutes(problem, teacher_days),
            "family_idle_minutes": idle_minutes(problem, family_days)}


def key(f: dict) -> tuple[int, int, int, int]:
    """Larger is better, level by level."""
    return (f["scheduled"], f["preference_score"], -f["teacher_idle_minutes"],
            -f["family_idle_minutes"])
