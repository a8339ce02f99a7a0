"""The secret iCal feeds at /feeds/<token>.ics, as a calendar app and a counsellor see them."""
from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from calendar_helpers import add_booking, berlin, counselling, vevents
from freezegun import freeze_time
from sqlalchemy import select

from calendars.conformance import assert_conformant
from calendars.testing import FOREIGN_PARSERS, foreign_parser
from scheduler_app.db import db
from scheduler_app.domain.time import BERLIN
from scheduler_app.models import FeedPurpose, FeedToken, Mode, Role, RoomKind
from scheduler_app.services.booking import Booker, book, cancel, move
from scheduler_app.services.feeds import find_feed_token, issue_feed, revoke_feed

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def path(token: str) -> str:
    return f"/feeds/{token}.ics"


def issue(session, **owner) -> str:
    token = issue_feed(session, datetime.now(UTC), **owner)
    session.commit()
    return token


def test_own_feed_shows_the_booker_name_and_mode(client, session, factory):
    room = factory.room("B0.05", kind=RoomKind.COUNSELLING)
    offering = counselling(factory, room)
    talk = add_booking(session, offering, berlin(2027, 2, 9, 10), room=room, name="Mia Schulz")
    call = add_booking(session, offering, berlin(2027, 2, 9, 11), mode=Mode.PHONE,
                       name="Ben Krause", phone="+49 511 765432")
    token = issue(session, staff=offering.staff)

    response = client.get(path(token))
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    body = response.get_data()
    events = {str(e["UID"]): e for e in vevents(body)}
    talk_uid, call_uid = (f"booking-{b.id}@sprechzeit.test" for b in (talk, call))
    assert set(events) == {talk_uid, call_uid}
    assert str(events[talk_uid]["SUMMARY"]) == "Mia Schulz (vor Ort)"
    assert str(events[call_uid]["SUMMARY"]) == "Ben Krause (Telefon)"
    assert str(events[call_uid]["LOCATION"]) == "Telefon"
    # Contact data stays in Sprechzeit: the event links to the appointment page instead.
    assert b"765432" not in body and b"eltern@example.org" not in body
    assert str(events[call_uid]["URL"]) == (
        f"http://sprechzeit.test/workspace/appointments/{call.id}")
    assert b"X-WR-CALNAME:Sprechzeit \xe2\x80\x93 Frau Petersen" in body
    assert b"REFRESH-INTERVAL" in body and b"X-PUBLISHED-TTL" in body


def test_room_feed_and_colleagues_view_hold_no_name_of_a_counselling_booker(
        client, session, factory):
    room = factory.room("B0.05", kind=RoomKind.COUNSELLING)
    offering = counselling(factory, room)
    teacher_offering = factory.offering(rooms=[room], title="Elterngespräch")
    add_booking(session, offering, berlin(2027, 2, 9, 10), room=room, name="Mia Schulz",
                phone="+49 511 765432")
    add_booking(session, offering, berlin(2027, 2, 9, 12), mode=Mode.PHONE, name="Ben Krause")
    add_booking(session, teacher_offering, berlin(2027, 2, 9, 11), room=room, name="Lea Wolf")
    room_token = issue(session, room=room)
    busy_token = issue(session, staff=offering.staff, purpose=FeedPurpose.BUSY)

    for token, count in ((room_token, 2), (busy_token, 2)):
        body = client.get(path(token)).get_data()
        events = vevents(body)
        assert len(events) == count
        assert {str(e["SUMMARY"]) for e in events} == {"belegt"}
        assert all("LOCATION" not in e and "DESCRIPTION" not in e for e in events)
        for secret in (b"Mia", b"Schulz", b"Ben", b"Krause", b"Lea", b"Wolf", b"765432",
                       b"eltern@example.org", b"Telefon", b"Beratung"):
            assert secret not in body, (token, secret)


def test_cancelled_booking_leaves_and_a_move_bumps_sequence_and_stamps(
        client, session, factory):
    room = factory.room()
    offering = factory.offering(rooms=[room])
    factory.weekly(offering.staff, 1, "09:00", "12:00")  # Tuesdays
    booker = Booker("Erika Mustermann", email="eltern@example.org")
    with freeze_time("2026-11-25 08:00:00"):
        booking, _ = book(session, offering, berlin(2027, 2, 9, 9), Mode.IN_PERSON, booker,
                          NOW)
        other, _ = book(session, offering, berlin(2027, 2, 9, 10), Mode.IN_PERSON, booker,
                        NOW)
        session.commit()
        token = issue(session, staff=offering.staff)
        first = client.get(path(token))
    uid = f"booking-{booking.id}@sprechzeit.test"
    before = {str(e["UID"]): e for e in vevents(first.get_data())}[uid]
    assert before["SEQUENCE"] == 0

    with freeze_time("2026-11-26 09:30:00"):
        booking = db.session.get(type(booking), booking.id)
        move(db.session, booking, berlin(2027, 2, 9, 11), NOW)
        db.session.commit()
        second = client.get(path(token), headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200
    after = {str(e["UID"]): e for e in vevents(second.get_data())}[uid]
    assert after["SEQUENCE"] == 1
    assert after.decoded("DTSTART").astimezone(BERLIN).hour == 11
    assert after.decoded("DTSTAMP") > before.decoded("DTSTAMP")
    assert after.decoded("LAST-MODIFIED") == datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
    assert second.headers["ETag"] != first.headers["ETag"]

    with freeze_time("2026-11-27 10:00:00"):
        cancel(db.session, db.session.get(type(other), other.id), NOW)
        db.session.commit()
        third = client.get(path(token), headers={"If-Modified-Since":
                                                 second.headers["Last-Modified"]})
    assert third.status_code == 200
    assert [str(e["UID"]) for e in vevents(third.get_data())] == [uid]
    assert third.headers["Last-Modified"] == "Fri, 27 Nov 2026 10:00:00 GMT"


def test_unchanged_feed_answers_304(client, session, factory):
    offering = factory.offering(phone=True)
    add_booking(session, offering, berlin(2027, 2, 9, 10))
    token = issue(session, staff=offering.staff)
    first = client.get(path(token))
    assert first.status_code == 200 and first.headers["ETag"]
    by_etag = client.get(path(token), headers={"If-None-Match": first.headers["ETag"]})
    assert by_etag.status_code == 304 and by_etag.get_data() == b""
    by_date = client.get(path(token),
                         headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert by_date.status_code == 304
    stale = client.get(path(token), headers={"If-None-Match": '"something-else"'})
    assert stale.status_code == 200


def test_revoked_and_unknown_tokens_get_404_and_renewal_replaces_the_url(
        client, session, factory):
    staff = factory.staff()
    old = issue(session, staff=staff)
    assert client.get(path(old)).status_code == 200
    new = issue(session, staff=staff)  # renewing revokes the previous URL
    assert client.get(path(old)).status_code == 404
    assert client.get(path(new)).status_code == 200
    revoke_feed(db.session, datetime.now(UTC), staff=db.session.get(type(staff), staff.id))
    db.session.commit()
    assert client.get(path(new)).status_code == 404
    assert client.get(path("x" * 43)).status_code == 404


def test_a_deactivated_staff_members_feed_stops(client, session, factory):
    staff = factory.staff()
    token = issue(session, staff=staff)
    assert client.get(path(token)).status_code == 200
    db.session.get(type(staff), staff.id).is_active = False
    db.session.commit()
    assert client.get(path(token)).status_code == 404


# Both sides of both 2027 changes: (day, Berlin hour, UTC hour).
DST_DAYS = [
    ((2027, 3, 28), 10, 8),   # last Sunday of March: CEST from 03:00, UTC+2
    ((2027, 3, 28), 1, 0),    # still CET before the change, UTC+1
    ((2027, 10, 31), 10, 9),  # last Sunday of October: CET again, UTC+1
    ((2027, 10, 30), 10, 8),  # the Saturday before: still CEST
]


@pytest.mark.parametrize("day,hour,utc_hour", DST_DAYS)
def test_feed_on_the_dst_change_days_has_the_right_local_time(
        client, session, factory, day, hour, utc_hour):
    offering = factory.offering(phone=True)
    start = berlin(*day, hour)
    assert start.hour == utc_hour
    add_booking(session, offering, start)
    body = client.get(path(issue(session, staff=offering.staff))).get_data()

    (event,) = vevents(body)
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["DTSTART"].to_ical().decode() == f"{day[0]}{day[1]:02}{day[2]:02}T{hour:02}0000"
    assert event.decoded("DTSTART").astimezone(UTC) == start


# Every kind of feed at /feeds/<token>.ics, by the owner issue_feed takes for it.
FEED_OWNERS = {
    "private": lambda offering, room: {"staff": offering.staff},
    "room": lambda offering, room: {"room": room},
    "belegt": lambda offering, room: {"staff": offering.staff, "purpose": FeedPurpose.BUSY},
}


@pytest.mark.parametrize("parser", FOREIGN_PARSERS)
@pytest.mark.parametrize("kind", FEED_OWNERS)
def test_every_feed_is_conformant_and_other_parsers_read_the_same_local_times(
        client, session, factory, kind, parser):
    room = factory.room("B0.04")
    offering = factory.offering(rooms=[room])
    # A summer and a winter appointment, and those on the DST change days.
    starts = sorted([berlin(2027, 7, 6, 10), berlin(2027, 12, 7, 15, 30)]
                    + [berlin(*day, hour) for day, hour, _ in DST_DAYS])
    for start in starts:
        add_booking(session, offering, start, room=room)
    body = client.get(path(issue(session, **FEED_OWNERS[kind](offering, room)))).get_data()

    # What strict clients need: CRLF, 75-octet folding, required properties, VTIMEZONE per TZID.
    assert_conformant(body)
    # The foreign parser uses only the VTIMEZONE inside the feed, not its own zone database.
    seen = sorted(foreign_parser(parser)(body)["events"], key=lambda e: e.utc_start)
    wall = [(s.astimezone(BERLIN).replace(tzinfo=None),
             (s + timedelta(minutes=30)).astimezone(BERLIN).replace(tzinfo=None)) for s in starts]
    assert [(e.local_start, e.local_end) for e in seen] == [
        (a.isoformat(), b.isoformat()) for a, b in wall]
    assert [(e.utc_start, e.utc_end) for e in seen] == [
        (s, s + timedelta(minutes=30)) for s in starts]


def test_tokens_are_random_and_stored_only_as_hashes(any_session, any_factory):
    staff = any_factory.staff()
    room = any_factory.room()
    tokens = [issue_feed(any_session, NOW, staff=staff),
              issue_feed(any_session, NOW, room=room)]
    any_session.commit()
    rows = any_session.scalars(select(FeedToken).order_by(FeedToken.id)).all()
    assert [r.purpose for r in rows] == [FeedPurpose.PRIVATE, FeedPurpose.BUSY]
    for token, row in zip(tokens, rows, strict=True):
        assert len(token) >= 43  # 32 random bytes, base64url
        assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in row.token_hash
        assert find_feed_token(any_session, token).id == row.id
    assert revoke_feed(any_session, NOW, room=room) == 1
    any_session.commit()
    assert find_feed_token(any_session, tokens[1]) is None
    assert find_feed_token(any_session, tokens[0]) is not None


def test_cli_prints_a_feed_url_for_staff_and_room(app, runner, client, session, factory):
    staff = factory.staff(email="petersen@schule.example", role=Role.COUNSELLOR)
    factory.room("B0.04")
    first = runner.invoke(args=["feeds", "url", "--staff", "Petersen@schule.example"])
    assert first.exit_code == 0, first.output
    url = first.output.strip()
    assert url.startswith("http://sprechzeit.test/feeds/") and url.endswith(".ics")
    assert client.get(url.removeprefix("http://sprechzeit.test")).status_code == 200
    second = runner.invoke(args=["feeds", "url", "--staff", staff.email]).output.strip()
    assert second != url
    assert client.get(url.removeprefix("http://sprechzeit.test")).status_code == 404
    room_url = runner.invoke(args=["feeds", "url", "--room", "B0.04"]).output.strip()
    assert client.get(room_url.removeprefix("http://sprechzeit.test")).status_code == 200
    assert "NEW token" in runner.invoke(args=["feeds", "url", "--help"]).output


@pytest.mark.parametrize("args,message", [
    (["--staff", "niemand@schule.example"], "no staff member"),
    (["--room", "Z9.99"], "no room"),
    ([], "exactly one"),
])
def test_cli_refuses_unknown_owners_in_one_line(runner, factory, args, message):
    result = runner.invoke(args=["feeds", "url", *args])
    assert result.exit_code != 0
    assert message in result.output and "Traceback" not in result.output


def test_booking_moved_to_another_room_changes_the_old_room_feed_date(
        client, session, factory):
    room_a, room_b = factory.room("B0.04"), factory.room("B0.05")
    offering = factory.offering(rooms=[room_a, room_b])
    with freeze_time("2026-11-25 08:00:00"):
        booking = add_booking(session, offering, berlin(2027, 2, 9, 10), room=room_a)
        token = issue(session, room=room_a)
        first = client.get(path(token))
    assert len(vevents(first.get_data())) == 1
    with freeze_time("2026-11-25 09:00:00"):
        booking = db.session.get(type(booking), booking.id)
        booking.room_id = room_b.id
        booking.claim_time()
        db.session.commit()
    with freeze_time("2026-11-25 09:05:00"):
        second = client.get(path(token),
                            headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert second.status_code == 200
    assert vevents(second.get_data()) == []
    assert second.headers["Last-Modified"] == "Wed, 25 Nov 2026 09:05:00 GMT"
    with freeze_time("2026-11-25 09:10:00"):
        third = client.get(path(token),
                           headers={"If-Modified-Since": second.headers["Last-Modified"]})
    assert third.status_code == 304
