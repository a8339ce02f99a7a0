"""CalDAV passwords are stored encrypted with a key derived from SECRET_KEY."""
from __future__ import annotations

import pytest

from scheduler_app.services.crypto import SecretUnreadable, decrypt, encrypt


def test_round_trip_and_no_plaintext():
    token = encrypt("geheim-Passwort", "key-one")
    assert "geheim" not in token
    assert decrypt(token, "key-one") == "geheim-Passwort"
    assert encrypt("geheim-Passwort", "key-one") != token  # random IV each time


def test_another_secret_key_cannot_read_it():
    token = encrypt("geheim", "key-one")
    with pytest.raises(SecretUnreadable, match="neu verbinden"):
        decrypt(token, "key-two")
