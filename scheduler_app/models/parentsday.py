"""The Elternsprechtag (parents' day): the event, its people and the families' wishes.

Everything hangs off one event, so deleting the event after the day deletes the personal
data collected for it (students, families, wishes) in one go.
"""
from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .staff import StaffMember

CASCADE = "all, delete-orphan"


class ParentsDay(Base):
    __tablename__ = "pd_events"
    __table_args__ = (
        CheckConstraint("slot_minutes IN (10, 15)", name="slot_minutes"),
        CheckConstraint("transition_minutes >= 0 AND transition_minutes <= 30",
                        name="transition_minutes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    slot_minutes: Mapped[int] = mapped_column(default=10)
    # The walking gap a family needs between two talks in different rooms.
    transition_minutes: Mapped[int] = mapped_column(default=5)
    wishes_open_at: Mapped[datetime | None]
    wishes_close_at: Mapped[datetime | None]
    publish_planned_at: Mapped[datetime | None]
    self_booking_opens_at: Mapped[datetime | None]
    # Set when the office publishes; before that families and teachers see no plan.
    published_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    days: Mapped[list[ParentsDayDay]] = relationship(
        back_populates="event", cascade=CASCADE, order_by="ParentsDayDay.day")
    all_breaks: Mapped[list[ParentsDayBreak]] = relationship(
        back_populates="event", cascade=CASCADE, overlaps="breaks")
    teachers: Mapped[list[ParentsDayTeacher]] = relationship(
        back_populates="event", cascade=CASCADE, order_by="ParentsDayTeacher.code")
    classes: Mapped[list[SchoolClass]] = relationship(
        back_populates="event", cascade=CASCADE, order_by="SchoolClass.name")
    families: Mapped[list[Family]] = relationship(
        back_populates="event", cascade=CASCADE, order_by="Family.name")

    @property
    def breaks(self) -> list[ParentsDayBreak]:
        """The breaks of the whole event (not those of single teachers)."""
        return sorted((b for b in self.all_breaks if b.teacher_id is None),
                      key=lambda b: (b.day or date.min, b.start_time))

    def phase(self, now: datetime) -> str:
        """Where the event stands: setup, wishes, closed, published or self_booking."""
        if self.published_at is not None:
            if self.self_booking_opens_at is not None and now >= self.self_booking_opens_at:
                return "self_booking"
            return "published"
        if self.wishes_open_at is not None and now >= self.wishes_open_at:
            if self.wishes_close_at is None or now < self.wishes_close_at:
                return "wishes"
            return "closed"
        return "setup"


class ParentsDayDay(Base):
    __tablename__ = "pd_days"
    __table_args__ = (
        UniqueConstraint("event_id", "day"),
        CheckConstraint("end_time > start_time", name="end_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("pd_events.id", ondelete="CASCADE"))
    day: Mapped[date]
    start_time: Mapped[time]  # Berlin wall-clock
    end_time: Mapped[time]

    event: Mapped[ParentsDay] = relationship(back_populates="days")


class ParentsDayBreak(Base):
    """A break of the whole event (teacher_id empty) or of one teacher."""

    __tablename__ = "pd_breaks"
    __table_args__ = (CheckConstraint("end_time > start_time", name="end_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("pd_events.id", ondelete="CASCADE"),
                                          index=True)
    teacher_id: Mapped[int | None] = mapped_column(
        ForeignKey("pd_teachers.id", ondelete="CASCADE"), index=True)
    day: Mapped[date | None]  # empty: every day of the event
    start_time: Mapped[time]
    end_time: Mapped[time]

    event: Mapped[ParentsDay] = relationship(back_populates="all_breaks")


class ParentsDayTeacher(Base):
    """A staff member's participation: room, late start, early leave and breaks."""

    __tablename__ = "pd_teachers"
    __table_args__ = (UniqueConstraint("event_id", "code"),
                      UniqueConstraint("event_id", "staff_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("pd_events.id", ondelete="CASCADE"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id", ondelete="CASCADE"),
                                          index=True)
    code: Mapped[str] = mapped_column(String(20))  # the school's Kürzel, e.g. "MUE"
    room: Mapped[str | None] = mapped_column(String(40))
    late_start: Mapped[time | None]
    early_leave: Mapped[time | None]

    event: Mapped[ParentsDay] = relationship(back_populates="teachers")
    staff: Mapped[StaffMember] = relationship()
    breaks: Mapped[list[ParentsDayBreak]] = relationship(
        cascade=CASCADE, overlaps="all_breaks",
        order_by="(ParentsDayBreak.day, ParentsDayBreak.start_time)")

    @property
    def name(self) -> str:
        return self.staff.display_name

    @property
    def room_key(self) -> str:
        """Who shares a room: talks in one room need no walking gap between them."""
        return (self.room or f"#{self.id}")[:40]


class SchoolClass(Base):
    __tablename__ = "pd_classes"
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("pd_events.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(20))

    event: Mapped[ParentsDay] = relationship(back_populates="classes")
    students: Mapped[list[Student]] = relationship(
        back_populates="school_class", order_by="(Student.last_name, Student.first_name)")


class Family(Base):
    """The guardians of one or more siblings; they log in with one access code."""

    __tablename__ = "pd_families"
    __table_args__ = (UniqueConstraint("event_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("pd_events.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(80))  # family key or guardian e-mail, lower case
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    # Only a hash: the code itself is derived from the secret key when a letter is printed.
    access_code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    code_version: Mapped[int] = mapped_column(default=0)

    event: Mapped[ParentsDay] = relationship(back_populates="families")
    students: Mapped[list[Student]] = relationship(
        back_populates="family", order_by="Student.first_name")
    windows: Mapped[list[FamilyWindow]] = relationship(
        back_populates="family", cascade=CASCADE,
        order_by="(FamilyWindow.day, FamilyWindow.start_time)")
    wishes: Mapped[list[Wish]] = relationship(back_populates="family", cascade=CASCADE)


class Student(Base):
    __tablename__ = "pd_students"
    __table_args__ = (UniqueConstraint("event_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("pd_events.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))  # the id from the school's export
    class_id: Mapped[int] = mapped_column(ForeignKey("pd_classes.id", ondelete="CASCADE"),
                                          index=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("pd_families.id", ondelete="CASCADE"),
                                           index=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))

    school_class: Mapped[SchoolClass] = relationship(back_populates="students")
    family: Mapped[Family] = relationship(back_populates="students")

    @property
    def label(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.school_class.name})"


class FamilyWindow(Base):
    """A time the family can come; a family without windows can come any time."""

    __tablename__ = "pd_family_windows"
    __table_args__ = (CheckConstraint("end_time > start_time", name="end_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("pd_families.id", ondelete="CASCADE"),
                                           index=True)
    day: Mapped[date]
    start_time: Mapped[time]
    end_time: Mapped[time]

    family: Mapped[Family] = relationship(back_populates="windows")


class Wish(Base):
    """A talk a family wants (priority 1-3) or a teacher requires (`required`)."""

    __tablename__ = "pd_wishes"
    __table_args__ = (
        UniqueConstraint("student_id", "teacher_id"),
        CheckConstraint("priority BETWEEN 1 AND 3", name="priority_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("pd_events.id", ondelete="CASCADE"),
                                          index=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("pd_families.id", ondelete="CASCADE"),
                                           index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("pd_students.id", ondelete="CASCADE"))
    teacher_id: Mapped[int] = mapped_column(ForeignKey("pd_teachers.id", ondelete="CASCADE"),
                                            index=True)
    priority: Mapped[int] = mapped_column(default=1)
    required: Mapped[bool] = mapped_column(default=False)  # set by the teacher
    wanted_by_family: Mapped[bool] = mapped_column(default=True)
    entered_by: Mapped[str] = mapped_column(String(10), default="family")  # family|office|teacher
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    family: Mapped[Family] = relationship(back_populates="wishes")
    student: Mapped[Student] = relationship()
    teacher: Mapped[ParentsDayTeacher] = relationship()
