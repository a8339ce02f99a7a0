"""A feed's ETag is computed before the feed is rendered: it must change with everything a
calendar app would see change, and stay the same otherwise (so polls get a cheap 304)."""
from __future__ import annotations

import json
from datetime import UTC, datetime

from calendar_helpers import add_booking, berlin, vevents
from freezegun import freeze_time
from parentsday_helpers import make_event
from sqlalchemy import select

from scheduler_app.db import db
from scheduler_app.models import (
    Booking,
    FeedPurpose,
    Offering,
    ParentsDayTeacher,
    Room,
    StaffMember,
    Student,
)
from scheduler_app.planning.elternsprechtag import solve_baseline
from scheduler_app.services.booking import cancel, move
from scheduler_app.services.feeds import issue_feed
from scheduler_app.services.parentsday.instance import export_instance
from scheduler_app.services.parentsday.jobs import apply_job, import_plan
from scheduler_app.services.parentsday.publish import publish
from scheduler_app.services.parentsday.setup import save_wishes


class Subscriber:
    """A calendar app polling a feed with If-None-Match, as Apple, Google or Thunderbird do.

    Each poll also fetches the feed unconditionally and checks that one ETag always stands
    for one body: a 304 never hides a change.
    """

    def __init__(self, client, token: str) -> None:
        self.client, self.url = client, f"/feeds/{token}.ics"
        self.etag: str | None = None
        self.body = b""
        self.bodies: dict[str, bytes] = {}

    def poll(self) -> int:
        headers = {"If-None-Match": self.etag} if self.etag else {}
        answer = self.client.get(self.url, headers=headers)
        assert answer.status_code in (200, 304)
        now = self.client.get(self.url)
        assert now.headers["ETag"] == answer.headers["ETag"]
        assert self.bodies.setdefault(now.headers["ETag"], now.data) == now.data, \
            "one ETag, two different bodies"
        if answer.status_code == 304:
            assert now.data == self.body, "304 while the feed had changed"
        self.etag, self.body = answer.headers["ETag"], now.data
        return answer.status_code

    def summaries(self) -> list[str]:
        return [str(e["SUMMARY"]) for e in vevents(self.body)]


def issue(session, **owner) -> str:
    token = issue_feed(session, datetime.now(UTC), **owner)
    session.commit()
    return token


def test_own_feed_etag_follows_create_move_cancel_and_renames(any_app, any_session,
                                                                any_factory):
    session, factory = any_session, any_factory
    room = factory.room("B0.04")
    offering = factory.offering(rooms=[room], title="Elterngespräch")
    factory.weekly(offering.staff, 1, "09:00", "12:00")  # Tuesdays
    now = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    with freeze_time(now) as clock:
        first = add_booking(session, offering, berlin(2027, 2, 9, 9), room=room, name="Mia")
        feed = Subscriber(any_app.test_client(), issue(session, staff=offering.staff))
        assert feed.poll() == 200 and feed.summaries() == ["Mia (vor Ort)"]
        assert feed.poll() == 304

        clock.tick(60)
        second = add_booking(session, offering, berlin(2027, 2, 9, 10), room=room, name="Ben")
        assert feed.poll() == 200 and feed.summaries() == ["Mia (vor Ort)", "Ben (vor Ort)"]
        assert feed.poll() == 304

        clock.tick(60)
        move(db.session, db.session.get(Booking, first.id), berlin(2027, 2, 9, 11), now)
        db.session.commit()
        assert feed.poll() == 200 and feed.summaries() == ["Ben (vor Ort)", "Mia (vor Ort)"]

        clock.tick(60)
        cancel(db.session, db.session.get(Booking, second.id), now)
        db.session.commit()
        assert feed.poll() == 200 and feed.summaries() == ["Mia (vor Ort)"]
        assert feed.poll() == 304

        clock.tick(60)
        db.session.get(StaffMember, offering.staff_id).display_name = "Frau Neumann"
        db.session.commit()
        assert feed.poll() == 200 and b"X-WR-CALNAME:Sprechzeit \xe2\x80\x93 Frau Neumann" \
            in feed.body

        db.session.get(Room, room.id).name = "Elternsprechzimmer"
        db.session.commit()
        assert feed.poll() == 200
        assert str(vevents(feed.body)[0]["LOCATION"]) == "B0.04 Elternsprechzimmer"

        db.session.get(Offering, offering.id).title = "Gespräch mit der Klassenlehrerin"
        db.session.commit()
        assert feed.poll() == 200
        assert "Gespräch mit der Klassenlehrerin" in str(vevents(feed.body)[0]["DESCRIPTION"])
        assert feed.poll() == 304


def test_changes_at_one_instant_still_change_the_etag(any_app, any_session, any_factory):
    """The clock need not move between two changes: the key is more than a timestamp."""
    session, factory = any_session, any_factory
    offering = factory.offering(phone=True, in_person=False)
    factory.weekly(offering.staff, 1, "09:00", "12:00")
    with freeze_time("2026-11-25 08:00:00"):
        now = datetime.now(UTC)
        booking = add_booking(session, offering, berlin(2027, 2, 9, 9))
        feed = Subscriber(any_app.test_client(), issue(session, staff=offering.staff))
        assert feed.poll() == 200
        other = add_booking(session, offering, berlin(2027, 2, 9, 10))
        assert feed.poll() == 200 and len(feed.summaries()) == 2
        move(db.session, db.session.get(Booking, booking.id), berlin(2027, 2, 9, 11), now)
        db.session.commit()
        assert feed.poll() == 200
        cancel(db.session, db.session.get(Booking, other.id), now)
        db.session.commit()
        assert feed.poll() == 200 and len(feed.summaries()) == 1
        assert feed.poll() == 304


def test_room_feed_etag_follows_bookings_moving_in_and_out_and_the_room_code(
        any_app, any_session, any_factory):
    session, factory = any_session, any_factory
    room_a, room_b = factory.room("B0.04"), factory.room("B0.05")
    offering = factory.offering(rooms=[room_a, room_b])
    with freeze_time("2026-11-25 08:00:00") as clock:
        booking = add_booking(session, offering, berlin(2027, 2, 9, 10), room=room_a)
        feed_a = Subscriber(any_app.test_client(), issue(session, room=room_a))
        feed_b = Subscriber(any_app.test_client(), issue(session, room=room_b))
        assert feed_a.poll() == 200 and feed_a.summaries() == ["belegt"]
        assert feed_b.poll() == 200 and feed_b.summaries() == []

        clock.tick(60)
        moved = db.session.get(Booking, booking.id)
        moved.room_id = room_b.id
        moved.claim_time()
        db.session.commit()
        assert feed_a.poll() == 200 and feed_a.summaries() == []
        assert feed_b.poll() == 200 and feed_b.summaries() == ["belegt"]

        db.session.get(Room, room_a.id).code = "B0.14"
        db.session.commit()
        assert feed_a.poll() == 200 and b"Raum B0.14" in feed_a.body
        assert feed_b.poll() == 304


def test_etag_changes_when_the_day_rolls_over_and_old_talks_leave(any_app, any_session,
                                                                   any_factory):
    """Past talks stay 90 days; the window starts at Berlin midnight, so it moves daily."""
    session, factory = any_session, any_factory
    offering = factory.offering(phone=True, in_person=False)
    old = berlin(2026, 8, 27, 10)  # 90 days before 25 November
    add_booking(session, offering, old, name="Alt")
    add_booking(session, offering, berlin(2027, 2, 9, 10), name="Neu")
    token = issue(session, staff=offering.staff)
    feed = Subscriber(any_app.test_client(), token)
    with freeze_time("2026-11-25 08:00:00"):
        assert feed.poll() == 200 and feed.summaries() == ["Alt (Telefon)", "Neu (Telefon)"]
    with freeze_time("2026-11-25 22:59:59"):  # 23:59:59 in Berlin: still the same day
        assert feed.poll() == 304
    with freeze_time("2026-11-25 23:00:00"):  # midnight in Berlin
        assert feed.poll() == 200 and feed.summaries() == ["Neu (Telefon)"]
        assert feed.poll() == 304
    with freeze_time("2026-11-26 23:00:00"):  # the next midnight: the window moved again
        assert feed.poll() == 200 and feed.summaries() == ["Neu (Telefon)"]


def test_published_elternsprechtag_plan_changes_the_teachers_feeds(any_app, any_session):
    session = any_session
    with freeze_time("2026-11-25 08:00:00") as clock:
        now = datetime.now(UTC)
        event = make_event(session)
        teachers = {t.code: t for t in event.teachers}
        for student in session.scalars(select(Student)):
            save_wishes(session, student.family, student,
                        {teachers["MUE"].id: 3, teachers["SZ"].id: 2}, now)
        staff = teachers["MUE"].staff
        own = Subscriber(any_app.test_client(), issue(session, staff=staff))
        busy = Subscriber(any_app.test_client(),
                          issue(session, staff=staff, purpose=FeedPurpose.BUSY))
        assert own.poll() == 200 and own.summaries() == []
        assert busy.poll() == 200

        clock.tick(60)
        plan = solve_baseline(export_instance(session, event))
        apply_job(session, event, import_plan(session, event, json.dumps(plan).encode()))
        session.commit()
        assert own.poll() == 304, "a plan that is not published is not in the feed"

        clock.tick(60)
        publish(session, event, datetime.now(UTC), "http://sprechzeit.test")
        session.commit()
        assert own.poll() == 200 and len(own.summaries()) == 5
        assert "Elternsprechtag: Jörg Müller (6c)" in own.summaries()
        assert busy.poll() == 200 and set(busy.summaries()) == {"belegt"}

        clock.tick(60)
        joerg = session.scalar(select(Student).where(Student.first_name == "Jörg"))
        joerg.first_name = "Jörn"
        session.commit()
        assert own.poll() == 200 and "Elternsprechtag: Jörn Müller (6c)" in own.summaries()
        assert busy.poll() == 304, "the busy feed shows no names"

        session.get(ParentsDayTeacher, teachers["MUE"].id).room = "A2.01"
        session.commit()
        assert own.poll() == 200
        assert {str(e["LOCATION"]) for e in vevents(own.body)} == {"A2.01"}
        assert busy.poll() == 304


def test_a_booking_moved_while_the_feed_is_rendered_shows_its_new_room(session, factory):
    """On PostgreSQL the rows may be newer than the validators read just before them."""
    from scheduler_app.services.feeds import feed_state, find_feed_token, render_feed_for

    room_a, room_b = factory.room("B0.04"), factory.room("B0.05")
    offering = factory.offering(rooms=[room_a, room_b])
    booking = add_booking(session, offering, berlin(2027, 2, 9, 10), room=room_a)
    token = issue(session, staff=offering.staff)
    now = datetime.now(UTC)
    feed = find_feed_token(session, token)
    state = feed_state(session, feed, "http://sprechzeit.test", now)
    booking.room_id = room_b.id
    booking.claim_time()
    session.commit()
    doc = render_feed_for(session, feed, "http://sprechzeit.test", now, state)
    (event,) = vevents(doc.body)
    assert str(event["LOCATION"]) == "B0.05"
    # The ETag is the older one, so the next poll fetches the feed again.
    assert feed_state(session, feed, "http://sprechzeit.test", now).etag != doc.etag
