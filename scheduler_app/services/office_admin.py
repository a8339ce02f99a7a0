"""The office manages rooms, offerings and closures."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.closures import public_holidays
from ..domain.messages import N_, UserError
from ..models import Closure, ClosureKind, Offering, Room, RoomKind, StaffMember


class OfficeError(UserError):
    """The change cannot be made; the message is German and safe to show."""


# --- rooms --------------------------------------------------------------------------------

def list_rooms(session: Session, *, active_only: bool = False) -> list[Room]:
    query = select(Room).order_by(Room.code)
    if active_only:
        query = query.where(Room.is_active)
    return list(session.scalars(query))


def save_room(session: Session, room: Room | None, *, code: str, name: str, kind: RoomKind,
              is_active: bool = True) -> Room:
    code = code.strip()
    clash = session.scalar(select(Room).where(func.lower(Room.code) == code.lower()))
    if clash is not None and clash is not room:
        raise OfficeError(N_("Diesen Raum gibt es schon."))
    room = room or Room()
    room.code, room.name, room.kind, room.is_active = code, name.strip() or code, kind, is_active
    session.add(room)
    session.commit()
    return room


# --- offerings ----------------------------------------------------------------------------

OFFERING_FIELDS = (
    "staff_id", "kind", "title", "title_en", "description", "in_person", "phone",
    "duration_minutes", "buffer_before_minutes", "buffer_after_minutes", "min_notice_minutes",
    "horizon_days", "max_per_day", "for_parents", "for_students", "confidential",
    "open_in_school_holidays", "topic_enabled", "is_active",
)


def save_offering(session: Session, offering: Offering | None, values: dict,
                  room_ids: list[int]) -> Offering:
    if not (values.get("in_person") or values.get("phone")):
        raise OfficeError(N_("Ein Angebot muss persönlich oder telefonisch buchbar sein."))
    staff = session.get(StaffMember, values["staff_id"])
    if staff is None:
        raise OfficeError(N_("Bitte eine Person wählen."))
    offering = offering or Offering()
    for name in OFFERING_FIELDS:
        setattr(offering, name, values.get(name))
    if offering.confidential:
        offering.topic_enabled = False  # counselling asks for no reason, by the concept
    session.add(offering)
    rooms = [session.get(Room, rid) for rid in room_ids] if offering.in_person else []
    offering.set_rooms(session, [r for r in rooms if r is not None])
    session.commit()
    return offering


# --- closures -----------------------------------------------------------------------------

def closures_of_year(session: Session, year: int) -> list[Closure]:
    return list(session.scalars(select(Closure).where(
        Closure.first_day <= date(year, 12, 31), Closure.last_day >= date(year, 1, 1))
        .order_by(Closure.first_day)))


def holidays_of_year(year: int, language: str = "de") -> list[tuple[date, str]]:
    return sorted(public_holidays(year, language).items())


def add_closure(session: Session, *, kind: ClosureKind, name: str, first_day: date,
                last_day: date) -> Closure:
    if last_day < first_day:
        raise OfficeError(N_("Das Ende liegt vor dem Beginn."))
    duplicate = session.scalar(select(Closure).where(
        Closure.kind == kind, Closure.first_day == first_day, Closure.name == name.strip()))
    if duplicate is not None:
        raise OfficeError(N_("Diese Schließzeit gibt es schon."))
    closure = Closure(kind=kind, name=name.strip(), first_day=first_day, last_day=last_day,
                      source="eingetragen")
    session.add(closure)
    session.commit()
    return closure


def delete_closure(session: Session, closure_id: int) -> bool:
    closure = session.get(Closure, closure_id)
    if closure is None:
        return False
    session.delete(closure)
    session.commit()
    return True
