"""SQLAlchemy models, one module per aggregate."""
from .availability import DateRule, DateRuleKind, WeeklyRule
from .base import Base
from .calendar import BusyInterval, CalDAVConnection, CalDAVEntry, FeedPurpose, FeedToken
from .booking import BookerKind, Booking, BookingStatus, Mode, Occupancy
from .closure import Closure, ClosureKind
from .outbox import Channel, OutboxMessage, OutboxStatus
from .parentsday import (
    Family,
    FamilyWindow,
    ParentsDay,
    ParentsDayBreak,
    ParentsDayDay,
    ParentsDayTeacher,
    SchoolClass,
    Student,
    Wish,
)
from .parentsday_plan import (
    AppointmentSource,
    FamilyPresence,
    FamilyRoom,
    JobStatus,
    ParentsDayAppointment,
    ParentsDayOccupancy,
    PlanningJob,
)
from .offering import Offering, OfferingKind, offering_rooms
from .room import Room, RoomKind
from .staff import Role, StaffMember
from .throttle import LoginAttempt

__all__ = [
    "AppointmentSource",
    "Family",
    "FamilyPresence",
    "FamilyRoom",
    "FamilyWindow",
    "JobStatus",
    "ParentsDay",
    "ParentsDayAppointment",
    "ParentsDayBreak",
    "ParentsDayDay",
    "ParentsDayOccupancy",
    "ParentsDayTeacher",
    "PlanningJob",
    "SchoolClass",
    "Student",
    "Wish",
    "Base",
    "BookerKind",
    "Booking",
    "BookingStatus",
    "BusyInterval",
    "CalDAVConnection",
    "CalDAVEntry",
    "Channel",
    "Closure",
    "ClosureKind",
    "DateRule",
    "DateRuleKind",
    "FeedPurpose",
    "FeedToken",
    "LoginAttempt",
    "Mode",
    "Occupancy",
    "Offering",
    "OfferingKind",
    "OutboxMessage",
    "OutboxStatus",
    "Role",
    "Room",
    "RoomKind",
    "StaffMember",
    "WeeklyRule",
    "offering_rooms",
]
