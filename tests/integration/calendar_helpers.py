"""Shared helpers of the calendar tests: bookings at Berlin wall-clock times."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar

from scheduler_app.domain.time import BERLIN
from scheduler_app.models import BookerKind, Booking, Mode, OfferingKind, Role
from scheduler_app.services.booking import new_manage_token


def berlin(year, month, day, hour, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


def add_booking(session, offering, start: datetime, *, minutes=30, room=None, mode=None,
                name="Erika Mustermann", phone=None, kind=BookerKind.PARENT) -> Booking:
    """A booking written straight to the database (no slot rules involved)."""
    mode = mode or (Mode.IN_PERSON if room else Mode.PHONE)
    booking = Booking(offering=offering, staff_id=offering.staff_id,
                      room_id=room.id if room else None, mode=mode, starts_at=start,
                      ends_at=start + timedelta(minutes=minutes), booker_name=name,
                      booker_kind=kind, booker_phone=phone or "+49 511 123456",
                      booker_email="eltern@example.org",
                      manage_token_hash=new_manage_token()[1])
    booking.claim_time()
    session.add(booking)
    session.commit()
    return booking


def counselling(factory, room=None, **kw):
    """A counsellor with a confidential counselling offering."""
    staff = factory.staff(role=Role.COUNSELLOR, display_name="Frau Petersen")
    return factory.offering(staff=staff, rooms=[room] if room else [],
                            kind=OfferingKind.COUNSELLING, confidential=True,
                            topic_enabled=False, phone=True, title="Beratung", **kw)


def vevents(body: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(body).walk("VEVENT"))


class HeldCalDAVServer:
    """A stand-in CalDAV server that holds every request until the test releases it.

    `received` is set when a request has arrived, `answered` once an answer went out: a
    test can act while the server is known to be busy with a request. PUT answers 201,
    DELETE 204, REPORT a VFREEBUSY with the `busy` periods (UTC datetimes).
    """

    def __init__(self, busy=(), hold: float = 20.0):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.received, self.answered = threading.Event(), threading.Event()
        self.release = threading.Event()
        self.requests: list[tuple[str, str]] = []
        stamp = "%Y%m%dT%H%M%SZ"
        periods = "".join(f"FREEBUSY:{s.strftime(stamp)}/{e.strftime(stamp)}\r\n"
                          for s, e in busy)
        freebusy = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
                    "BEGIN:VFREEBUSY\r\nDTSTAMP:20260101T000000Z\r\n" + periods
                    + "END:VFREEBUSY\r\nEND:VCALENDAR\r\n").encode()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, status: int, body: bytes = b"", kind: str = "text/plain"):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                server.requests.append((self.command, self.path))
                server.received.set()
                server.release.wait(hold)
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                self.wfile.flush()
                server.answered.set()

            def do_PUT(self):
                self._answer(201)

            def do_DELETE(self):
                self._answer(204)

            def do_REPORT(self):
                self._answer(200, freebusy, "text/calendar; charset=utf-8")

            def log_message(self, *_args):
                pass

        self._http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._http.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._http.server_port}/calendars/lehrkraft/kalender/"
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    def __enter__(self) -> HeldCalDAVServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self._http.shutdown()
        self._http.server_close()
        self._thread.join(5)
