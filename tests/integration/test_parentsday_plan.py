"""From wishes to a published plan: export, background optimiser, plan import, publish."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from sqlalchemy import select

from scheduler_app.models import (
    Family,
    JobStatus,
    OutboxMessage,
    ParentsDayAppointment,
    Student,
)
from scheduler_app.planning.elternsprechtag import check_instance
from scheduler_app.services.parentsday.booking import (
    appointments_of_family,
    appointments_of_teacher,
)
from scheduler_app.services.parentsday.instance import export_instance
from scheduler_app.services.parentsday.jobs import (
    apply_job,
    import_plan,
    start_job,
    wait_for,
)
from scheduler_app.services.parentsday.publish import publish
from scheduler_app.services.parentsday.setup import ParentsDayError, save_wishes, set_required

from parentsday_helpers import make_event

NOW = datetime.now(UTC)
CHECK_PLAN = Path("/work/shared/tools/check_plan.py")


def _with_wishes(session):
    event = make_event(session)
    teachers = {t.code: t for t in event.teachers}
    students = {s.key: s for s in session.scalars(select(Student))}
    for key, wishes in {"S1": {"MUE": 3, "BÄR": 2}, "S2": {"MUE": 2, "SZ": 1},
                        "S3": {"MUE": 3, "BÄR": 3, "SZ": 2}, "S4": {"SZ": 3},
                        "S5": {"BÄR": 1}}.items():
        s = students[key]
        save_wishes(session, s.family, s, {teachers[c].id: p for c, p in wishes.items()}, NOW)
    set_required(session, teachers["SZ"], students["S5"], True)
    return event


def test_export_is_a_valid_instance(session):
    event = _with_wishes(session)
    instance = export_instance(session, event)
    check_instance(instance)
    assert len(instance["families"]) == 3  # Yilmaz, Müller and the Schäfer/Özdemir family
    requests = [r for f in instance["families"] for r in f["requests"]]
    assert len(requests) == 10 and sum(r["required"] for r in requests) == 1
    mue = next(t for t in instance["teachers"] if t["id"] == "MUE")
    assert mue["breaks"] == [{"date": "2026-12-03", "start": "16:00", "end": "16:10"}]
    baer = next(t for t in instance["teachers"] if t["id"] == "BÄR")
    assert baer["available"][0]["start"] == "15:30"


def test_background_job_plan_applied_and_published_to_families_and_teachers(
        any_app, any_session, tmp_path):
    app, session = any_app, any_session
    event = _with_wishes(session)
    job = start_job(app, session, event, time_limit=2)
    wait_for(job.id, 60)
    session.expire_all()
    assert job.status == JobStatus.DONE, job.error
    figures = json.loads(job.figures)
    assert figures["scheduled"] == 10 and figures["must_missed"] == 0
    # The plan the job wrote passes the shared checker.
    (tmp_path / "in.json").write_text(json.dumps(export_instance(session, event)))
    (tmp_path / "plan.json").write_text(job.result)
    if CHECK_PLAN.exists():
        out = subprocess.run([sys.executable, str(CHECK_PLAN), str(tmp_path / "in.json"),
                              str(tmp_path / "plan.json")], capture_output=True, text=True)
        assert out.returncode == 0, out.stdout + out.stderr
    assert apply_job(session, event, job) == 10
    queued = publish(session, event, NOW, "http://sprechzeit.test")
    assert queued == 3
    # Families and teachers read the same rows.
    by_family = {a.id for f in session.scalars(select(Family))
                 for a in appointments_of_family(session, f)}
    by_teacher = {a.id for t in event.teachers for a in appointments_of_teacher(session, t)}
    assert by_family == by_teacher and len(by_family) == 10
    mail = session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == "yilmaz@example.org")).one()
    payload = json.loads(mail.payload)
    assert "Frau Müller" in payload["body"] and "Raum A1.12" in payload["body"]
    cal = icalendar.Calendar.from_ical(payload["ics"])
    assert len(cal.walk("VEVENT")) == 4 and cal["METHOD"] == "PUBLISH"
    from scheduler_app.services.mail import build_email

    parts = [p.get_content_type() for p in build_email(mail, "schule@example.org").walk()]
    assert "text/calendar" in parts
    with pytest.raises(ParentsDayError, match="schon veröffentlicht"):
        publish(session, event, NOW, "http://sprechzeit.test")
    # Frau Müller's private feed carries her talks of the published plan.
    from scheduler_app.services.feeds import find_feed_token, issue_feed, render_feed_for

    mue = next(t for t in event.teachers if t.code == "MUE")
    token = issue_feed(session, NOW, staff=mue.staff)
    session.commit()
    feed = render_feed_for(session, find_feed_token(session, token), "http://sprechzeit.test",
                           NOW)
    summaries = [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(feed.body)
                 .walk("VEVENT")]
    assert len(summaries) == len(appointments_of_teacher(session, mue)) == 3
    assert "Elternsprechtag: Jörg Müller (6c)" in summaries


def test_imported_plan_is_checked(any_session):
    session = any_session
    event = _with_wishes(session)
    with pytest.raises(ParentsDayError, match="kein JSON"):
        import_plan(session, event, b"\x00nope")
    with pytest.raises(ParentsDayError, match="passt nicht"):
        import_plan(session, event, json.dumps({"format": "elternsprechtag-plan/1",
                                                "appointments": [],
                                                "unscheduled": []}).encode())
    from scheduler_app.planning.elternsprechtag import solve_baseline

    plan = solve_baseline(export_instance(session, event))
    job = import_plan(session, event, json.dumps(plan).encode())
    assert apply_job(session, event, job) == len(plan["appointments"])
    assert len(session.scalars(select(ParentsDayAppointment)).all()) == len(
        plan["appointments"])
    # Applying again replaces the plan rather than adding to it.
    assert apply_job(session, event, job) == len(plan["appointments"])
    assert len(session.scalars(select(ParentsDayAppointment)).all()) == len(
        plan["appointments"])


def test_wishes_close_with_their_phase(session):
    event = make_event(session, wishes_open_at=NOW - timedelta(days=5),
                       wishes_close_at=NOW - timedelta(days=1))
    student = session.scalars(select(Student)).first()
    with pytest.raises(ParentsDayError, match="nicht mehr"):
        save_wishes(session, student.family, student, {event.teachers[0].id: 2}, NOW)
    save_wishes(session, student.family, student, {event.teachers[0].id: 2}, NOW,
                entered_by="office")  # the office may still enter a phoned-in wish
