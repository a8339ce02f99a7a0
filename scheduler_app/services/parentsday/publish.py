"""Publishing the plan: one set of appointments that families and teachers both read,
and a mail to each family with its plan and an .ics file, through the outbox."""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from calendars.events import CalendarEvent, build_calendar

from ...domain.messages import N_
from ...domain.time import to_local
from ...models import Channel, Family, OutboxMessage, ParentsDay, ParentsDayAppointment
from .booking import appointments_of_event
from .setup import ParentsDayError

TOPIC = "parentsday_plan"


def calendar_events(appointments: list[ParentsDayAppointment], event: ParentsDay,
                    domain: str, for_teacher: bool = False) -> list[CalendarEvent]:
    result = []
    for a in appointments:
        if for_teacher:
            summary = f"Elternsprechtag: {a.student.first_name} {a.student.last_name} " \
                      f"({a.student.school_class.name})"
        else:
            summary = f"Elternsprechtag: {a.teacher.name} ({a.student.first_name})"
        result.append(CalendarEvent(
            uid=f"pd-{event.id}-{a.student_id}-{a.teacher_id}@{domain}", start=a.starts_at,
            end=a.ends_at, summary=summary, location=a.teacher.room or None,
            last_modified=a.created_at, created=a.created_at))
    return result


def family_ics(appointments: list[ParentsDayAppointment], event: ParentsDay,
               domain: str) -> bytes:
    return build_calendar(calendar_events(appointments, event, domain), method="PUBLISH",
                          name=event.name).to_ical()


def plan_text(family: Family, appointments: list[ParentsDayAppointment], event: ParentsDay,
              url: str) -> str:
    lines = [f"Guten Tag {family.name},", "",
             f"hier ist Ihr Plan für „{event.name}“:", ""]
    for a in appointments:
        start, end = to_local(a.starts_at), to_local(a.ends_at)
        lines.append(f"- {start:%d.%m.%Y %H:%M}–{end:%H:%M}  {a.teacher.name}, Raum "
                     f"{a.teacher.room or '–'} ({a.student.first_name})")
    if not appointments:
        lines.append("- Für Ihre Wünsche war leider kein Termin frei.")
    lines += ["", f"Den Plan finden Sie auch unter {url} (mit Ihrem Zugangscode).",
              "Die angehängte Datei können Sie in Ihren Kalender übernehmen.", ""]
    return "\n".join(lines)


def publish(session: Session, event: ParentsDay, now: datetime, base_url: str) -> int:
    """Marks the plan published and queues one mail per family with an e-mail address.

    Returns the number of mails queued. Both views read the same appointment rows, so
    families and teachers cannot see different plans.
    """
    if event.published_at is not None:
        raise ParentsDayError(N_("Der Plan ist schon veröffentlicht."))
    appointments = appointments_of_event(session, event)
    if not appointments:
        raise ParentsDayError(N_("Es gibt noch keinen Plan: bitte erst einen Plan übernehmen."))
    event.published_at = now
    by_family: dict[int, list[ParentsDayAppointment]] = {}
    for a in appointments:
        by_family.setdefault(a.family_id, []).append(a)
    domain = base_url.split("://", 1)[-1].split("/", 1)[0] or "sprechzeit"
    url = f"{base_url}/elternsprechtag"
    queued = 0
    families = session.scalars(select(Family).where(Family.event_id == event.id)
                               .order_by(Family.id))
    for family in families:
        own = by_family.get(family.id, [])
        if not family.email or not (own or any(w.wanted_by_family for w in family.wishes)):
            continue
        # The keys the outbox sender (services/mail.py) reads: subject, body, ics.
        payload = {
            "subject": f"Ihr Plan für den {event.name}",
            "body": plan_text(family, own, event, url),
            "event_id": event.id, "family_id": family.id,
        }
        if own:
            payload["ics"] = family_ics(own, event, domain).decode()
            payload["ics_method"] = "PUBLISH"
        session.add(OutboxMessage(channel=Channel.MAIL, topic=TOPIC, recipient=family.email,
                                  payload=json.dumps(payload, ensure_ascii=False)))
        queued += 1
    session.commit()
    return queued
