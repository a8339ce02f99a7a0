"""Families' access codes: derived from the secret key, stored only as a hash.

A code is an HMAC of the event, the family key and a version number, so the office can
print a letter again without the database ever holding the code; bumping the version
revokes a lost code. Letters avoid characters that look alike (0/O, 1/I/L).
"""
from __future__ import annotations

import hashlib
import hmac

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 12  # 31**12: about 59 bits


def derive_code(secret: str, event_id: int, family_key: str, version: int) -> str:
    message = f"elternsprechtag:{event_id}:{family_key}:{version}".encode()
    digest = int.from_bytes(hmac.new(secret.encode(), message, hashlib.sha256).digest(), "big")
    chars = []
    for _ in range(LENGTH):
        digest, index = divmod(digest, len(ALPHABET))
        chars.append(ALPHABET[index])
    raw = "".join(chars)
    return "-".join(raw[i:i + 4] for i in range(0, LENGTH, 4))


def normalise_code(code: str) -> str:
    """What a person typed, without spaces and dashes, in capitals; O read as 0 and so on."""
    cleaned = "".join(c for c in code.upper() if c.isalnum())
    return cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def hash_code(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()
