"""Telling bookers about their bookings, through the outbox.

Every change of a booking calls notify() in the same transaction as the change, so a
notification is never lost and never sent for a change that was rolled back.
"""
from __future__ import annotations

import json
from enum import StrEnum

from sqlalchemy.orm import Session

from ..models import Booking, Channel, OutboxMessage


class Event(StrEnum):
    CONFIRMED = "booking_confirmed"
    CANCELLED_BY_BOOKER = "booking_cancelled_by_booker"
    CANCELLED_BY_STAFF = "booking_cancelled_by_staff"
    MOVED_BY_BOOKER = "booking_moved_by_booker"
    MOVED_BY_STAFF = "booking_moved_by_staff"
    REMINDER = "booking_reminder"


def notify(session: Session, booking: Booking, event: Event, **details) -> OutboxMessage | None:
    """Queues a mail to the booker; without an e-mail address there is nobody to tell."""
    if not booking.booker_email:
        return None
    message = OutboxMessage(channel=Channel.MAIL, topic=event.value, booking_id=booking.id,
                            recipient=booking.booker_email,
                            payload=json.dumps(details, default=str))
    session.add(message)
    return message
