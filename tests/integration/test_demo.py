"""`flask demo seed` and its demo Elternsprechtag: created once, wishes open, a working code."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from freezegun import freeze_time
from sqlalchemy import func, select

from scheduler_app.db import db
from scheduler_app.models import Family, ParentsDay, StaffMember, Student, Wish
from scheduler_app.services.closures import closed_days
from scheduler_app.services.demo import seed_demo
from scheduler_app.services.parentsday.demo import DEMO_EVENT_NAME

from test_parentsday_pages import sign_in

CODE = re.compile(r"code ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})")


def seed(runner, *args):
    result = runner.invoke(args=["demo", "seed", *args])
    assert result.exit_code == 0, result.output
    return result


def demo_events(session):
    return session.scalars(select(ParentsDay).where(ParentsDay.name == DEMO_EVENT_NAME)).all()


def count(session, model, event):
    return session.scalar(select(func.count()).select_from(model)
                          .where(model.event_id == event.id))


def test_demo_seed_creates_one_parents_day_whose_printed_code_signs_a_family_in(app, runner):
    first = seed(runner)
    assert "Demo Elternsprechtag" in first.output and "(created)" in first.output
    second = seed(runner)
    assert "(already present)" in second.output
    codes = [CODE.search(r.output).group(1) for r in (first, second)]
    assert codes[0] == codes[1]

    with app.app_context():
        events = demo_events(db.session)
        assert len(events) == 1
        event = events[0]
        assert count(db.session, Family, event) == 13
        assert count(db.session, Student, event) == 16
        assert len(event.classes) == 3 and len(event.teachers) == 4
        siblings = [f for f in event.families if len(f.students) > 1]
        assert len(siblings) == 3
        wishes = db.session.scalars(select(Wish).where(Wish.event_id == event.id)).all()
        assert len(wishes) == 17
        assert {w.priority for w in wishes} == {1, 2, 3}
        assert sum(w.required for w in wishes) == 2
        assert {w.entered_by for w in wishes} == {"family", "office", "teacher"}
        assert event.phase(datetime.now(UTC)) == "wishes"
        day = event.days[0].day
        assert day >= date.today() + timedelta(weeks=3) and day.weekday() in (1, 2, 3)
        assert not closed_days(db.session, day, day).is_closed(day)
        assert event.wishes_close_at < datetime.combine(day, event.days[0].start_time,
                                                        tzinfo=UTC)
        assert {t.staff.email for t in event.teachers} == {
            "klaasen@schule.example", "mueller@schule.example", "yilmaz@schule.example",
            "becker@schule.example"}

    office = app.test_client()
    with app.app_context():
        staff = db.session.scalar(select(StaffMember).where(
            StaffMember.email == "sekretariat@schule.example"))
        event_id = event.id
    sign_in(app, office, staff)
    assert DEMO_EVENT_NAME in office.get("/office/elternsprechtag/").get_data(as_text=True)
    assert office.get(f"/office/elternsprechtag/{event_id}").status_code == 200

    family = app.test_client()
    response = family.post("/elternsprechtag", data={"code": codes[0]})
    assert response.status_code == 302, response.get_data(as_text=True)
    page = family.get("/elternsprechtag/wuensche").get_data(as_text=True)
    assert "Mia" in page and "Jonas" in page


def test_demo_parents_day_skips_school_holidays(app, runner):
    # Three weeks after 5 December 2026 is Boxing Day, in the Christmas holidays.
    with freeze_time("2026-12-05 09:00:00"):
        seed(runner)
    with app.app_context():
        event = demo_events(db.session)[0]
        assert event.days[0].day == date(2027, 1, 12)  # the first Tuesday after them


def test_parents_day_is_optional(app, runner):
    seed(runner, "--no-parents-day")
    with app.app_context():
        assert demo_events(db.session) == []
        seed_demo(db.session)  # as the browser tests call it
        assert demo_events(db.session) == []
