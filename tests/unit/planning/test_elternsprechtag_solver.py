"""The optimiser on the shared small instance and on tiny instances whose best plan is known."""
from __future__ import annotations

import time

from helpers_elternsprechtag import check_plan, request, shared_instance, tiny

from scheduler_app.planning.elternsprechtag import evaluate, solve, solve_baseline


def talks(plan) -> dict:
    return {(a["family"], a["teacher"], a["student"]): (a["date"], a["start"], a["end"])
            for a in plan["appointments"]}


def test_small_instance_plans_pass_the_validator_and_beat_first_come_first_served(tmp_path):
    instance = shared_instance("small")
    baseline = check_plan(instance, solve_baseline(instance), tmp_path)
    optimised = check_plan(instance, solve(instance, time_limit=2), tmp_path)
    assert optimised["required_missed"] <= baseline["required_missed"]
    assert optimised["priority_scheduled"] >= baseline["priority_scheduled"]
    assert optimised["idle_minutes_total"] <= baseline["idle_minutes_total"] // 2


def test_evaluate_agrees_with_the_validator(tmp_path):
    instance = shared_instance("small")
    plan = solve_baseline(instance)
    mine, theirs = evaluate(instance, plan), check_plan(instance, plan, tmp_path)
    assert mine["valid"] and not mine["errors"]
    assert (mine["scheduled"], mine["must_missed"], mine["priority"], mine["idle_minutes"],
            mine["extra_days"], mine["families_fully_served"]) == (
        theirs["scheduled"], theirs["required_missed"], theirs["priority_scheduled"],
        theirs["idle_minutes_total"], theirs["extra_days"], theirs["families_fully_served"])


def test_evaluate_reports_a_broken_plan():
    instance = tiny([{"id": "T1", "room": "A"}],
                    [{"id": "F1", "requests": [request("T1")]},
                     {"id": "F2", "requests": [request("T1")]}])
    both_at_three = {"format": "elternsprechtag-plan/1", "appointments": [
        {"family": f, "teacher": "T1", "student": "S1", "date": "2026-11-26",
         "start": "15:00", "end": "15:10"} for f in ("F1", "F2")], "unscheduled": []}
    figures = evaluate(instance, both_at_three)
    assert not figures["valid"]
    assert any("another talk" in e for e in figures["errors"])


def test_a_must_talk_wins_over_priority():
    # one slot, two families: the required talk of priority 1 beats a priority-3 wish
    instance = tiny([{"id": "T1", "room": "A", "available": [
        {"date": "2026-11-26", "start": "15:00", "end": "15:10"}]}],
        [{"id": "F1", "requests": [request("T1", priority=3)]},
         {"id": "F2", "requests": [request("T1", priority=1, required=True)]}])
    plan = solve(instance, time_limit=1)
    assert list(talks(plan)) == [("F2", "T1", "S1")]
    assert plan["unscheduled"][0]["family"] == "F1"
    assert plan["unscheduled"][0]["reason"] == "teacher-full"


def test_priority_wins_over_idle_time():
    # F1 would wait 20 minutes for its second talk; still both talks beat one.
    busy = {"date": "2026-11-26", "start": "15:10", "end": "15:30"}
    instance = tiny([{"id": "T1", "room": "A", "available": [
                        {"date": "2026-11-26", "start": "15:00", "end": "15:10"}]},
                     {"id": "T2", "room": "B", "breaks": [busy]}],
                    [{"id": "F1", "available": [
                        {"date": "2026-11-26", "start": "15:00", "end": "15:40"}],
                      "requests": [request("T1", priority=1), request("T2", priority=1)]},
                     {"id": "F2", "available": [
                         {"date": "2026-11-26", "start": "15:00", "end": "15:10"}],
                      "requests": [request("T2", priority=2)]}])
    figures = evaluate(instance, solve(instance, time_limit=1))
    assert (figures["scheduled"], figures["priority"], figures["idle_minutes"]) == (3, 4, 20)


def test_siblings_follow_each_other_and_rooms_keep_the_transition_gap():
    instance = tiny([{"id": "T1", "room": "A"}, {"id": "T2", "room": "B"}],
                    [{"id": "F1", "requests": [request("T1", "S1"), request("T1", "S2"),
                                               request("T2", "S1")]}])
    plan = solve(instance, time_limit=1)
    times = sorted(talks(plan).values())
    assert len(times) == 3
    # the two T1 talks back to back, one empty slot (>= 5 min) before or after the T2 talk
    assert evaluate(instance, plan)["idle_minutes"] == 10


def test_a_family_comes_on_one_day_when_that_costs_no_waiting():
    days = (("2026-11-26", "15:00", "16:00"), ("2026-12-03", "15:00", "16:00"))
    # both teachers share a room, so back to back talks need no gap
    instance = tiny([{"id": "T1", "room": "A", "available": [
                        {"date": "2026-11-26", "start": "15:00", "end": "16:00"},
                        {"date": "2026-12-03", "start": "15:00", "end": "15:10"}]},
                     {"id": "T2", "room": "A", "available": [
                         {"date": "2026-11-26", "start": "15:30", "end": "16:00"},
                         {"date": "2026-12-03", "start": "15:00", "end": "16:00"}]}],
                    [{"id": "F1", "requests": [request("T1"), request("T2")]}], days=days)
    figures = evaluate(instance, solve(instance, time_limit=1))
    assert (figures["scheduled"], figures["idle_minutes"], figures["extra_days"]) == (2, 0, 0)


def test_time_limit_and_progress_on_the_medium_instance():
    instance = shared_instance("medium")
    seen = []
    started = time.perf_counter()
    plan = solve(instance, time_limit=3, progress=lambda f, figures: seen.append((f, figures)))
    assert time.perf_counter() - started < 4.5
    assert seen and all(0 <= f <= 1 for f, _ in seen) and seen[-1][0] == 1.0
    assert set(seen[-1][1]) >= {"scheduled", "must_missed", "priority", "idle_minutes"}
    ours, base = evaluate(instance, plan), evaluate(instance, solve_baseline(instance))
    assert ours["valid"]
    assert ours["must_missed"] == 0 < base["must_missed"]
    assert ours["priority"] >= base["priority"]
    assert ours["idle_minutes"] < base["idle_minutes"] * 0.6
    # the plan reports how far from the bounds it is
    assert plan["stats"]["must_missed_unavoidable"] == 0
    assert ours["priority"] <= plan["stats"]["priority_bound"] <= base["priority_total"]


def test_a_request_without_common_time_is_reported_not_planned():
    instance = tiny([{"id": "T1", "room": "A", "available": [
        {"date": "2026-11-26", "start": "15:00", "end": "15:30"}]}],
        [{"id": "F1", "available": [{"date": "2026-11-26", "start": "15:30", "end": "16:00"}],
          "requests": [request("T1", required=True)]}])
    plan = solve(instance, time_limit=1)
    assert plan["appointments"] == []
    assert plan["unscheduled"][0]["reason"] == "no-common-time"


def test_solve_checks_the_instance_first():
    import pytest

    from scheduler_app.planning.elternsprechtag import InstanceError

    broken = tiny([{"id": "T1"}], [{"id": "F1", "requests": [request("T9")]}])
    with pytest.raises(InstanceError, match="unknown teacher 'T9'"):
        solve(broken, time_limit=1)


def test_same_seed_same_plan_on_the_small_instance():
    instance = shared_instance("small")
    first, second = solve(instance, time_limit=2, seed=3), solve(instance, time_limit=2, seed=3)
    assert first["appointments"] == second["appointments"]
    assert first["stats"]["iterations"] == 1  # the whole instance fits one sub-model


def test_stop_ends_the_search_early_with_a_valid_plan():
    instance = shared_instance("medium")
    started = time.perf_counter()
    plan = solve(instance, time_limit=30, stop=lambda: time.perf_counter() - started > 0.5)
    assert time.perf_counter() - started < 3
    assert evaluate(instance, plan)["valid"]
