"""Helpers of the public booking tests: a teacher in B0.04, a real SMTP server, a server."""
from __future__ import annotations

import threading
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller
from werkzeug.serving import make_server

from scheduler_app.domain.time import BERLIN, local_to_utc


def next_weekday(weekday: int, after: date | None = None) -> date:
    """The first date with `weekday` (0 = Monday) at least two days after `after`."""
    day = (after or datetime.now(BERLIN).date()) + timedelta(days=2)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def berlin(day: date, hhmm: str) -> datetime:
    return local_to_utc(day, time.fromisoformat(hhmm))


def parent_talk(factory, room=None, weekday=1, window=("14:00", "16:00"), **kw):
    """A teacher's 30-minute parent talk in B0.04 on `weekday` afternoons."""
    room = room or factory.room("B0.04")
    offering = factory.offering(rooms=[room], phone=True, **kw)
    factory.weekly(offering.staff, weekday, *window)
    return offering


class _Handler:
    def __init__(self, inbox):
        self.inbox = inbox

    async def handle_DATA(self, server, session, envelope):
        self.inbox.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


class MailCatcher:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it receives."""

    def __init__(self, port: int = 0):
        self.inbox: list = []
        self.port = port
        self.controller = None

    def start(self) -> None:
        self.controller = Controller(_Handler(self.inbox), hostname="127.0.0.1",
                                     port=self.port or _free_port())
        self.controller.start()
        self.port = self.controller.port

    def stop(self) -> None:
        if self.controller:
            self.controller.stop()
            self.controller = None


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_port() -> int:
    return _free_port()


@contextmanager
def serving(app):
    """The app on a free port of 127.0.0.1, threaded like a real deployment."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def text_part(mail) -> str:
    return mail.get_body(preferencelist=("plain",)).get_content()


def ics_part(mail) -> bytes | None:
    for part in mail.iter_attachments():
        if part.get_content_type() == "text/calendar":
            return part.get_payload(decode=True)
    return None


__all__ = ["UTC", "MailCatcher", "berlin", "free_port", "ics_part", "next_weekday",
           "parent_talk", "serving", "text_part"]
