"""Integration fixtures: a real Radicale CalDAV server on 127.0.0.1."""
from __future__ import annotations

import pytest

from calendars.testing import RadicaleServer


@pytest.fixture
def radicale(tmp_path):
    """A Radicale of this test alone (htpasswd users, storage in tmp_path); stop/start at will."""
    server = RadicaleServer(tmp_path / "radicale")
    server.start()
    yield server
    server.stop()
