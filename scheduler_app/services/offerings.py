"""Reading offerings."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Offering


class UnknownOffering(LookupError):
    pass


def list_offerings(session: Session, *, include_inactive: bool = False) -> list[Offering]:
    query = select(Offering).order_by(Offering.id)
    if not include_inactive:
        query = query.where(Offering.is_active)
    return list(session.scalars(query))


def get_offering(session: Session, offering_id: int) -> Offering:
    offering = session.get(Offering, offering_id)
    if offering is None or not offering.is_active:
        raise UnknownOffering(f"no active offering with id {offering_id}")
    return offering
