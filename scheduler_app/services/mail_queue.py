"""Queueing staff mails (password reset, invitation) in the outbox.

The outbox sender delivers them; queueing in the same transaction as the cause means a
mail is never sent for a change that was rolled back.
"""
from __future__ import annotations

import json

from sqlalchemy.orm import Session

from ..models import Channel, OutboxMessage


def enqueue_mail(session: Session, *, topic: str, recipient: str, subject: str, body: str,
                 staff_id: int | None = None) -> OutboxMessage:
    message = OutboxMessage(channel=Channel.MAIL, topic=topic, recipient=recipient,
                            staff_id=staff_id,
                            payload=json.dumps({"subject": subject, "body": body}))
    session.add(message)
    return message
