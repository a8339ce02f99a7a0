"""Calendars: feed tokens, connected CalDAV calendars, their cached busy times, pushed events."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, text_enum, utcnow
from .room import Room
from .staff import StaffMember


class FeedPurpose(StrEnum):
    PRIVATE = "private"  # a staff member's own appointments, with the booker's name and mode
    BUSY = "busy"  # "belegt" only: rooms, or a person's times shared with colleagues


class FeedToken(Base):
    """A secret feed URL. Only the SHA-256 of the token is kept, like a password."""

    __tablename__ = "feed_tokens"
    __table_args__ = (
        CheckConstraint("(staff_id IS NULL) <> (room_id IS NULL)", name="one_owner"),
        # A private feed shows names: it can only belong to the person whose talks they are.
        CheckConstraint("purpose = 'busy' OR staff_id IS NOT NULL", name="private_is_personal"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_members.id", ondelete="CASCADE"), index=True)
    room_id: Mapped[int | None] = mapped_column(
        ForeignKey("rooms.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[FeedPurpose] = mapped_column(text_enum(FeedPurpose, 10))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]
    # What the feed last looked like and since when: a booking moved to another room leaves
    # no row behind to date the change by, so the feed's Last-Modified is kept here.
    content_etag: Mapped[str | None] = mapped_column(String(100))
    content_changed_at: Mapped[datetime | None]

    staff: Mapped[StaffMember | None] = relationship()
    room: Mapped[Room | None] = relationship()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class CalDAVConnection(Base):
    """A staff member's own CalDAV calendar: bookings are pushed there, busy times read."""

    __tablename__ = "caldav_connections"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_members.id", ondelete="CASCADE"), unique=True)
    url: Mapped[str] = mapped_column(String(500))
    username: Mapped[str] = mapped_column(String(200))
    # Fernet token; the key is derived from SECRET_KEY (services/secrets.py).
    password_encrypted: Mapped[str] = mapped_column(Text)
    # Set by the school office: offer this person's slots although their calendar cannot be
    # read. Off by default, because a slot offered against an unknown calendar may clash.
    allow_booking_when_unreachable: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_sync_at: Mapped[datetime | None]  # last successful read of busy times
    last_push_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    last_error_at: Mapped[datetime | None]

    staff: Mapped[StaffMember] = relationship()


class BusyInterval(Base):
    """A busy time read from a staff member's CalDAV calendar (a cache, replaced on sync)."""

    __tablename__ = "caldav_busy_intervals"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_caldav_busy_intervals_staff_time", "staff_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)


class CalDAVEntry(Base):
    """Where a booking lives in its staff member's CalDAV calendar, and what was put there."""

    __tablename__ = "caldav_entries"

    booking_id: Mapped[int] = mapped_column(
        ForeignKey("bookings.id", ondelete="CASCADE"), primary_key=True)
    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_members.id", ondelete="CASCADE"), index=True)
    href: Mapped[str] = mapped_column(String(1000))
    # The time as last written, so our own events are not read back as foreign busy times.
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    sequence: Mapped[int] = mapped_column(default=0)
    pushed_at: Mapped[datetime] = mapped_column(default=utcnow)
