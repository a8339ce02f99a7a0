"""Sign-in attempts that count against a throttle (see services/throttle.py)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class LoginAttempt(Base):
    """One failed sign-in attempt (or one still being checked) under one key.

    The key (an e-mail address, a client IP, an account id) is stored only as a SHA-256 of
    scope and key; rows older than the longest throttle window are deleted on every write.
    """

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_key", "key_hash", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(20))  # staff_email, staff_ip, totp, family_ip
    key_hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(index=True)
