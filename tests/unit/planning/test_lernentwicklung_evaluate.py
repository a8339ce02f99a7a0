"""`evaluate` finds every kind of broken plan and measures the four objective levels."""
from __future__ import annotations

import copy

import pytest
from helpers_lernentwicklung import instance, klass, prefer, student, windows

from scheduler_app.planning.lernentwicklung import evaluate

INSTANCE = instance(
    {"KLA": windows(("14:00", "16:00")), "BER": windows(("14:00", "16:00")),
     "ROS": windows(("14:00", "16:00"))},
    [klass("7a", ["KLA", "BER"], [student("A", "F1", prefer(("14:00", "15:00", 1),
                                                              ("15:00", "16:00", 2))),
                                  student("C", "F3")], rooms=("R1", "R2")),
     klass("7b", ["ROS"], [student("B", "F1")], rooms=("R2",))],
    rooms={"R1": windows(("14:00", "16:00")), "R2": windows(("14:00", "15:40")),
           "R3": windows(("14:00", "16:00"))})


def talk(sid, cls, start, end, room, date="2027-01-12") -> dict:
    return {"student": sid, "class": cls, "date": date, "start": start, "end": end,
            "room": room}


def good() -> dict:
    return {"format": "lernentwicklung-plan/1", "instance": "tiny",
            "talks": [talk("A", "7a", "14:00", "14:20", "R1"),
                      talk("B", "7b", "14:20", "14:40", "R2"),
                      talk("C", "7a", "15:00", "15:20", "R1")],
            "unscheduled": [], "stats": {}}


def test_a_good_plan_and_its_figures():
    figures = evaluate(INSTANCE, good())
    assert figures["valid"], figures["errors"]
    assert [figures[k] for k in ("scheduled", "preference_score", "teacher_idle_minutes",
                                 "family_idle_minutes")] == [3, 3, 2 * 40, 0]


def broken(change) -> list[str]:
    plan = copy.deepcopy(good())
    change(plan)
    figures = evaluate(INSTANCE, plan)
    assert not figures["valid"]
    return figures["errors"]


def set_talk(i, **fields):
    return lambda plan: plan["talks"][i].update(fields)


@pytest.mark.parametrize(("change", "message"), [
    (set_talk(2, start="15:03", end="15:23"), "talk of C on 2027-01-12 15:03: starts off the "
                                              "5-minute grid"),
    (set_talk(2, end="15:30"), "talk of C on 2027-01-12 15:00: lasts 30 minutes, not 20"),
    (set_talk(2, start="3pm"), "talk of C on 2027-01-12 3pm: start or end is not HH:MM"),
    (set_talk(2, start="16:00", end="16:20"), "talk of C on 2027-01-12 16:00: outside the "
                                              "windows of its teachers"),
    (set_talk(2, date="2027-01-13"), "talk of C on 2027-01-13 15:00: outside the windows"),
    (set_talk(2, date=[2027]), "talk of C on [2027] 15:00: outside the windows"),
    (set_talk(0, start="15:00", end="15:20", room="R3"),
     "talk of A on 2027-01-12 15:00: room 'R3' is not one of the class's rooms"),
    (set_talk(2, start="15:40", end="16:00", room="R2"),
     "talk of C on 2027-01-12 15:40: outside the windows of room R2"),
    (set_talk(0, start="13:50", end="14:10"), "talk of A on 2027-01-12 13:50: outside the "
                                              "windows"),
    (set_talk(1, start="14:10", end="14:30"),
     "talk of B on 2027-01-12 14:10: family F1 is in the talk of A then"),
    (set_talk(2, start="14:10", end="14:30", room="R2"),
     "talk of C on 2027-01-12 14:10: teacher KLA is in the talk of A then"),
    (lambda p: p["talks"].append(talk("D", "7a", "15:20", "15:40", "R1")),
     "talks: unknown student 'D'"),
    (set_talk(1, **{"class": "7a"}), "talks: student B is in class 7b, not '7a'"),
    (lambda p: p["unscheduled"].append({"student": "C", "class": "7a", "reason": "x"}),
     "student C appears 2 times in the plan, expected once"),
    (lambda p: p["talks"].pop(), "student C appears 0 times in the plan, expected once"),
    (lambda p: p.update(format="elternsprechtag-plan/1"),
     "plan format is not lernentwicklung-plan/1"),
    (lambda p: p.update(talks={}), "'talks' must be a list"),
])
def test_each_broken_rule_is_reported(change, message):
    errors = broken(change)
    assert any(e.startswith(message) for e in errors), errors


def test_a_preference_is_a_hard_constraint():
    # A's family can only come at 15:00; teachers and room would be free at 14:00.
    inst = copy.deepcopy(INSTANCE)
    inst["classes"][0]["students"][0]["preferences"] = prefer(("15:00", "15:20", 1))
    errors = evaluate(inst, good())["errors"]
    assert errors == ["talk of A on 2027-01-12 14:00: outside the windows of its teachers "
                      "or room, or outside the family's preferences"]


def test_a_room_holds_one_talk_at_a_time():
    plan = good()
    plan["talks"][1].update(start="15:00", end="15:20")
    plan["talks"][2].update(room="R2")
    assert evaluate(INSTANCE, plan)["errors"] == [
        "talk of C on 2027-01-12 15:00: room R2 is in the talk of B then"]


def test_not_a_plan_at_all():
    assert evaluate(INSTANCE, [])["errors"] == ["the plan is not a JSON object"]
