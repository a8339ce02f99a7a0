"""Reading offerings."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Offering, StaffMember


class UnknownOffering(LookupError):
    pass


# Ids are 32-bit integer columns; a larger number (from the command line; URLs are held to
# it by web.IdConverter) cannot be one, and SQLite would raise OverflowError binding it.
MAX_ID = 2**31 - 1


def is_bookable(offering: Offering) -> bool:
    """Active, and its person still works here: a deactivated account's offers vanish."""
    return offering.is_active and offering.staff.is_active


def list_offerings(session: Session, *, include_inactive: bool = False) -> list[Offering]:
    query = select(Offering).order_by(Offering.id)
    if not include_inactive:
        query = query.join(StaffMember, Offering.staff_id == StaffMember.id).where(
            Offering.is_active, StaffMember.is_active)
    return list(session.scalars(query).unique())


def get_offering(session: Session, offering_id: int) -> Offering:
    if not 0 < offering_id <= MAX_ID:
        raise UnknownOffering(f"no active offering with id {offering_id}")
    offering = session.get(Offering, offering_id)
    if offering is None or not is_bookable(offering):
        raise UnknownOffering(f"no active offering with id {offering_id}")
    return offering
