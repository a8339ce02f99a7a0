"""Tiny instances whose best plan is known, for the optimiser and the baseline."""
from __future__ import annotations

import pytest
from helpers_lernentwicklung import (
    instance,
    klass,
    prefer,
    student,
    talks_by_student,
    windows,
    year_group,
)

from scheduler_app.planning.lernentwicklung import evaluate, solve, solve_baseline

BOTH = pytest.mark.parametrize("planner", [lambda i: solve(i, time_limit=5), solve_baseline],
                               ids=["optimiser", "baseline"])


def checked(inst: dict, plan: dict) -> dict:
    figures = evaluate(inst, plan)
    assert figures["valid"], figures["errors"]
    return figures


def test_a_preference_wins_over_a_compact_teacher_day():
    # B's best time is the end of the afternoon; placing B right after A would save the
    # teacher 80 minutes of waiting but only earn rank 3.
    inst = instance({"KLA": windows(("14:00", "16:00"))}, [klass("7a", ["KLA"], [
        student("A", preferences=prefer(("14:00", "14:20", 1))),
        student("B", preferences=prefer(("15:40", "16:00", 1), ("14:00", "16:00", 3)))])])
    plan = solve(inst, time_limit=5)
    talks = talks_by_student(plan)
    assert (talks["A"]["start"], talks["B"]["start"]) == ("14:00", "15:40")
    figures = checked(inst, plan)
    assert (figures["preference_score"], figures["teacher_idle_minutes"]) == (6, 80)


def test_without_preferences_the_teacher_day_is_compact():
    inst = instance({"KLA": windows(("14:00", "17:00"))}, [klass("7a", ["KLA"], [
        student("A", preferences=prefer(("16:00", "17:00", 1))),
        student("B"), student("C")])])
    plan = solve(inst, time_limit=5)
    assert checked(inst, plan)["teacher_idle_minutes"] == 0
    assert sorted(t["start"] for t in plan["talks"])[0] >= "15:20"


@BOTH
def test_siblings_in_two_classes_never_overlap(planner):
    inst = instance(
        {"KLA": windows(("14:00", "17:00")), "BER": windows(("14:00", "17:00"))},
        [klass("7a", ["KLA"], [student("A", "F1", prefer(("15:00", "15:40", 1))),
                               student("C", "F2")]),
         klass("7b", ["BER"], [student("B", "F1", prefer(("15:00", "15:40", 1))),
                               student("D", "F2")], rooms=("R2",))],
        rooms={"R1": windows(("08:00", "18:00")), "R2": windows(("08:00", "18:00"))})
    plan = planner(inst)
    talks = talks_by_student(plan)
    assert {talks["A"]["start"], talks["B"]["start"]} == {"15:00", "15:20"}
    assert talks["C"]["start"] != talks["D"]["start"]
    assert checked(inst, plan)["scheduled"] == 4


def test_siblings_come_one_after_the_other():
    # KLA is there until 15:00, BER from 15:00: the twins meet both back to back at 15:00.
    inst = instance(
        {"KLA": windows(("14:00", "15:00")), "BER": windows(("15:00", "16:00"))},
        [klass("7a", ["KLA"], [student("A", "F1"), student("C")]),
         klass("7b", ["BER"], [student("B", "F1"), student("D")], rooms=("R2",))],
        rooms={"R1": windows(("08:00", "18:00")), "R2": windows(("08:00", "18:00"))})
    plan = solve(inst, time_limit=5)
    talks = talks_by_student(plan)
    assert (talks["A"]["start"], talks["B"]["start"]) == ("14:40", "15:00")
    figures = checked(inst, plan)
    assert (figures["teacher_idle_minutes"], figures["family_idle_minutes"]) == (0, 0)


@BOTH
def test_a_talk_needs_all_class_teachers(planner):
    # KLA and BER overlap from 14:40 to 15:00: room for one talk only.
    inst = instance({"KLA": windows(("14:00", "15:00")), "BER": windows(("14:40", "16:00"))},
                    [klass("7a", ["KLA", "BER"], [student("A"), student("B")])])
    plan = planner(inst)
    assert [(t["student"], t["start"], t["end"]) for t in plan["talks"]] == [
        ("A", "14:40", "15:00")]
    assert plan["unscheduled"] == [{"student": "B", "class": "7a", "reason": "no-capacity"}]
    checked(inst, plan)


@BOTH
def test_no_common_time_is_reported(planner):
    inst = instance({"KLA": windows(("14:00", "17:00"))}, [klass("7a", ["KLA"], [
        student("A", preferences=prefer(("18:00", "19:00", 1))), student("B")])])
    plan = planner(inst)
    assert plan["unscheduled"] == [{"student": "A", "class": "7a",
                                    "reason": "no-common-time"}]
    assert checked(inst, plan)["scheduled"] == 1


@BOTH
def test_room_windows_choose_the_room(planner):
    inst = instance({"KLA": windows(("14:00", "15:00"))},
                    [klass("7a", ["KLA"], [student("A"), student("B")], rooms=("R1", "R2"))],
                    rooms={"R1": windows(("14:00", "14:20")), "R2": windows(("14:20", "15:00"))})
    plan = planner(inst)
    assert sorted((t["start"], t["room"]) for t in plan["talks"]) == [
        ("14:00", "R1"), ("14:20", "R2")]
    checked(inst, plan)


@BOTH
def test_times_are_wall_clock_even_on_the_night_clocks_go_forward(planner):
    # 2027-03-28: in Europe/Berlin 02:00-03:00 does not exist, but a wall-clock plan on a
    # date has no instants, so talks lie there just as on any other night.
    day = "2027-03-28"
    inst = instance({"KLA": windows(("02:00", "03:00"), date=day)},
                    [klass("7a", ["KLA"], [student("A"), student("B"), student("C")])],
                    rooms={"R1": windows(("00:00", "23:59"), date=day)})
    plan = planner(inst)
    assert sorted((t["date"], t["start"], t["end"]) for t in plan["talks"]) == [
        (day, "02:00", "02:20"), (day, "02:20", "02:40"), (day, "02:40", "03:00")]
    checked(inst, plan)


def test_the_baseline_takes_the_best_rank_at_its_earliest_time():
    inst = instance({"KLA": windows(("14:00", "17:00"))}, [klass("7a", ["KLA"], [
        student("A", preferences=prefer(("14:00", "17:00", 2), ("15:00", "16:00", 1))),
        student("B", preferences=prefer(("15:00", "16:00", 1)))])])
    talks = talks_by_student(solve_baseline(inst))
    assert (talks["A"]["start"], talks["B"]["start"]) == ("15:00", "15:20")


def test_stop_and_progress():
    inst = year_group(classes=2, students=10, days=1)
    heard = []
    plan = solve(inst, time_limit=20, stop=lambda: True,
                 progress=lambda fraction, figures: heard.append(fraction))
    assert plan["stats"]["seconds"] < 5 and heard[-1] == 1.0
    checked(inst, plan)


@pytest.mark.slow
def test_a_year_group_beats_first_come_first_served():
    inst = year_group()  # 6 classes, 25 students each, 2 teachers each, 3 afternoons
    base = checked(inst, solve_baseline(inst))
    best = checked(inst, solve(inst, time_limit=6))
    assert best["scheduled"] >= base["scheduled"]
    if best["scheduled"] == base["scheduled"]:
        assert best["preference_score"] >= base["preference_score"]
    assert best["teacher_idle_minutes"] < 0.7 * base["teacher_idle_minutes"]
