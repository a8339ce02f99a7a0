"""The retention purge: old bookings anonymised, old mails and past Elternsprechtage deleted,
on SQLite and PostgreSQL, through the service and the command line."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from calendar_helpers import add_booking, berlin, counselling, vevents
from flask_babel import refresh
from freezegun import freeze_time
from parentsday_helpers import make_event
from sqlalchemy import func, select

from scheduler_app.models import (
    Base,
    Booking,
    BookingStatus,
    Channel,
    Family,
    Mode,
    OutboxMessage,
    OutboxStatus,
    ParentsDay,
    ParentsDayDay,
    RoomKind,
)
from scheduler_app.services.booking import new_manage_token
from scheduler_app.services.feeds import issue_feed
from scheduler_app.services.passwords import hash_password
from scheduler_app.services.retention import purge
from scheduler_app.services.room_overview import room_overview
from scheduler_app.services.statistics import month_counts

NOW = datetime(2027, 3, 10, 11, 0, tzinfo=UTC)  # a Wednesday
DAYS = 90  # the cut-off: 10 December 2026, 12:00 in Berlin
OLD = berlin(2026, 12, 1, 10)  # Tuesday, 99 days before NOW
RECENT = berlin(2027, 1, 12, 10)  # 57 days before NOW
PASSWORD = "ein langes Passwort"


def _talk(session, offering, start, room=None, *, status=BookingStatus.CONFIRMED,
          name="Mia Geheimnis", code=None) -> tuple[Booking, str]:
    """A booking with every personal field filled, and the token of its manage link."""
    booking = add_booking(session, offering, start, room=room, name=name,
                          mode=Mode.IN_PERSON if room else Mode.PHONE, phone="0171 5550101")
    token, booking.manage_token_hash = new_manage_token()
    booking.topic, booking.booking_code, booking.locale = "Versetzung", code, "en"
    booking.status = status
    if status == BookingStatus.CANCELLED:
        booking.release_time()
    session.commit()
    return booking, token


def _message(session, status, at: datetime) -> OutboxMessage:
    message = OutboxMessage(channel=Channel.MAIL, topic="booking_confirmed",
                            recipient="eltern@example.org", payload='{"body": "Mia"}',
                            status=status, created_at=at - timedelta(minutes=1),
                            next_attempt_at=at, sent_at=at if status == OutboxStatus.SENT
                            else None)
    session.add(message)
    session.commit()
    return message


@pytest.fixture
def school(any_factory):
    """A counsellor (who can sign in) with a confidential offering in B0.05."""
    room = any_factory.room("B0.05", kind=RoomKind.COUNSELLING)
    offering = counselling(any_factory, room)
    offering.staff.password_hash = hash_password(PASSWORD)
    any_factory.session.commit()
    return offering, room


def test_a_booking_past_the_period_loses_its_booker_and_nothing_else(any_app, any_session,
                                                                     school):
    offering, room = school
    old, old_token = _talk(any_session, offering, OLD, room, code="ABCDEFGH")
    cancelled, _ = _talk(any_session, offering, OLD + timedelta(hours=1), room,
                         status=BookingStatus.CANCELLED)
    no_show, _ = _talk(any_session, offering, OLD + timedelta(hours=2),  # by phone
                       status=BookingStatus.NO_SHOW)
    recent, recent_token = _talk(any_session, offering, RECENT, room, name="Ben Krause")
    statistics = {year: month_counts(any_session, year) for year in (2026, 2027)}
    kept = {key: getattr(old, key) for key in (
        "offering_id", "staff_id", "room_id", "mode", "starts_at", "ends_at", "status",
        "booker_kind", "sequence", "created_at", "cancelled_at")}
    client = any_app.test_client()
    assert client.get(f"/termin/{old_token}").status_code == 200

    result = purge(any_session, NOW, DAYS)

    assert (result.bookings, result.messages, result.events) == (3, 0, 0)
    assert result.cutoff.instant == NOW - timedelta(days=DAYS)
    any_session.expire_all()
    for booking in (old, cancelled, no_show):
        booking = any_session.get(Booking, booking.id)
        assert booking.anonymised_at == NOW and booking.updated_at == NOW
        assert (booking.booker_name, booking.booker_email, booking.booker_phone,
                booking.topic, booking.booking_code, booking.locale) == ("", None, None,
                                                                         None, None, "de")
        assert not booking.manage_token_hash.isalnum()  # no SHA-256: no token opens it
    old = any_session.get(Booking, old.id)
    assert {key: getattr(old, key) for key in kept} == kept
    assert any_session.get(Booking, no_show.id).status == BookingStatus.NO_SHOW
    recent = any_session.get(Booking, recent.id)
    assert recent.anonymised_at is None and recent.booker_name == "Ben Krause"
    assert recent.topic == "Versetzung" and recent.booker_email == "eltern@example.org"
    assert {year: month_counts(any_session, year) for year in (2026, 2027)} == statistics
    day = OLD.date()
    assert [e.start for e in room_overview(any_session, day, day)[0].days[day]] == [OLD]

    assert client.get(f"/termin/{old_token}").status_code == 404
    assert client.get(f"/api/v1/bookings/{old_token}").status_code == 404
    assert client.get(f"/termin/{recent_token}").status_code == 200
    assert purge(any_session, NOW, DAYS).bookings == 0  # done once, not again


def _sign_in(client, email: str) -> None:
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]


def test_workspace_and_feed_show_an_anonymised_booking_without_a_name(any_app, any_session,
                                                                      school):
    offering, room = school
    # 30 days: a talk anonymised while the feed (90 days back) still shows it.
    talk_day = date(2027, 2, 2)
    old, _ = _talk(any_session, offering, datetime.combine(
        talk_day, time(9), tzinfo=UTC), room, name="Mia Geheimnis")
    token = issue_feed(any_session, NOW, staff=offering.staff)
    any_session.commit()
    staff_email = offering.staff.email
    purge(any_session, NOW, 30)

    client = any_app.test_client()
    with freeze_time(NOW):
        feed = client.get(f"/feeds/{token}.ics")
        _sign_in(client, staff_email)
        week = client.get(f"/workspace?date={talk_day.isoformat()}")
        page = client.get(f"/workspace/appointments/{old.id}")
        # The test's own app context outlives the requests and keeps Flask-Babel's catalog.
        refresh()
        english = client.get(f"/workspace?date={talk_day.isoformat()}&lang=en")
    assert feed.status_code == 200
    (event,) = vevents(feed.get_data())
    assert str(event["SUMMARY"]) == "anonymisiert (vor Ort)"
    for response in (week, page):
        text = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "anonymisiert" in text and "Mia Geheimnis" not in text
    assert not {"Versetzung", "eltern@example.org", "5550101"} & set(
        page.get_data(as_text=True).replace("<", " ").replace(">", " ").split())
    assert "anonymised" in english.get_data(as_text=True)


def test_old_sent_and_failed_mails_go_pending_ones_never(any_session):
    old = NOW - timedelta(days=DAYS + 1)
    sent, failed, pending, leased = (_message(any_session, status, old) for status in (
        OutboxStatus.SENT, OutboxStatus.FAILED, OutboxStatus.PENDING, OutboxStatus.LEASED))
    young = _message(any_session, OutboxStatus.SENT, NOW - timedelta(days=DAYS - 1))
    ids = {m.id for m in (sent, failed, pending, leased, young)}

    assert purge(any_session, NOW, DAYS).messages == 2

    left = set(any_session.scalars(select(OutboxMessage.id).where(OutboxMessage.id.in_(ids))))
    assert left == {pending.id, leased.id, young.id}


def _pd_rows(session, event_id: int) -> dict[str, int]:
    """Rows of every Elternsprechtag table that hang on the event by its id."""
    return {table.name: session.scalar(select(func.count()).select_from(table).where(
        table.c.event_id == event_id))
        for table in Base.metadata.sorted_tables
        if table.name.startswith("pd_") and "event_id" in table.c}


def test_a_past_elternsprechtag_goes_with_its_families_a_later_one_stays(any_session):
    # Wishes were collected in November; the event was on 3 December 2026.
    past = make_event(any_session, now=datetime(2026, 11, 20, tzinfo=UTC))
    later = make_event(any_session, now=datetime(2027, 3, 1, tzinfo=UTC))
    # Its first day would be old enough; its last one, next week, is not.
    any_session.add(ParentsDayDay(event_id=later.id, day=date(2027, 3, 18),
                                  start_time=time(15), end_time=time(18)))
    any_session.commit()
    past_id, later_id = past.id, later.id
    families = any_session.scalar(select(func.count(Family.id))
                                  .where(Family.event_id == past_id))
    assert families == 3 and _pd_rows(any_session, past_id)["pd_students"] == 5
    kept = _pd_rows(any_session, later_id)

    result = purge(any_session, NOW, DAYS)

    assert (result.events, result.families) == (1, families)
    assert any_session.get(ParentsDay, past_id) is None
    assert set(_pd_rows(any_session, past_id).values()) == {0}
    assert any_session.get(ParentsDay, later_id) is not None
    assert _pd_rows(any_session, later_id) == kept


def test_a_dry_run_counts_the_same_and_changes_nothing(any_session, school):
    offering, room = school
    booking, _ = _talk(any_session, offering, OLD, room)
    _message(any_session, OutboxStatus.SENT, OLD)
    event_id = make_event(any_session, now=datetime(2026, 11, 20, tzinfo=UTC)).id

    dry = purge(any_session, NOW, DAYS, dry_run=True)

    any_session.expire_all()
    assert any_session.get(Booking, booking.id).booker_name == "Mia Geheimnis"
    assert any_session.get(Booking, booking.id).anonymised_at is None
    assert any_session.scalar(select(func.count(OutboxMessage.id))) == 1
    assert any_session.get(ParentsDay, event_id) is not None
    done = purge(any_session, NOW, DAYS)
    assert (dry.bookings, dry.messages, dry.events, dry.families) == (
        done.bookings, done.messages, done.events, done.families) == (1, 1, 1, 3)


def test_cli_purges_prints_counts_and_a_dry_run_changes_nothing(any_app, any_session,
                                                                school):
    offering, room = school
    booking, _ = _talk(any_session, offering, OLD, room)
    _message(any_session, OutboxStatus.SENT, OLD)
    runner = any_app.test_cli_runner()

    with freeze_time(NOW):
        dry = runner.invoke(args=["retention", "purge", "--dry-run"])
        any_session.expire_all()
        assert any_session.get(Booking, booking.id).anonymised_at is None
        done = runner.invoke(args=["retention", "purge", "--days", str(DAYS)])
        again = runner.invoke(args=["retention", "purge"])

    assert dry.exit_code == 0, dry.output
    assert dry.output == (
        "dry run, nothing changed: older than 90 days (before 10.12.2026 12:00): 1 booking "
        "would be anonymised, 1 outbox message would be deleted, 0 Elternsprechtage with "
        "0 families would be deleted\n")
    assert done.exit_code == 0, done.output
    assert done.output == (
        "older than 90 days (before 10.12.2026 12:00): 1 booking anonymised, 1 outbox "
        "message deleted, 0 Elternsprechtage with 0 families deleted\n")
    assert "0 bookings anonymised, 0 outbox messages deleted" in again.output
    any_session.expire_all()
    assert any_session.get(Booking, booking.id).anonymised_at == NOW


def test_cli_takes_the_period_from_the_setting(app, runner):
    app.config["RETENTION_DAYS"] = 30
    result = runner.invoke(args=["retention", "purge", "--dry-run"])
    assert result.exit_code == 0 and "older than 30 days" in result.output


@pytest.mark.parametrize("days", ["0", "-5", "99999"])
def test_cli_refuses_a_bad_period_in_one_line(runner, days):
    result = runner.invoke(args=["retention", "purge", "--days", days])
    assert result.exit_code != 0
    assert result.output.splitlines() == [
        f"Error: Die Aufbewahrungsfrist muss zwischen 1 und 36500 Tagen liegen, nicht "
        f"{int(days)}."]


def test_outbox_run_purges_once_a_day(app, runner, session):
    message_id = _message(session, OutboxStatus.SENT, datetime.now(UTC) - timedelta(days=100)).id
    result = runner.invoke(args=["outbox", "run", "--iterations", "2", "--interval", "0"])
    assert result.exit_code == 0, result.output
    assert result.output.count("retention: ") == 1
    assert "1 outbox message deleted" in result.output
    assert session.get(OutboxMessage, message_id) is None
