"""A real Radicale CalDAV server on 127.0.0.1 for the tests (storage in a temp folder).

Used until calendars/testing.py provides the shared RadicaleServer.
"""
from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import time
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RadicaleServer:
    def __init__(self, folder: Path, port: int | None = None) -> None:
        self.folder = Path(folder)
        self.port = port or _free_port()
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--server-hosts", f"127.0.0.1:{self.port}",
             "--storage-filesystem-folder", str(self.folder / "collections"),
             "--auth-type", "none", "--rights-type", "owner_only",
             "--logging-level", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("Radicale did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def request(self, method: str, path: str, body: bytes | None = None,
                user: str = "lehrkraft", headers: dict | None = None):
        import base64

        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        auth = base64.b64encode(f"{user}:pw".encode()).decode()
        conn.request(method, path, body=body,
                     headers={"Authorization": f"Basic {auth}", **(headers or {})})
        response = conn.getresponse()
        data = response.read()
        conn.close()
        return response.status, data

    def make_calendar(self, user: str, name: str) -> str:
        """Creates /user/name/ and returns its URL."""
        path = f"/{user}/{name}/"
        status, _ = self.request("MKCALENDAR", path, user=user)
        assert status in (201, 405), status  # 405: exists already
        return self.base_url + path

    def put(self, user: str, calendar: str, name: str, ics: str) -> None:
        status, body = self.request("PUT", f"/{user}/{calendar}/{name}", ics.encode(), user=user,
                                    headers={"Content-Type": "text/calendar"})
        assert status in (201, 204), (status, body)

    def events(self, user: str, calendar: str) -> list[str]:
        """The raw .ics texts of every event in the calendar (read from its storage)."""
        folder = self.folder / "collections" / "collection-root" / user / calendar
        return sorted(p.read_text() for p in folder.glob("*.ics"))
