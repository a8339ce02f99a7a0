"""The transactional outbox: messages written in the same transaction as their cause."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, text_enum, utcnow


class Channel(StrEnum):
    MAIL = "mail"
    CALDAV = "caldav"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    # Taken by a sender until next_attempt_at (CalDAV): being delivered, with no database
    # lock held meanwhile. A lease that runs out makes the message due again.
    LEASED = "leased"
    SENT = "sent"
    FAILED = "failed"  # gave up after the last retry; shown to the office


class OutboxMessage(Base):
    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[Channel] = mapped_column(text_enum(Channel, 10))
    topic: Mapped[str] = mapped_column(String(40))  # e.g. booking_confirmed, caldav_put
    booking_id: Mapped[int | None] = mapped_column(
        ForeignKey("bookings.id", ondelete="SET NULL"), index=True)
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_members.id", ondelete="CASCADE"))
    recipient: Mapped[str | None] = mapped_column(String(254))
    payload: Mapped[str] = mapped_column(Text, default="{}")  # JSON, channel-specific
    status: Mapped[OutboxStatus] = mapped_column(text_enum(OutboxStatus, 10),
                                                 default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
