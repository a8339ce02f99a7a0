"""Loading the stored rules of people and rooms into the domain's Availability."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..domain.availability import Availability, RoomAvailability
from ..models import DateRule, DateRuleKind, Room, WeeklyRule


def _date_rules(session: Session, owner, start: datetime, end: datetime):
    return session.scalars(
        select(DateRule).where(owner, DateRule.ends_at > start, DateRule.starts_at < end))


def person_availability(session: Session, staff_id: int, start: datetime, end: datetime,
                        offering_id: int | None = None) -> Availability:
    weekly = session.scalars(select(WeeklyRule).where(
        WeeklyRule.staff_id == staff_id,
        or_(WeeklyRule.offering_id.is_(None), WeeklyRule.offering_id == offering_id)))
    dated = list(_date_rules(session, DateRule.staff_id == staff_id, start, end))
    return Availability(
        weekly=[w.to_domain() for w in weekly],
        extra=[r.interval() for r in dated if r.kind == DateRuleKind.EXTRA],
        blocked=[r.interval() for r in dated if r.kind == DateRuleKind.BLOCKED],
    )


def room_availability(session: Session, room: Room, start: datetime,
                      end: datetime) -> RoomAvailability:
    """A room without any opening rule is open whenever it is not blocked."""
    weekly = [w.to_domain() for w in session.scalars(
        select(WeeklyRule).where(WeeklyRule.room_id == room.id))]
    dated = list(_date_rules(session, DateRule.room_id == room.id, start, end))
    extra = [r.interval() for r in dated if r.kind == DateRuleKind.EXTRA]
    has_rules = bool(weekly) or bool(session.scalar(
        select(DateRule.id).where(DateRule.room_id == room.id,
                                  DateRule.kind == DateRuleKind.EXTRA).limit(1)))
    return RoomAvailability(room.id, room.label, Availability(
        weekly=weekly, extra=extra,
        blocked=[r.interval() for r in dated if r.kind == DateRuleKind.BLOCKED],
        always_open=not has_rules))
