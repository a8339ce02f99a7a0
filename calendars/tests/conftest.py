"""A real Radicale server per test (a subprocess on 127.0.0.1, storage in tmp_path)."""
from __future__ import annotations

import pytest

from calendars.caldav_sync import CalDAVAccount
from calendars.testing import DEFAULT_PASSWORD, DEFAULT_USER, RadicaleServer


@pytest.fixture
def radicale(tmp_path):
    with RadicaleServer(tmp_path / "radicale") as server:
        yield server


@pytest.fixture
def account(radicale) -> CalDAVAccount:
    return CalDAVAccount(radicale.make_calendar(DEFAULT_USER, "kalender"), DEFAULT_USER,
                         DEFAULT_PASSWORD, timeout=5)
