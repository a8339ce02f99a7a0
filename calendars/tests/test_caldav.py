"""CalDAV against a real Radicale server: push, move, cancel, busy times, outages."""
from __future__ import annotations

import socket
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import icalendar
import pytest

from calendars import BERLIN, CalendarEvent
from calendars.caldav_sync import (
    CalDAVAccount,
    CalDAVError,
    CalDAVUnavailable,
    check_connection,
    delete_event,
    fetch_busy,
    put_event,
)
from calendars.timezones import vtimezone

VTIMEZONE = vtimezone().to_ical().decode()


def local(*args) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def booking(start: datetime, sequence: int = 0) -> CalendarEvent:
    return CalendarEvent(uid="booking-42@sprechzeit.example", start=start,
                         end=start + timedelta(minutes=30), summary="Beratung (Telefon)",
                         sequence=sequence, last_modified=utc(2027, 3, 1) + timedelta(
                             minutes=sequence))


def stored(radicale) -> list[icalendar.Event]:
    """The VEVENTs really stored on the server, read from its storage folder."""
    return [icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")[0]
            for path in radicale.event_files()]


def test_push_move_and_cancel_appear_on_the_server(radicale, account):
    href = put_event(account, booking(local(2027, 7, 6, 10, 0)))
    assert href.startswith(account.url) and href.endswith(".ics")
    answer = radicale.get(href)
    assert answer.status_code == 200
    assert b"METHOD" not in answer.content
    assert b"DTSTART;TZID=Europe/Berlin:20270706T100000" in answer.content
    events = stored(radicale)
    assert [e["UID"] for e in events] == ["booking-42@sprechzeit.example"]

    # move: re-PUT at the stored URL, the server keeps one event with the new time
    assert put_event(account, booking(local(2027, 12, 7, 15, 30), sequence=1), href) == href
    events = stored(radicale)
    assert len(events) == 1
    assert events[0].decoded("DTSTART").timestamp() == local(2027, 12, 7, 15, 30).timestamp()
    assert events[0].decoded("SEQUENCE") == 1

    delete_event(account, href)
    assert stored(radicale) == []
    assert radicale.get(href).status_code == 404
    delete_event(account, href)  # already gone counts as deleted


def test_a_retried_push_without_url_lands_on_the_same_resource(radicale, account):
    first = put_event(account, booking(local(2027, 7, 6, 10, 0)))
    second = put_event(account, booking(local(2027, 7, 6, 10, 0)))
    assert first == second
    assert len(radicale.event_files()) == 1


def test_pushed_events_are_busy(account):
    put_event(account, booking(local(2027, 7, 6, 10, 0)))
    window = (local(2027, 7, 5), local(2027, 7, 12))
    expected = [(utc(2027, 7, 6, 8, 0), utc(2027, 7, 6, 8, 30))]
    assert fetch_busy(account, *window) == expected
    assert fetch_busy(account, *window, method="query") == expected


def vevent(body: str) -> str:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Client//Test//EN\r\n" + VTIMEZONE
            + "BEGIN:VEVENT\r\nDTSTAMP:20270101T000000Z\r\n" + body.strip().replace("\n", "\r\n")
            + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


STAFF_CALENDAR = {
    "single": "UID:single\nSUMMARY:Konferenz\n"
              "DTSTART;TZID=Europe/Berlin:20270323T100000\nDTEND;TZID=Europe/Berlin:20270323T110000",
    # weekly on Tuesdays 14:00 local, one week left out; crosses the change on 28 March
    "weekly": "UID:weekly\nSUMMARY:AG\nRRULE:FREQ=WEEKLY\n"
              "DTSTART;TZID=Europe/Berlin:20270309T140000\nDTEND;TZID=Europe/Berlin:20270309T150000\n"
              "EXDATE;TZID=Europe/Berlin:20270330T140000\nEND:VEVENT\n"
              # the 13 April occurrence moves to 16:00 (an override in the same resource)
              "BEGIN:VEVENT\nUID:weekly\nDTSTAMP:20270101T000000Z\nSUMMARY:AG verlegt\n"
              "RECURRENCE-ID;TZID=Europe/Berlin:20270413T140000\n"
              "DTSTART;TZID=Europe/Berlin:20270413T160000\nDTEND;TZID=Europe/Berlin:20270413T170000",
    "transparent": "UID:transparent\nSUMMARY:Nur Info\nTRANSP:TRANSPARENT\n"
                   "DTSTART;TZID=Europe/Berlin:20270324T100000\n"
                   "DTEND;TZID=Europe/Berlin:20270324T110000",
    "cancelled": "UID:cancelled\nSUMMARY:Abgesagt\nSTATUS:CANCELLED\n"
                 "DTSTART;TZID=Europe/Berlin:20270325T100000\n"
                 "DTEND;TZID=Europe/Berlin:20270325T110000",
    "all-day": "UID:all-day\nSUMMARY:Fortbildung\n"
               "DTSTART;VALUE=DATE:20270326\nDTEND;VALUE=DATE:20270327",
    "all-day-dst": "UID:all-day-dst\nSUMMARY:Sonntag der Umstellung\n"
                   "DTSTART;VALUE=DATE:20270328\nDTEND;VALUE=DATE:20270329",
}
EXPECTED_BUSY = [
    (utc(2027, 3, 23, 9), utc(2027, 3, 23, 10)),    # single, 10:00 CET
    (utc(2027, 3, 23, 13), utc(2027, 3, 23, 14)),   # weekly, 14:00 CET
    (utc(2027, 3, 25, 23), utc(2027, 3, 26, 23)),   # all-day Friday, local midnights
    (utc(2027, 3, 27, 23), utc(2027, 3, 28, 22)),   # all-day Sunday: 23 hours
    (utc(2027, 4, 6, 12), utc(2027, 4, 6, 13)),     # weekly, 14:00 CEST; 30 March excluded
    (utc(2027, 4, 13, 14), utc(2027, 4, 13, 15)),   # the moved occurrence
]


@pytest.mark.parametrize("method", ["auto", "free-busy", "query"])
def test_events_made_in_the_calendar_block_exactly_their_times(radicale, account, method):
    for name, body in STAFF_CALENDAR.items():
        radicale.add_event(account.url, vevent(body), f"{name}.ics")
    got = fetch_busy(account, local(2027, 3, 22), local(2027, 4, 15), method=method)
    assert got == EXPECTED_BUSY
    # a narrower window clips
    assert fetch_busy(account, local(2027, 3, 23, 10, 30), local(2027, 3, 23, 14, 30),
                      method=method) == [(utc(2027, 3, 23, 9, 30), utc(2027, 3, 23, 10)),
                                         (utc(2027, 3, 23, 13), utc(2027, 3, 23, 13, 30))]


def test_check_connection(radicale, account):
    check_connection(account)
    with pytest.raises(CalDAVError) as wrong_password:
        check_connection(CalDAVAccount(account.url, account.username, "falsch"))
    assert wrong_password.value.code == "auth"
    assert not isinstance(wrong_password.value, CalDAVUnavailable)
    with pytest.raises(CalDAVError) as not_a_calendar:
        check_connection(CalDAVAccount(radicale.url + "anna/", account.username,
                                       account.password))
    assert not_a_calendar.value.code == "not_calendar"
    with pytest.raises(CalDAVError) as missing:
        check_connection(CalDAVAccount(radicale.url + "anna/fehlt/", account.username,
                                       account.password))
    assert missing.value.code == "not_found"
    with pytest.raises(CalDAVError):
        check_connection(CalDAVAccount("ftp://example.org/", "a", "b"))


def test_a_stopped_server_is_unavailable_and_comes_back_with_its_data(radicale, account):
    href = put_event(account, booking(local(2027, 7, 6, 10, 0)))
    radicale.stop()
    event = booking(local(2027, 7, 6, 11, 0), sequence=1)
    for call in (lambda: put_event(account, event, href), lambda: delete_event(account, href),
                 lambda: fetch_busy(account, local(2027, 7, 5), local(2027, 7, 12)),
                 lambda: check_connection(account)):
        with pytest.raises(CalDAVUnavailable) as failure:
            call()
        assert failure.value.code == "unreachable"
    radicale.restart()
    assert put_event(account, event, href) == href
    assert fetch_busy(account, local(2027, 7, 5), local(2027, 7, 12)) == [
        (utc(2027, 7, 6, 9), utc(2027, 7, 6, 9, 30))]


def test_a_server_that_never_answers_times_out():
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/anna/kalender/"
        with pytest.raises(CalDAVUnavailable) as failure:
            check_connection(CalDAVAccount(url, "anna", "x", timeout=0.5))
    assert failure.value.code == "timeout"


class StubServer:
    """An HTTP server answering from a table (method, path) -> (status, content type, body)."""

    def __init__(self, answers):
        calls = self.calls = []

        class Handler(BaseHTTPRequestHandler):
            def handle_one(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                calls.append((self.command, body))
                key = (self.command, b"free-busy-query" in body)
                status, kind, text = answers.get(key, (500, "text/plain", "nein"))
                data = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_REPORT = do_PUT = do_PROPFIND = do_DELETE = handle_one

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/cal/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


MULTISTATUS = """<?xml version="1.0" encoding="utf-8"?>
<D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:response>
<D:href>/cal/a.ics</D:href><D:propstat><D:prop><D:getetag>"1"</D:getetag>
<C:calendar-data>{data}</C:calendar-data></D:prop><D:status>HTTP/1.1 200 OK</D:status>
</D:propstat></D:response></D:multistatus>"""


def test_without_free_busy_support_a_time_range_query_is_used():
    data = vevent("UID:x\nDTSTART;TZID=Europe/Berlin:20270706T100000\n"
                  "DTEND;TZID=Europe/Berlin:20270706T110000\nRRULE:FREQ=DAILY;COUNT=2")
    stub = StubServer({("REPORT", True): (501, "text/plain", "not implemented"),
                       ("REPORT", False): (207, "application/xml",
                                           MULTISTATUS.format(data=data))})
    try:
        got = fetch_busy(CalDAVAccount(stub.url, "a", "b"), local(2027, 7, 1), local(2027, 7, 31))
        with pytest.raises(CalDAVError) as no_free_busy:
            fetch_busy(CalDAVAccount(stub.url, "a", "b"), local(2027, 7, 1), local(2027, 7, 31),
                       method="free-busy")
    finally:
        stub.close()
    assert got == [(utc(2027, 7, 6, 8), utc(2027, 7, 6, 9)),
                   (utc(2027, 7, 7, 8), utc(2027, 7, 7, 9))]
    assert no_free_busy.value.code == "no_free_busy"
    assert [method for method, _ in stub.calls] == ["REPORT", "REPORT", "REPORT"]


def test_server_errors_are_unavailable_and_refusals_are_errors():
    stub = StubServer({("PUT", False): (503, "text/plain", "wartung"),
                       ("DELETE", False): (409, "text/plain", "nein")})
    account = CalDAVAccount(stub.url, "a", "b")
    try:
        with pytest.raises(CalDAVUnavailable) as unavailable:
            put_event(account, booking(local(2027, 7, 6, 10)))
        with pytest.raises(CalDAVError) as refused:
            delete_event(account, stub.url + "a.ics")
    finally:
        stub.close()
    assert unavailable.value.status == 503
    assert not isinstance(refused.value, CalDAVUnavailable) and refused.value.status == 409


def test_unbounded_ranges_are_refused(account):
    with pytest.raises(ValueError):
        fetch_busy(account, local(2027, 1, 1), local(2031, 1, 1))
    with pytest.raises(ValueError):
        fetch_busy(account, local(2027, 1, 2), local(2027, 1, 1))


def test_radicale_without_authentication_accepts_any_password(tmp_path):
    from calendars.testing import RadicaleServer

    with RadicaleServer(tmp_path / "open", auth="none") as server:
        url = server.make_calendar("lehrkraft", "sprechzeit")
        account = CalDAVAccount(url, "lehrkraft", "irgendwas", timeout=5)
        check_connection(account)
        put_event(account, booking(local(2027, 7, 6, 10, 0)))
        assert len(server.events("lehrkraft", "sprechzeit")) == 1
        status, body = server.request("GET", "/lehrkraft/sprechzeit/", user="lehrkraft")
        assert status == 200 and b"booking-42@sprechzeit.example" in body


def test_an_event_whose_url_was_lost_is_replaced_where_it_is(radicale, account):
    from calendars.events import build_caldav_body

    elsewhere = radicale.add_event(account.url, build_caldav_body(booking(local(2027, 7, 6, 10))),
                                   "made-by-an-older-version.ics")
    href = put_event(account, booking(local(2027, 7, 6, 11), sequence=1))
    assert href == elsewhere
    (event,) = stored(radicale)
    assert event.decoded("SEQUENCE") == 1


def test_a_garbled_answer_is_an_error_not_a_crash():
    stub = StubServer({("PROPFIND", False): (207, "application/xml", "<kaputt"),
                       ("REPORT", True): (200, "text/calendar", "kein Kalender"),
                       ("REPORT", False): (207, "application/xml", "<D:multistatus")})
    account = CalDAVAccount(stub.url, "a", "b")
    try:
        with pytest.raises(CalDAVError) as garbled:
            check_connection(account)
        with pytest.raises(CalDAVError) as garbled_busy:
            fetch_busy(account, local(2027, 7, 1), local(2027, 7, 8))
    finally:
        stub.close()
    assert garbled.value.code == "bad_response"
    assert garbled_busy.value.code == "bad_response"
    assert not isinstance(garbled_busy.value, CalDAVUnavailable)
