"""iCal feeds: secret feed tokens, and bookings as calendar events for each kind of reader.

What an event shows depends on who reads it. The staff member's own (private) feed and
their own CalDAV calendar show the booker's name and the mode; a busy feed (a room, or a
person's times shared with colleagues) shows only "belegt", never a name, a mode or a topic,
so nothing about a counselling talk leaks through a shared calendar.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from calendars.events import CalendarEvent
from calendars.feeds import FeedDocument, render_feed

from ..domain.messages import N_, UserError
from ..models import (
    Booking,
    BookingStatus,
    FeedPurpose,
    FeedToken,
    Mode,
    Room,
    StaffMember,
)

BUSY_SUMMARY = "belegt"
# Past appointments stay in a feed for a while, so last month's talks remain visible.
FEED_PAST = timedelta(days=90)
FEED_REFRESH = timedelta(minutes=15)
MODE_LABELS = {Mode.IN_PERSON: "vor Ort", Mode.PHONE: "Telefon"}


class FeedError(UserError):
    """A feed cannot be issued as asked (unknown person or room, wrong purpose)."""


def hash_feed_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/feeds/{token}.ics"


def uid_host(base_url: str) -> str:
    return urlsplit(base_url).hostname or "sprechzeit.invalid"


# --- tokens -----------------------------------------------------------------------------


def _owner_filter(staff: StaffMember | None, room: Room | None):
    if (staff is None) == (room is None):
        raise FeedError(N_("Ein Feed gehört genau einer Person oder einem Raum."))
    return FeedToken.staff_id == staff.id if staff else FeedToken.room_id == room.id


def active_tokens(session: Session, *, staff: StaffMember | None = None,
                  room: Room | None = None, purpose: FeedPurpose | None = None) -> list[FeedToken]:
    query = select(FeedToken).where(_owner_filter(staff, room), FeedToken.revoked_at.is_(None))
    if purpose is not None:
        query = query.where(FeedToken.purpose == purpose)
    return list(session.scalars(query.order_by(FeedToken.id)))


def revoke_feed(session: Session, now: datetime, *, staff: StaffMember | None = None,
                room: Room | None = None, purpose: FeedPurpose | None = None) -> int:
    """Revokes the active tokens of an owner (of one purpose); their URLs answer 404."""
    tokens = active_tokens(session, staff=staff, room=room, purpose=purpose)
    for token in tokens:
        token.revoked_at = now
    session.flush()
    return len(tokens)


def issue_feed(session: Session, now: datetime, *, staff: StaffMember | None = None,
               room: Room | None = None, purpose: FeedPurpose | None = None) -> str:
    """Issues a new feed token and revokes the owner's previous one of the same purpose.

    Returns the token itself, which is shown once: the database keeps only its hash, so
    a lost URL can only be replaced, never shown again.
    """
    purpose = purpose or (FeedPurpose.PRIVATE if staff else FeedPurpose.BUSY)
    if room is not None and purpose != FeedPurpose.BUSY:
        raise FeedError(N_("Ein Raum hat nur einen Belegt-Feed."))
    revoke_feed(session, now, staff=staff, room=room, purpose=purpose)
    token = secrets.token_urlsafe(32)  # 256 random bits
    session.add(FeedToken(token_hash=hash_feed_token(token), purpose=purpose, created_at=now,
                          staff_id=staff.id if staff else None,
                          room_id=room.id if room else None))
    session.flush()
    return token


def room_feeds(session: Session) -> list[tuple[Room, FeedToken | None]]:
    """Every active room with its active busy feed token, if any."""
    tokens = {t.room_id: t for t in session.scalars(select(FeedToken).where(
        FeedToken.room_id.is_not(None), FeedToken.revoked_at.is_(None)))}
    rooms = session.scalars(select(Room).where(Room.is_active).order_by(Room.code))
    return [(room, tokens.get(room.id)) for room in rooms]


def find_feed_token(session: Session, token: str) -> FeedToken | None:
    """The active feed token for a URL's token, or None (unknown, revoked, owner gone)."""
    if not token or len(token) > 200:
        return None
    row = session.scalar(select(FeedToken).where(FeedToken.token_hash == hash_feed_token(token)))
    if row is None or not row.is_active:
        return None
    if row.staff is not None and not row.staff.is_active:
        return None  # a deactivated account's feeds stop with it
    return row


# --- events -----------------------------------------------------------------------------


def appointment_url(base_url: str, booking: Booking) -> str:
    """The booking's page in the staff workspace (sign-in required)."""
    return f"{base_url.rstrip('/')}/workspace/appointments/{booking.id}"


def booking_event(booking: Booking, *, host: str, private: bool,
                  base_url: str | None = None) -> CalendarEvent:
    """A booking as a calendar event: name and mode for its staff member, else "belegt".

    Even the private version carries no contact data and no topic: feeds and CalDAV
    calendars are read by third-party services (the school's, Google's, Apple's), so the
    phone number and e-mail stay in Sprechzeit, one click away through the event's URL.
    """
    common = {"start": booking.starts_at, "end": booking.ends_at,
              "sequence": booking.sequence, "created": booking.created_at,
              "last_modified": booking.updated_at}
    location = booking.room.label if booking.room else None
    if not private:
        # No place either: where a counsellor is says which talk it is (B0.05 is counselling).
        return CalendarEvent(uid=f"booking-{booking.id}-busy@{host}", summary=BUSY_SUMMARY,
                             **common)
    mode = MODE_LABELS[booking.mode]
    url = appointment_url(base_url, booking) if base_url else None
    lines = [booking.offering.title, f"Art: {mode}"]
    if url:
        lines.append(f"Kontakt und Details in Sprechzeit: {url}")
    return CalendarEvent(uid=f"booking-{booking.id}@{host}",
                         summary=f"{booking.booker_name} ({mode})",
                         location=location or MODE_LABELS[Mode.PHONE],
                         description="\n".join(lines), url=url, **common)


@dataclass(frozen=True)
class FeedContent:
    name: str
    events: list[CalendarEvent]
    changed_at: datetime


def _feed_bookings(session: Session, feed: FeedToken, since: datetime):
    owner = (Booking.staff_id == feed.staff_id if feed.staff_id is not None
             else Booking.room_id == feed.room_id)
    return select(Booking).where(owner, Booking.ends_at > since)


def feed_content(session: Session, feed: FeedToken, base_url: str, now: datetime) -> FeedContent:
    """The events of a feed and the time it last changed (for Last-Modified)."""
    query = _feed_bookings(session, feed, now - FEED_PAST)
    bookings = session.scalars(
        query.where(Booking.status != BookingStatus.CANCELLED).order_by(Booking.starts_at)
        .options(selectinload(Booking.room), selectinload(Booking.offering)))
    private = feed.purpose == FeedPurpose.PRIVATE
    host = uid_host(base_url)
    events = [booking_event(b, host=host, private=private, base_url=base_url)
              for b in bookings]
    # Cancelled bookings leave the feed, but their cancellation is a change of the feed.
    latest = session.scalar(query.with_only_columns(func.max(Booking.updated_at)))
    changed_at = max(filter(None, [latest, feed.created_at]))
    if feed.staff_id is not None:
        # A teacher's published Elternsprechtag talks belong in their feed too.
        from .parentsday.feed import staff_events

        extra, extra_changed = staff_events(session, feed.staff_id, host, private,
                                            now - FEED_PAST)
        events = sorted(events + extra, key=lambda e: e.start)
        changed_at = max(filter(None, [changed_at, extra_changed]))
    if feed.room is not None:
        name = f"Sprechzeit – Raum {feed.room.label} ({BUSY_SUMMARY})"
    elif private:
        name = f"Sprechzeit – {feed.staff.display_name}"
    else:
        name = f"Sprechzeit – {feed.staff.display_name} ({BUSY_SUMMARY})"
    return FeedContent(name, events, changed_at)


def render_feed_for(session: Session, feed: FeedToken, base_url: str,
                    now: datetime) -> FeedDocument:
    """The feed document; records on the token when its content last changed.

    Last-Modified is normally the latest change of a booking in the feed. When the content
    changed without such a row (a booking moved into another room), the time the change
    was first seen is used instead, so If-Modified-Since never hides a change.
    """
    content = feed_content(session, feed, base_url, now)
    doc = render_feed(content.events, name=content.name, changed_at=content.changed_at,
                      refresh=FEED_REFRESH)
    if feed.content_etag != doc.etag:
        changed = content.changed_at
        if feed.content_changed_at is not None and changed <= feed.content_changed_at:
            changed = max(now, feed.content_changed_at + timedelta(seconds=1))
        feed.content_etag, feed.content_changed_at = doc.etag, changed
    feed.last_used_at = now
    if feed.content_changed_at != content.changed_at:
        doc = render_feed(content.events, name=content.name,
                          changed_at=feed.content_changed_at, refresh=FEED_REFRESH)
    return doc
