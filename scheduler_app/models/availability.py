"""Availability rules of staff members and rooms, as stored."""
from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..domain.availability import WeeklyWindow, WeekParity
from ..domain.intervals import Interval
from .base import Base, text_enum

# Exactly one owner: a rule belongs to a person or to a room.
_ONE_OWNER = "(staff_id IS NULL) <> (room_id IS NULL)"


class WeeklyRule(Base):
    """A recurring weekly window in Berlin wall-clock time."""

    __tablename__ = "weekly_rules"
    __table_args__ = (
        CheckConstraint(_ONE_OWNER, name="one_owner"),
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("end_time > start_time", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_members.id", ondelete="CASCADE"), index=True)
    room_id: Mapped[int | None] = mapped_column(
        ForeignKey("rooms.id", ondelete="CASCADE"), index=True)
    # A person's window may be reserved for one of their offerings; NULL serves all.
    offering_id: Mapped[int | None] = mapped_column(
        ForeignKey("offerings.id", ondelete="CASCADE"))
    weekday: Mapped[int]
    start_time: Mapped[time]
    end_time: Mapped[time]
    valid_from: Mapped[date | None]
    valid_until: Mapped[date | None]
    parity: Mapped[WeekParity | None] = mapped_column(
        text_enum(WeekParity, 1))

    def to_domain(self) -> WeeklyWindow:
        return WeeklyWindow(self.weekday, self.start_time, self.end_time,
                            self.valid_from, self.valid_until, self.parity)


class DateRuleKind(StrEnum):
    EXTRA = "extra"  # a one-off window in addition to the weekly ones
    BLOCKED = "blocked"  # a period without availability (illness, a course, a trip)


class DateRule(Base):
    """A one-off extra window or a blocked period, as UTC instants."""

    __tablename__ = "date_rules"
    __table_args__ = (
        CheckConstraint(_ONE_OWNER, name="one_owner"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_members.id", ondelete="CASCADE"), index=True)
    room_id: Mapped[int | None] = mapped_column(
        ForeignKey("rooms.id", ondelete="CASCADE"), index=True)
    kind: Mapped[DateRuleKind] = mapped_column(text_enum(DateRuleKind, 10))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    note: Mapped[str | None] = mapped_column(String(200))

    def interval(self) -> Interval:
        return Interval(self.starts_at, self.ends_at)
