"""Offerings: what can be booked, with whom, how, where and under which limits."""
from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    delete,
    insert,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.slots import OfferingRules
from .base import Base, text_enum
from .room import Room
from .staff import StaffMember


class OfferingKind(StrEnum):
    COUNSELLING = "counselling"  # Beratungslehrkraft
    SOCIAL_WORK = "social_work"  # Schulsozialarbeit
    DEINE_CHANCE = "deine_chance"
    TEACHER_TALK = "teacher_talk"  # class or subject teacher


offering_rooms = Table(
    "offering_rooms",
    Base.metadata,
    Column("offering_id", ForeignKey("offerings.id", ondelete="CASCADE"), primary_key=True),
    Column("room_id", ForeignKey("rooms.id", ondelete="CASCADE"), primary_key=True),
    Column("preference", Integer, nullable=False, default=0),
)


class Offering(Base):
    __tablename__ = "offerings"
    __table_args__ = (
        CheckConstraint("in_person OR phone", name="some_mode"),
        CheckConstraint("duration_minutes > 0 AND duration_minutes % 5 = 0", name="duration"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id"), index=True)
    kind: Mapped[OfferingKind] = mapped_column(text_enum(OfferingKind, 20))
    title: Mapped[str] = mapped_column(String(160))
    title_en: Mapped[str | None] = mapped_column(String(160))
    description: Mapped[str | None] = mapped_column(String(2000))
    in_person: Mapped[bool] = mapped_column(default=True)
    phone: Mapped[bool] = mapped_column(default=False)
    duration_minutes: Mapped[int] = mapped_column(default=30)
    buffer_before_minutes: Mapped[int] = mapped_column(default=0)
    buffer_after_minutes: Mapped[int] = mapped_column(default=0)
    min_notice_minutes: Mapped[int] = mapped_column(default=24 * 60)
    horizon_days: Mapped[int] = mapped_column(default=56)
    max_per_day: Mapped[int | None]
    for_parents: Mapped[bool] = mapped_column(default=True)
    for_students: Mapped[bool] = mapped_column(default=False)
    confidential: Mapped[bool] = mapped_column(default=False)
    open_in_school_holidays: Mapped[bool] = mapped_column(default=False)
    topic_enabled: Mapped[bool] = mapped_column(default=True)
    is_active: Mapped[bool] = mapped_column(default=True)

    staff: Mapped[StaffMember] = relationship(lazy="joined")
    # Written only through set_rooms(), which keeps the order of preference.
    rooms: Mapped[list[Room]] = relationship(
        secondary=offering_rooms, order_by=offering_rooms.c.preference, lazy="selectin",
        viewonly=True,
    )

    def set_rooms(self, session, rooms: list[Room]) -> None:
        """Sets the rooms this offering may use, the first preferred."""
        session.flush()
        session.execute(delete(offering_rooms).where(offering_rooms.c.offering_id == self.id))
        if rooms:
            session.execute(insert(offering_rooms), [
                {"offering_id": self.id, "room_id": room.id, "preference": i}
                for i, room in enumerate(rooms)])
        session.expire(self, ["rooms"])

    @property
    def rules(self) -> OfferingRules:
        """The offering as the slot engine sees it."""
        return OfferingRules(
            duration=timedelta(minutes=self.duration_minutes),
            buffer_before=timedelta(minutes=self.buffer_before_minutes),
            buffer_after=timedelta(minutes=self.buffer_after_minutes),
            min_notice=timedelta(minutes=self.min_notice_minutes),
            horizon=timedelta(days=self.horizon_days),
            max_per_day=self.max_per_day,
            in_person=self.in_person,
            phone=self.phone,
            open_in_school_holidays=self.open_in_school_holidays,
        )
