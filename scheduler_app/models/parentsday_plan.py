"""The Elternsprechtag plan: appointments, the rows that make overlaps impossible, and the
background jobs that compute plans.

The schema itself refuses a plan in which a teacher or a family holds two talks at once, or
a family has too little time to walk from one room to another:

- `pd_occupancies` (resource, cell) is unique: one row per 5-minute cell of a teacher's
  ("t:ID") and a family's ("f:ID") talk time.
- `pd_family_rooms` (family, cell) is unique and names the one room a family may be in (or
  walking from) during that cell; every appointment adds `pd_family_presences` rows for its
  talk and the walking gap after it, each pointing at (family, cell, room) there by foreign
  key. So two talks in different rooms closer than the gap cannot both exist, while talks
  in the same room may follow each other directly, as the format allows.
"""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, text_enum, utcnow
from .parentsday import Family, ParentsDayTeacher, Student


class AppointmentSource(StrEnum):
    PLAN = "plan"  # from the optimiser or an imported plan
    SELF = "self"  # booked by the family in the self-booking phase
    OFFICE = "office"


class ParentsDayAppointment(Base):
    __tablename__ = "pd_appointments"
    __table_args__ = (
        UniqueConstraint("student_id", "teacher_id"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("pd_events.id", ondelete="CASCADE"),
                                          index=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("pd_families.id", ondelete="CASCADE"),
                                           index=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("pd_teachers.id", ondelete="CASCADE"),
                                            index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("pd_students.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    room: Mapped[str] = mapped_column(String(40))  # the teacher's room key when planned
    source: Mapped[AppointmentSource] = mapped_column(text_enum(AppointmentSource, 10),
                                                      default=AppointmentSource.PLAN)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    family: Mapped[Family] = relationship()
    teacher: Mapped[ParentsDayTeacher] = relationship()
    student: Mapped[Student] = relationship()
    occupancies: Mapped[list[ParentsDayOccupancy]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True)
    presences: Mapped[list[FamilyPresence]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True)


class ParentsDayOccupancy(Base):
    __tablename__ = "pd_occupancies"

    resource: Mapped[str] = mapped_column(String(20), primary_key=True)  # "t:ID" or "f:ID"
    cell: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    appointment_id: Mapped[int] = mapped_column(
        ForeignKey("pd_appointments.id", ondelete="CASCADE"), index=True)


class FamilyRoom(Base):
    """The room a family is bound to during one cell (talk or walking gap)."""

    __tablename__ = "pd_family_rooms"
    __table_args__ = (UniqueConstraint("family_id", "cell", "room"),)

    family_id: Mapped[int] = mapped_column(ForeignKey("pd_families.id", ondelete="CASCADE"),
                                           primary_key=True)
    cell: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    room: Mapped[str] = mapped_column(String(40))


class FamilyPresence(Base):
    __tablename__ = "pd_family_presences"
    __table_args__ = (
        ForeignKeyConstraint(["family_id", "cell", "room"],
                             ["pd_family_rooms.family_id", "pd_family_rooms.cell",
                              "pd_family_rooms.room"],
                             name="fk_pd_family_presences_room", ondelete="CASCADE"),
    )

    appointment_id: Mapped[int] = mapped_column(
        ForeignKey("pd_appointments.id", ondelete="CASCADE"), primary_key=True)
    cell: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    family_id: Mapped[int] = mapped_column(index=True)
    room: Mapped[str] = mapped_column(String(40))


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class PlanningJob(Base):
    """One optimiser run (or one imported plan file), with progress and result."""

    __tablename__ = "pd_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("pd_events.id", ondelete="CASCADE"),
                                          index=True)
    kind: Mapped[str] = mapped_column(String(10), default="solve")  # solve | import
    status: Mapped[JobStatus] = mapped_column(text_enum(JobStatus, 10),
                                              default=JobStatus.QUEUED)
    time_limit: Mapped[float] = mapped_column(default=60.0)
    progress: Mapped[float] = mapped_column(default=0.0)
    figures: Mapped[str] = mapped_column(Text, default="{}")  # JSON: scheduled, priority, ...
    result: Mapped[str | None] = mapped_column(Text)  # the plan, elternsprechtag-plan/1
    error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    applied_at: Mapped[datetime | None]
