"""The command line as an office or an admin uses it."""
from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from freezegun import freeze_time

from scheduler_app.db import db
from scheduler_app.domain.time import BERLIN
from scheduler_app.models import Closure, ClosureKind, Offering, StaffMember
from sqlalchemy import func, select


def seed(runner):
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    return result


def test_demo_seed_is_idempotent_and_prints_logins(app, runner):
    first = seed(runner)
    assert "sekretariat@schule.example" in first.output and "sprechzeit-demo" in first.output
    with app.app_context():
        counts = (db.session.scalar(select(func.count(StaffMember.id))),
                  db.session.scalar(select(func.count(Offering.id))),
                  db.session.scalar(select(func.count(Closure.id))))
    second = seed(runner)
    assert "already present" in second.output
    with app.app_context():
        assert counts == (db.session.scalar(select(func.count(StaffMember.id))),
                          db.session.scalar(select(func.count(Offering.id))),
                          db.session.scalar(select(func.count(Closure.id))))
    assert counts[0] >= 8 and counts[1] >= 7


def test_offerings_json_lists_ids(runner):
    seed(runner)
    result = runner.invoke(args=["offerings", "--json"])
    offerings = json.loads(result.output)
    titles = {o["title"]: o for o in offerings}
    assert titles["Beratung bei der Beratungslehrkraft"]["rooms"] == ["B0.05"]
    assert titles["Gespräch mit der Schulsozialarbeit"]["rooms"] == ["E1.05", "B0.05"]
    assert all(isinstance(o["id"], int) for o in offerings)


def offering_id(runner, title_start: str) -> int:
    offerings = json.loads(runner.invoke(args=["offerings", "--json"]).output)
    return next(o["id"] for o in offerings if o["title"].startswith(title_start))


@freeze_time("2026-11-25 08:00:00")
def test_slots_json_in_local_time_with_offsets(runner):
    seed(runner)
    counsellor = offering_id(runner, "Beratung bei der")
    result = runner.invoke(args=["slots", str(counsellor), "--from", "2026-12-01",
                                 "--to", "2026-12-03", "--json"])
    assert result.exit_code == 0, result.output
    slots = json.loads(result.output)
    # Tuesday 13:30-15:30 and Thursday 09:45-11:15, 45 minutes each, in room B0.05.
    assert [s["start"] for s in slots] == [
        "2026-12-01T13:30:00+01:00", "2026-12-01T14:15:00+01:00",
        "2026-12-03T09:45:00+01:00", "2026-12-03T10:30:00+01:00"]
    assert slots[0]["end"] == "2026-12-01T14:15:00+01:00"
    assert all(s["rooms"] == ["B0.05"] for s in slots)


@freeze_time("2027-03-01 08:00:00")
def test_slots_keep_local_time_across_the_spring_change(runner):
    seed(runner)
    klaasen = offering_id(runner, "Elterngespräch mit Herrn Klaasen")
    slots = json.loads(runner.invoke(args=["slots", str(klaasen), "--from", "2027-03-09",
                                           "--to", "2027-04-13", "--json"]).output)
    starts = [s["start"] for s in slots]
    assert "2027-03-09T14:00:00+01:00" in starts  # before the change: CET
    assert "2027-04-13T14:00:00+02:00" in starts  # after it: CEST, still 14:00 local
    # Osterferien 22 Mar - 3 Apr 2027: no slot on Tuesday 23 or 30 March.
    assert not any(s.startswith(("2027-03-23", "2027-03-30")) for s in starts)


@freeze_time("2026-12-01 08:00:00")
def test_school_holidays_close_but_social_work_stays_open(runner):
    seed(runner)
    klaasen = offering_id(runner, "Elterngespräch mit Herrn Klaasen")
    social = offering_id(runner, "Gespräch mit der Schulsozialarbeit")
    args = ["--from", "2026-12-28", "--to", "2027-01-08", "--json"]
    assert json.loads(runner.invoke(args=["slots", str(klaasen), *args]).output) == []
    assert json.loads(runner.invoke(args=["slots", str(social), *args]).output) != []


@pytest.mark.parametrize("args,message", [
    (["slots", "999", "--from", "2026-12-01", "--to", "2026-12-02"], "no active offering"),
    (["slots", "1", "--from", "1.12.2026", "--to", "2026-12-02"], "expected a date"),
    (["slots", "1", "--from", "2026-12-03", "--to", "2026-12-02"], "lies before"),
    (["closures", "import-ics", "/nonexistent.ics"], "cannot read"),
])
def test_bad_input_gives_one_line_and_nonzero_exit(runner, args, message):
    seed(runner)
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_school_holiday_ics_import(app, runner, tmp_path):
    ics = tmp_path / "ferien.ics"
    ics.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Ferien//DE\r\n"
        b"BEGIN:VEVENT\r\nUID:1@test\r\nDTSTAMP:20260101T000000Z\r\n"
        b"DTSTART;VALUE=DATE:20290319\r\nDTEND;VALUE=DATE:20290404\r\n"
        b"SUMMARY:Osterferien 2029\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    result = runner.invoke(args=["closures", "import-ics", str(ics)])
    assert result.exit_code == 0 and "1 added" in result.output
    assert "0 added, 1 already" in runner.invoke(args=["closures", "import-ics",
                                                       str(ics)]).output
    with app.app_context():
        closure = db.session.scalar(select(Closure).where(Closure.name == "Osterferien 2029"))
        assert closure.kind == ClosureKind.SCHOOL_HOLIDAY
        assert (closure.first_day.isoformat(), closure.last_day.isoformat()) == (
            "2029-03-19", "2029-04-03")
    broken = tmp_path / "broken.ics"
    broken.write_bytes(b"this is no calendar")
    result = runner.invoke(args=["closures", "import-ics", str(broken)])
    assert result.exit_code != 0 and "Traceback" not in result.output


@pytest.mark.parametrize("today, first, last", [
    ("2026-03-20 08:00:00", "2026-03-24", "2026-04-14"),  # spring 2026: 29 March
    ("2026-10-01 08:00:00", "2026-10-06", "2026-11-03"),  # autumn 2026: 25 October
    ("2027-10-01 08:00:00", "2027-10-12", "2027-11-09"),  # autumn 2027: 31 October
])
def test_tuesday_talks_stay_at_14_00_across_each_change(runner, today, first, last):
    with freeze_time(today):
        seed(runner)
        klaasen = offering_id(runner, "Elterngespräch mit Herrn Klaasen")
        result = runner.invoke(args=["slots", str(klaasen), "--from", first, "--to", last,
                                     "--json"])
    starts = [datetime.fromisoformat(s["start"]) for s in json.loads(result.output)]
    tuesdays = sorted({s.date() for s in starts if s.weekday() == 1})
    assert len(tuesdays) >= 2, "the range must show Tuesdays on both sides of the change"
    offsets = set()
    for day in tuesdays:
        first_talk = min(s for s in starts if s.date() == day)
        assert first_talk.strftime("%H:%M") == "14:00", day
        assert first_talk.utcoffset() == first_talk.astimezone(BERLIN).utcoffset()
        offsets.add(first_talk.utcoffset())
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}


def test_an_unmigrated_database_gets_one_line_and_demo_seed_migrates(tmp_path):
    from scheduler_app import create_app

    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite'}",
                      "SECRET_KEY": "test-secret", "TESTING": True})
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["offerings"])
    assert refused.exit_code == 1
    assert refused.output.strip().splitlines() == [
        "Error: The database is not migrated to this version of Sprechzeit: run "
        "`flask --app wsgi db upgrade` first."]
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    listed = runner.invoke(args=["offerings", "--json"])
    assert listed.exit_code == 0 and json.loads(listed.output)
    app.extensions["sprechzeit_engine"].dispose()
