"""A staff member edits their own availability and previews the slots it yields."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.availability import WeekParity
from ..domain.messages import N_, UserError
from ..domain.slots import Slot
from ..domain.time import local_date
from ..models import DateRule, DateRuleKind, Offering, StaffMember, WeeklyRule
from .slots import slots_for


class RuleError(UserError):
    """The rule cannot be saved; the message is German and safe to show."""


@dataclass(frozen=True)
class OfferingPreview:
    offering: Offering
    days: dict[date, list[Slot]]

    @property
    def count(self) -> int:
        return sum(len(slots) for slots in self.days.values())


def weekly_rules(session: Session, owner_filter) -> list[WeeklyRule]:
    return list(session.scalars(select(WeeklyRule).where(owner_filter).order_by(
        WeeklyRule.weekday, WeeklyRule.start_time)))


def date_rules(session: Session, owner_filter, since: datetime) -> list[DateRule]:
    return list(session.scalars(select(DateRule).where(
        owner_filter, DateRule.ends_at > since).order_by(DateRule.starts_at)))


def own_offerings(session: Session, staff: StaffMember) -> list[Offering]:
    return list(session.scalars(select(Offering).where(
        Offering.staff_id == staff.id).order_by(Offering.title)))


def add_weekly(session: Session, *, weekday: int, start: time, end: time,
               valid_from: date | None = None, valid_until: date | None = None,
               parity: WeekParity | None = None, offering_id: int | None = None,
               staff: StaffMember | None = None, room_id: int | None = None) -> WeeklyRule:
    if end <= start:
        raise RuleError(N_("Das Ende muss nach dem Beginn liegen."))
    if valid_from and valid_until and valid_until < valid_from:
        raise RuleError(N_("„Gültig bis“ liegt vor „Gültig ab“."))
    if offering_id is not None and staff is not None:
        offering = session.get(Offering, offering_id)
        if offering is None or offering.staff_id != staff.id:
            raise RuleError(N_("Dieses Angebot gehört nicht Ihnen."))
    rule = WeeklyRule(staff_id=staff.id if staff else None, room_id=room_id,
                      offering_id=offering_id, weekday=weekday, start_time=start,
                      end_time=end, valid_from=valid_from, valid_until=valid_until,
                      parity=parity)
    session.add(rule)
    session.commit()
    return rule


def add_date_rule(session: Session, *, kind: DateRuleKind, starts_at: datetime,
                  ends_at: datetime, note: str | None = None,
                  staff: StaffMember | None = None, room_id: int | None = None,
                  now: datetime | None = None) -> DateRule:
    if ends_at <= starts_at:
        raise RuleError(N_("Das Ende muss nach dem Beginn liegen."))
    if now is not None and ends_at <= now:
        # It would be stored, never act and never be listed: a wrong year, most likely.
        raise RuleError(N_("Dieser Zeitraum ist schon vorbei."))
    rule = DateRule(staff_id=staff.id if staff else None, room_id=room_id, kind=kind,
                    starts_at=starts_at, ends_at=ends_at, note=note or None)
    session.add(rule)
    session.commit()
    return rule


def delete_rule(session: Session, model, rule_id: int, *, staff_id: int | None = None,
                room_id: int | None = None) -> bool:
    """Deletes one rule of this owner; False when it is not theirs or gone already."""
    rule = session.get(model, rule_id)
    if rule is None or rule.staff_id != staff_id or rule.room_id != room_id:
        return False
    session.delete(rule)
    session.commit()
    return True


def preview(session: Session, staff: StaffMember, now: datetime,
            weeks: int = 3) -> list[OfferingPreview]:
    """The slots parents and students would see for each active own offering."""
    first = local_date(now)
    last = first + timedelta(days=7 * weeks - 1)
    result = []
    for offering in own_offerings(session, staff):
        if not offering.is_active:
            continue
        by_day: dict[date, list[Slot]] = {}
        for slot in slots_for(session, offering, first, last, now):
            by_day.setdefault(local_date(slot.start), []).append(slot)
        result.append(OfferingPreview(offering, by_day))
    return result
