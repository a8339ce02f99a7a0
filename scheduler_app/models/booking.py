"""Bookings and the occupancy rows that make the schema refuse double bookings."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.time import grid_cells
from .base import Base, text_enum, utcnow
from .offering import Offering
from .room import Room
from .staff import StaffMember


class BookingStatus(StrEnum):
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"  # recorded by the counsellor afterwards, for the statistics


class Mode(StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"


class BookerKind(StrEnum):
    PARENT = "parent"
    STUDENT = "student"


class Booking(Base):
    __tablename__ = "bookings"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("mode = 'in_person' OR room_id IS NULL", name="phone_has_no_room"),
        Index("ix_bookings_staff_time", "staff_id", "starts_at"),
        Index("ix_bookings_room_time", "room_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    offering_id: Mapped[int] = mapped_column(ForeignKey("offerings.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id"))
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id"))
    mode: Mapped[Mode] = mapped_column(text_enum(Mode, 10))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    status: Mapped[BookingStatus] = mapped_column(
        text_enum(BookingStatus, 10), default=BookingStatus.CONFIRMED)
    # The least the school needs to hold the talk: a name (or a student's pseudonym) and a
    # way to reach the booker. Deleted on a schedule once the talk is past.
    booker_kind: Mapped[BookerKind] = mapped_column(
        text_enum(BookerKind, 10), default=BookerKind.PARENT)
    booker_name: Mapped[str] = mapped_column(String(120))
    booker_email: Mapped[str | None] = mapped_column(String(254))
    booker_phone: Mapped[str | None] = mapped_column(String(40))
    topic: Mapped[str | None] = mapped_column(String(500))
    manage_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # A short code to quote on the phone, for students who book without an e-mail address.
    booking_code: Mapped[str | None] = mapped_column(String(12), unique=True)
    sequence: Mapped[int] = mapped_column(default=0)  # iCalendar SEQUENCE
    # The language the booker used, so later mails (reminder, staff changes) speak it too.
    locale: Mapped[str] = mapped_column(String(5), default="de", server_default="de")
    # The start time the day-before reminder was queued for; a moved talk gets a new one.
    reminder_for: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    cancelled_at: Mapped[datetime | None]
    # When the booker's data was removed after the retention period (services/retention.py);
    # what is left (offering, person, room, mode, times, status) still feeds the statistics.
    anonymised_at: Mapped[datetime | None]

    offering: Mapped[Offering] = relationship()
    staff: Mapped[StaffMember] = relationship()
    room: Mapped[Room | None] = relationship()
    occupancies: Mapped[list[Occupancy]] = relationship(
        back_populates="booking", cascade="all, delete-orphan")

    @property
    def is_active(self) -> bool:
        return self.status != BookingStatus.CANCELLED

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    def resources(self) -> list[str]:
        keys = [f"staff:{self.staff_id}"]
        if self.room_id is not None:
            keys.append(f"room:{self.room_id}")
        return keys

    def claim_time(self) -> None:
        """(Re)create the occupancy rows of an active booking.

        Each row claims one 5-minute cell of one person or room; the primary key on
        (resource, cell) is what refuses a second booking of the same time, on every
        database and under any concurrency.
        """
        self.occupancies = [
            Occupancy(resource=key, cell=cell)
            for key in self.resources()
            for cell in grid_cells(self.starts_at, self.ends_at)
        ]

    def release_time(self) -> None:
        self.occupancies = []


class Occupancy(Base):
    __tablename__ = "occupancies"

    resource: Mapped[str] = mapped_column(String(20), primary_key=True)
    cell: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    booking_id: Mapped[int] = mapped_column(
        ForeignKey("bookings.id", ondelete="CASCADE"), index=True)

    booking: Mapped[Booking] = relationship(back_populates="occupancies")
