"""Closed days the school enters or imports (public holidays come from `holidays`)."""
from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlalchemy import CheckConstraint, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..domain.closures import Period
from .base import Base, text_enum


class ClosureKind(StrEnum):
    SCHOOL_HOLIDAY = "school_holiday"  # Ferien: offerings may stay open in them
    SCHOOL_CLOSED = "school_closed"  # e.g. a pedagogic day: everything is closed


class Closure(Base):
    __tablename__ = "closures"
    __table_args__ = (
        CheckConstraint("last_day >= first_day", name="ordered"),
        UniqueConstraint("kind", "first_day", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ClosureKind] = mapped_column(text_enum(ClosureKind, 20))
    name: Mapped[str] = mapped_column(String(120))
    first_day: Mapped[date]
    last_day: Mapped[date]
    source: Mapped[str | None] = mapped_column(String(200))

    def to_period(self) -> Period:
        return Period(self.name, self.first_day, self.last_day)
