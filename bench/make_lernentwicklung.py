"""A deterministic `lernentwicklung/1` instance: one year group, for tests and the bench.

    python bench/make_lernentwicklung.py [--classes 6] [--students 25] [--days 3]
                                         [--seed 0] [-o OUT.json]

Standard library only. Each class has two class teachers, its own room (taken by a club
from 15:00 to 16:00 on one of the days) and the shared parents' room B0.04, so classes
compete for B0.04 and, through twins, for families. Teachers come from 13:30 or 14:00 to
17:00 or 17:30. Three fifths of the families give one to three preference windows on
different days, mostly in the later afternoon; about one in twelve students has a twin in
another class; one in a hundred families can only come in the evening (no common time).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import string
import sys

FIRST_DAY = dt.date(2027, 1, 12)


def school_days(n: int) -> list[str]:
    days, day = [], FIRST_DAY
    while len(days) < n:
        if day.weekday() < 5:
            days.append(day.isoformat())
        day += dt.timedelta(days=1)
    return days


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _preferences(rng: random.Random, dates: list[str]) -> list[dict]:
    if rng.random() < 0.01:
        return [{"date": rng.choice(dates), "start": "18:00", "end": "19:00", "rank": 1}]
    if rng.random() < 0.4:
        return []
    out = []
    chosen = rng.sample(dates, rng.randint(1, min(3, len(dates))))
    for rank, date in enumerate(chosen, start=1):
        start = rng.choice((810, 840, 870, 900, 900, 930, 930))  # 13:30 .. 15:30
        length = rng.choice((90, 120, 150, 180))
        out.append({"date": date, "start": _hhmm(start),
                    "end": _hhmm(min(start + length, 1050)), "rank": rank})
    return out


def make(classes: int = 6, students: int = 25, days: int = 3, seed: int = 0) -> dict:
    rng = random.Random(seed)
    dates = school_days(days)
    teachers = []
    for k in range(2 * classes):
        windows = [{"date": d, "start": rng.choice(("13:30", "13:30", "14:00")),
                    "end": rng.choice(("17:00", "17:00", "17:30"))} for d in dates]
        teachers.append({"id": f"L{k + 1:02d}", "name": f"Lehrkraft {k + 1}",
                         "windows": windows})
    rooms = [{"id": "B0.04", "windows": [{"date": d, "start": "13:00", "end": "17:30"}
                                         for d in dates]}]
    for c in range(classes):
        club = dates[c % len(dates)]
        rooms.append({"id": f"A1.{c + 1:02d}", "windows": [
            w for d in dates for w in (
                [{"date": d, "start": "08:00", "end": "15:00"},
                 {"date": d, "start": "16:00", "end": "18:00"}] if d == club
                else [{"date": d, "start": "08:00", "end": "18:00"}])]})
    out_classes, families = [], 0
    for c in range(classes):
        ids = [f"L{2 * c + 1:02d}", f"L{2 * c + 2:02d}"]
        pupils = []
        for j in range(students):
            families += 1
            pupils.append({"id": f"S{c + 1:02d}{j + 1:02d}", "family": f"F{families:04d}",
                           "preferences": _preferences(rng, dates)})
        out_classes.append({"id": f"7{string.ascii_lowercase[c % 26]}", "teachers": ids,
                            "rooms": [f"A1.{c + 1:02d}", "B0.04"], "students": pupils})
    for c, klass in enumerate(out_classes[1:], start=1):
        for pupil in klass["students"]:
            if rng.random() < 1 / 12:  # a twin in an earlier class: one family, two talks
                other = rng.choice(out_classes[rng.randrange(c)]["students"])
                pupil["family"] = other["family"]
    return {"format": "lernentwicklung/1",
            "name": f"Jahrgang 7, {classes} Klassen, {days} Tage (seed {seed})",
            "timezone": "Europe/Berlin", "talk_minutes": 20, "grid_minutes": 5,
            "teachers": teachers,
            "rooms": rooms, "classes": out_classes}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--classes", type=int, default=6)
    parser.add_argument("--students", type=int, default=25, help="per class")
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", help="file to write (default: standard output)")
    args = parser.parse_args(argv)
    text = json.dumps(make(args.classes, args.students, args.days, args.seed),
                      ensure_ascii=False, indent=1) + "\n"
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
