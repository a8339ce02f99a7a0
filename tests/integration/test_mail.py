"""Mails through a real SMTP server (aiosmtpd): .ics, manage link, outage, reminders, CLI."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from public_support import (MailCatcher, berlin, free_port, ics_part, next_weekday,
                            parent_talk, text_part)
from sqlalchemy import func, select

from scheduler_app.models import OutboxMessage, OutboxStatus
from scheduler_app.services.mail import MailSettings, send_due
from scheduler_app.services.reminders import enqueue_reminders
from scheduler_app.web.public.views import slot_key


@pytest.fixture
def smtp():
    catcher = MailCatcher()
    catcher.start()
    yield catcher
    catcher.stop()


def settings(port: int) -> MailSettings:
    return MailSettings(server="127.0.0.1", port=port, sender="Sprechzeit <noreply@schule.test>",
                        timeout=3)


def book_on_page(client, offering, start, **changes):
    data = {"booker_kind": "parent", "name": "Frau Schmidt", "email": "schmidt@example.org",
            "phone": "", "mode": "in_person", "topic": "Versetzung", "consent": "y",
            "start": slot_key(start), **changes}
    response = client.post(f"/angebot/{offering.id}/buchen", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def test_confirmation_arrives_with_ics_and_a_working_manage_link(client, factory, session,
                                                                 smtp):
    offering = parent_talk(factory)
    start = berlin(next_weekday(1), "14:30")
    book_on_page(client, offering, start)
    result = send_due(session, settings(smtp.port))
    assert (result.sent, result.retrying) == (1, 0)
    [mail] = smtp.inbox
    assert mail["To"] == "schmidt@example.org"
    assert "Terminbestätigung" in mail["Subject"] and "Versetzung" not in mail["Subject"]
    body = text_part(mail)
    assert "14:30–15:00 Uhr" in body and "Raum B0.04" in body
    calendar = icalendar.Calendar.from_ical(ics_part(mail))
    assert str(calendar["METHOD"]) == "PUBLISH"
    [timezone] = calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Europe/Berlin"
    [event] = calendar.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["DTSTART"].dt.astimezone(UTC) == start
    assert event["DTSTART"].dt.strftime("%H:%M") == "14:30"
    link = next(line for line in body.splitlines() if "/termin/" in line).strip()
    path = link.removeprefix("http://sprechzeit.test")
    page = client.get(path)
    assert page.status_code == 200 and "14:30–15:00" in page.get_data(as_text=True)


def test_confidential_counselling_mail_shows_no_topic_and_no_kind(client, factory, session,
                                                                  smtp):
    offering = parent_talk(factory, confidential=True, for_students=True,
                           title="Beratung bei der Beratungslehrkraft")
    book_on_page(client, offering, berlin(next_weekday(1), "14:00"), booker_kind="student",
                 name="Sunny", email="sunny@example.org", topic="Streit zu Hause")
    send_due(session, settings(smtp.port))
    [mail] = smtp.inbox
    assert "Beratung" not in mail["Subject"] and "Streit" not in mail["Subject"]
    assert "Streit" not in text_part(mail)


def test_smtp_down_loses_nothing_and_sends_once_when_back(client, factory, session):
    port = free_port()
    offering = parent_talk(factory)
    book_on_page(client, offering, berlin(next_weekday(1), "14:00"))
    now = datetime.now(UTC)
    down = send_due(session, settings(port), now)
    assert (down.sent, down.retrying) == (0, 1)
    message = session.scalar(select(OutboxMessage).where(OutboxMessage.channel == "mail"))
    assert message.status == OutboxStatus.PENDING and message.attempts == 1
    assert message.next_attempt_at == now + timedelta(minutes=1) and message.last_error
    assert send_due(session, settings(port), now + timedelta(seconds=30)).retrying == 0  # not due
    catcher = MailCatcher(port)
    catcher.start()
    try:
        back = send_due(session, settings(port), now + timedelta(minutes=2))
        again = send_due(session, settings(port), now + timedelta(hours=2))
    finally:
        catcher.stop()
    assert (back.sent, again.sent) == (1, 0)
    assert len(catcher.inbox) == 1
    session.refresh(message)
    assert message.status == OutboxStatus.SENT and message.attempts == 2


def test_outbox_send_command(app, client, factory, runner, smtp):
    offering = parent_talk(factory)
    book_on_page(client, offering, berlin(next_weekday(1), "14:00"))
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0 and "mail: 1 sent" in result.output
    assert len(smtp.inbox) == 1
    assert "mail: 0 sent" in runner.invoke(args=["outbox", "send"]).output


def test_outbox_run_sends_and_reminds(app, client, factory, runner, smtp, session):
    offering = parent_talk(factory)
    book_on_page(client, offering, berlin(next_weekday(1), "14:00"))
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
    result = runner.invoke(args=["outbox", "run", "--iterations", "1", "--interval", "0"])
    assert result.exit_code == 0, result.output
    assert len(smtp.inbox) == 1


def test_reminder_the_day_before_once_and_again_after_a_move(client, factory, session):
    offering = parent_talk(factory)
    tuesday = next_weekday(1)
    response = book_on_page(client, offering, berlin(tuesday, "14:00"))
    monday_evening = berlin(tuesday - timedelta(days=1), "18:00")
    assert enqueue_reminders(session, monday_evening - timedelta(days=1)) == 0
    assert enqueue_reminders(session, monday_evening) == 1
    assert enqueue_reminders(session, monday_evening + timedelta(hours=1)) == 0
    reminder = session.scalar(select(OutboxMessage).where(
        OutboxMessage.topic == "booking_reminder"))
    payload = json.loads(reminder.payload)
    assert payload["subject"].startswith("Erinnerung") and "/termin/" in payload["body"]
    token = response.headers["Location"].split("/termin/")[1].split("?")[0]
    client.post(f"/termin/{token}/verschieben", data={"start": slot_key(berlin(tuesday,
                                                                               "15:00"))})
    assert enqueue_reminders(session, monday_evening + timedelta(hours=2)) == 1
    assert session.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.topic == "booking_reminder")) == 2


def test_sender_also_delivers_mails_queued_with_attachments(session, smtp):
    from scheduler_app.models import Channel

    attachment = {"filename": "plan.ics",
                  "content_type": "text/calendar; charset=utf-8; method=PUBLISH",
                  "data": "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"}
    session.add(OutboxMessage(channel=Channel.MAIL, topic="parentsday_plan",
                              recipient="familie@example.org", payload=json.dumps({
                                  "subject": "Ihr Plan", "text": "Hallo",
                                  "attachments": [attachment]})))
    session.commit()
    assert send_due(session, settings(smtp.port)).sent == 1
    [mail] = smtp.inbox
    assert text_part(mail).strip() == "Hallo"
    assert ics_part(mail).startswith(b"BEGIN:VCALENDAR")


def test_a_slow_mail_server_does_not_hold_up_bookings(app, client, factory, session):
    """While the sender waits for the SMTP server, parents can still book (SQLite too)."""
    import asyncio
    import threading

    from scheduler_app.db import db

    release = threading.Event()
    received = []

    class SlowHandler:
        async def handle_DATA(self, server, smtp_session, envelope):
            await asyncio.get_running_loop().run_in_executor(None, release.wait, 20)
            received.append(envelope)
            return "250 OK"

    from aiosmtpd.controller import Controller
    controller = Controller(SlowHandler(), hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        offering = parent_talk(factory)
        book_on_page(client, offering, berlin(next_weekday(1), "14:00"))
        outcome = {}

        def sender():
            with app.app_context():
                outcome["result"] = send_due(db.session, settings(controller.port))
                db.session.remove()

        thread = threading.Thread(target=sender)
        thread.start()
        try:
            started = datetime.now(UTC)
            book_on_page(client, offering, berlin(next_weekday(1), "14:30"),
                         name="Herr Yılmaz", email="yilmaz@example.org")
            assert datetime.now(UTC) - started < timedelta(seconds=2)
        finally:
            release.set()
            thread.join(30)
        assert outcome["result"].sent == 1 and len(received) == 1
    finally:
        controller.stop()
