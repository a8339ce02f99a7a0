"""A real Radicale CalDAV server for tests, run as a subprocess on 127.0.0.1.

    with RadicaleServer(tmp_path) as radicale:
        url = radicale.make_calendar("anna", "schule")   # a calendar collection URL
        radicale.add_event(url, ics_text)                # as a calendar client would
        radicale.stop(); ...; radicale.restart()         # same port, same storage

Users are checked against a plain htpasswd file (add_user), or not at all with
auth="none" (any password is accepted); each user owns the collections below /<user>/.

skip_or_fail and require_icaljs decide what a test does when a tool it needs is missing.
Nothing here imports Flask or the app, so app tests can use it too.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import niquests
import pytest

from calendars.conformance import ensure_icaljs, parse_with_icaljs, parse_with_vobject

DEFAULT_USER = "anna"
DEFAULT_PASSWORD = "geheim-anna"

MKCALENDAR = """<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:set><D:prop>
    <D:displayname>{name}</D:displayname>
    <C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set>
  </D:prop></D:set>
</C:mkcalendar>"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _kill(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
        process.wait(timeout=10)


class RadicaleServer:
    def __init__(self, directory: str | Path | None = None, port: int | None = None,
                 users: dict[str, str] | None = None, auth: str = "htpasswd"):
        if auth not in ("htpasswd", "none"):
            raise ValueError("auth is 'htpasswd' or 'none'")
        self.auth = auth
        if directory is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="radicale-")
            directory = self._tmp.name
        self.directory = Path(directory)
        self.storage = self.directory / "collections"
        self.port = port or free_port()
        self.users = dict(users or {DEFAULT_USER: DEFAULT_PASSWORD})
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def base_url(self) -> str:
        """The URL without the trailing slash."""
        return self.url.rstrip("/")

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def calendar_url(self, user: str, name: str) -> str:
        return f"{self.url}{user}/{name}/"

    def add_user(self, user: str, password: str) -> None:
        # Radicale rereads the htpasswd file when it changes: no restart needed.
        self.users[user] = password
        self._write_htpasswd()

    def _write_htpasswd(self) -> None:
        lines = "".join(f"{user}:{password}\n" for user, password in self.users.items())
        (self.directory / "users").write_text(lines)

    def _write_config(self) -> Path:
        config = self.directory / "radicale.conf"
        config.write_text(f"""[server]
hosts = 127.0.0.1:{self.port}
[auth]
type = {self.auth}
htpasswd_filename = {self.directory / "users"}
htpasswd_encryption = plain
delay = 0
[rights]
type = owner_only
[storage]
filesystem_folder = {self.storage}
[web]
type = none
[logging]
level = warning
""")
        return config

    def start(self, timeout: float = 15.0) -> RadicaleServer:
        if self.running:
            return self
        self.directory.mkdir(parents=True, exist_ok=True)
        self._write_htpasswd()
        config = self._write_config()
        log = open(self.directory / "radicale.log", "ab")  # noqa: SIM115 - lives with the process
        self.process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(config)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        # A test that fails before stop() must not leave the server running.
        weakref.finalize(self, _kill, self.process)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("Radicale exited: "
                                   + (self.directory / "radicale.log").read_text()[-2000:])
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"Radicale did not listen on port {self.port} within {timeout} s")

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    def restart(self) -> RadicaleServer:
        """Stops and starts again on the same port with the same storage and users."""
        self.stop()
        return self.start()

    def __enter__(self) -> RadicaleServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
        if getattr(self, "_tmp", None) is not None:
            self._tmp.cleanup()

    # -- acting as a calendar client (creating what a staff member has in their calendar) --

    def _auth(self, user: str) -> tuple[str, str]:
        return (user, self.users.get(user, "pw"))

    def request(self, method: str, path: str, body: bytes | str | None = None,
                user: str = DEFAULT_USER, headers: dict[str, str] | None = None
                ) -> tuple[int, bytes]:
        """A raw request as user to a path below the server root: (status, body)."""
        response = niquests.request(method, self.base_url + path, data=body, headers=headers,
                                    auth=self._auth(user), timeout=10)
        return response.status_code, response.content or b""

    def make_calendar(self, user: str = DEFAULT_USER, name: str = "kalender") -> str:
        """Creates the calendar collection /user/name/ and returns its URL."""
        if user not in self.users and self.auth == "htpasswd":
            self.add_user(user, f"geheim-{user}")
        url = self.calendar_url(user, name)
        response = niquests.request("MKCALENDAR", url, data=MKCALENDAR.format(name=name),
                                    auth=self._auth(user), timeout=10,
                                    headers={"Content-Type": "application/xml; charset=utf-8"})
        if response.status_code not in (201, 405):  # 405: exists already
            raise RuntimeError(f"MKCALENDAR {url}: {response.status_code} {response.text}")
        return url

    def add_event(self, calendar_url: str, ics: str | bytes, name: str | None = None) -> str:
        """PUTs an iCalendar object into the calendar; returns its URL."""
        user = calendar_url.removeprefix(self.url).split("/")[0]
        url = calendar_url.rstrip("/") + "/" + (name or f"{uuid.uuid4()}.ics")
        body = ics.encode() if isinstance(ics, str) else ics
        response = niquests.put(url, data=body, auth=self._auth(user), timeout=10,
                                headers={"Content-Type": "text/calendar; charset=utf-8"})
        if response.status_code not in (201, 204):
            raise RuntimeError(f"PUT {url}: {response.status_code} {response.text}")
        return url

    def put(self, user: str, calendar: str, name: str, ics: str | bytes) -> str:
        """add_event by user, calendar and file name; returns the event's URL."""
        return self.add_event(self.calendar_url(user, calendar), ics, name)

    def get(self, url: str) -> niquests.Response:
        user = url.removeprefix(self.url).split("/")[0]
        return niquests.get(url, auth=self._auth(user), timeout=10)

    def event_files(self, user: str = DEFAULT_USER, name: str = "kalender") -> list[Path]:
        """The .ics files Radicale stores for the calendar (what is really on the server)."""
        folder = self.storage / "collection-root" / user / name
        return sorted(p for p in folder.glob("*") if p.is_file() and not p.name.startswith("."))

    def events(self, user: str = DEFAULT_USER, name: str = "kalender") -> list[str]:
        """The raw iCalendar texts stored in the calendar, sorted."""
        return sorted(p.read_text(encoding="utf-8") for p in self.event_files(user, name))


# -- tools a test needs --

# CI installs every tool the tests need: there a missing one is a broken set-up, not a
# reason to skip (a skip would pass the run without the checks).
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# The two parsers other than icalendar that every feed must satisfy.
FOREIGN_PARSERS = ("vobject", "ical.js")


def skip_or_fail(message: str) -> NoReturn:
    """Skips the test on a developer machine; fails it when CI is true."""
    if IN_CI:
        pytest.fail(f"{message} (CI=true: these tests must run, not be skipped)")
    pytest.skip(message)


def require_icaljs() -> None:
    """Makes sure ical.js can run (installing it with npm if needed), else skip_or_fail."""
    if shutil.which("node") is None:
        skip_or_fail("node is not installed: the ical.js checks need it")
    try:
        ensure_icaljs()
    except (OSError, subprocess.SubprocessError) as exc:  # npm missing, offline, timed out
        skip_or_fail(f"ical.js is missing and `npm ci --prefix calendars/tests/js` failed: "
                     f"{exc.__class__.__name__}")


def foreign_parser(name: str) -> Callable[[bytes], dict]:
    """parse_with_vobject or parse_with_icaljs by a name in FOREIGN_PARSERS."""
    if name == "ical.js":
        require_icaljs()
        return parse_with_icaljs
    return parse_with_vobject
