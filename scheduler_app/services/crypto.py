"""Encrypting stored secrets (CalDAV passwords) with a key derived from SECRET_KEY.

A CalDAV password must be sent to the server again, so it cannot be hashed; it is kept as
a Fernet token (AES-CBC + HMAC). Rotating SECRET_KEY makes the stored passwords unreadable:
the staff member then reconnects their calendar, which the workspace says.
"""
from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_INFO = b"sprechzeit caldav password v1"


class SecretUnreadable(ValueError):
    """The stored secret was encrypted with another SECRET_KEY (or was tampered with)."""


def app_secret_key() -> str:
    """SECRET_KEY of the current Flask app, for services called without an explicit key."""
    from flask import current_app

    return current_app.config["SECRET_KEY"]


def _fernet(secret_key: str | None) -> Fernet:
    key = (secret_key or app_secret_key()).encode()
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(key)
    return Fernet(base64.urlsafe_b64encode(derived))


def encrypt(plaintext: str, secret_key: str | None = None) -> str:
    return _fernet(secret_key).encrypt(plaintext.encode()).decode()


def decrypt(token: str, secret_key: str | None = None) -> str:
    try:
        return _fernet(secret_key).decrypt(token.encode()).decode()
    except InvalidToken:
        raise SecretUnreadable(
            "Das gespeicherte Passwort ist nicht mehr lesbar; bitte den Kalender neu verbinden."
        ) from None
