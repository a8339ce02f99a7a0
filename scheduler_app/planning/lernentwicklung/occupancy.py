"""Who is busy when: teachers, rooms and families, each in at most one talk at a time."""
from __future__ import annotations

from collections import defaultdict

from .problem import Problem, Student


class Occupancy:
    def __init__(self, problem: Problem):
        self.talk = problem.talk
        self.busy: dict[tuple[str, int], list[tuple[int, str]]] = defaultdict(list)

    @staticmethod
    def people(student: Student) -> list[tuple[str, int]]:
        return [("teacher", t) for t in student.teachers] + [("family", student.family)]

    def clash(self, resource: tuple[str, int], start: int) -> str | None:
        """The student whose talk keeps `resource` busy at `start`, if any."""
        return next((who for other, who in self.busy[resource]
                     if abs(start - other) < self.talk), None)

    def free_room(self, student: Student, start: int, rooms) -> int | None:
        """The first of `rooms` free at `start`, if the student's people are all free."""
        if any(self.clash(p, start) is not None for p in self.people(student)):
            return None
        return next((k for k in rooms if self.clash(("room", k), start) is None), None)

    def take(self, student: Student, start: int, room: int) -> None:
        for resource in [*self.people(student), ("room", room)]:
            self.busy[resource].append((start, student.id))
