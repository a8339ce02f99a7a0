"""Staff members: the people who offer talks and run the school office."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, text_enum, utcnow


class Role(StrEnum):
    ADMIN = "admin"  # school office / leadership
    COUNSELLOR = "counsellor"  # counselling teacher, social worker, "Deine Chance"
    TEACHER = "teacher"


class StaffMember(Base):
    __tablename__ = "staff_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(text_enum(Role, 20))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    # Bumped on logout, password change and deactivation so copied session cookies die.
    session_version: Mapped[int] = mapped_column(default=0)
    # The last TOTP time step accepted, so a code seen over someone's shoulder cannot be
    # replayed within its 30 seconds.
    totp_last_counter: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    # Flask-Login's user protocol, without importing Flask into the models.
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        """The session's "alternative id": a copied cookie dies when the version moves on."""
        return f"{self.id}:{self.session_version}"

    @property
    def is_office(self) -> bool:
        return self.role == Role.ADMIN

    def __repr__(self) -> str:
        return f"<StaffMember {self.email} {self.role}>"
