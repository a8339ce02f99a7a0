"""Manage links: HMAC-signed tokens that let a booker show, move or cancel a booking.

The token is HMAC-SHA256(SECRET_KEY, booking code), the code being random and unique. The
database keeps only the token's SHA-256 (`manage_token_hash`), so a copy of the database
alone opens no booking; the server can still put the link into every later mail (reminder,
changes by staff) without ever storing it. Changing the booking code, or SECRET_KEY,
revokes the link.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Booking
from .booking import hash_token

# No 0/O, 1/I/L: a code is read out on the phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
TOKEN_LENGTH = 43  # 256 bits, URL-safe base64 without padding


def new_booking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def code_for_request(secret_key: str, request_key: str) -> str:
    """The booking code of the booking form a page handed out with `request_key`.

    Derived rather than random, so a form sent twice (a double click, a reload) names the
    same booking, and the second answer can be the first booking instead of "taken". Only
    the browser that was given the key can find that booking: it is random, never stored.
    """
    message = f"sprechzeit-request:{request_key}".encode()
    number = int.from_bytes(hmac.new(secret_key.encode(), message, hashlib.sha256).digest())
    chars = []
    for _ in range(CODE_LENGTH):
        number, index = divmod(number, len(CODE_ALPHABET))
        chars.append(CODE_ALPHABET[index])
    return "".join(chars)


def token_for_code(secret_key: str, booking_code: str) -> str:
    message = f"sprechzeit-manage:{booking_code}".encode()
    digest = hmac.new(secret_key.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def manage_token(secret_key: str, booking: Booking) -> str:
    return token_for_code(secret_key, booking.booking_code or "")


def manage_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/termin/{token}"


def booking_for_token(session: Session, token: str) -> Booking | None:
    """The booking a manage token opens, or None for anything else (never an exception)."""
    if len(token) != TOKEN_LENGTH or not token.isascii():
        return None
    return session.scalar(select(Booking).where(Booking.manage_token_hash == hash_token(token)))
