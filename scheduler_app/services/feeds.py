"""iCal feeds: secret feed tokens, and bookings as calendar events for each kind of reader.

What an event shows depends on who reads it. The staff member's own (private) feed and
their own CalDAV calendar show the booker's name and the mode; a busy feed (a room, or a
person's times shared with colleagues) shows only "belegt", never a name, a mode or a topic,
so nothing about a counselling talk leaks through a shared calendar.
"""
from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlsplit

from sqlalchemy import Row, and_, case, func, select
from sqlalchemy.orm import Session, joinedload

from calendars.events import CalendarEvent
from calendars.feeds import FeedDocument, key_etag, render_feed

from ..domain.messages import N_, UserError
from ..domain.time import local_date, local_to_utc
from ..models import (
    Booking,
    BookingStatus,
    FeedPurpose,
    FeedToken,
    Mode,
    Offering,
    Room,
    StaffMember,
)

BUSY_SUMMARY = "belegt"
# In place of the booker's name once it was removed after the retention period.
ANONYMISED_NAME = "anonymisiert"
# Past appointments stay in a feed for a while, so last month's talks remain visible.
FEED_PAST = timedelta(days=90)
FEED_REFRESH = timedelta(minutes=15)
# Part of every feed's ETag: raise it when what a feed shows or how it is written changes,
# so that no client keeps a copy in the old form on a 304.
FEED_FORMAT = 2
# How often a polled feed records its last use (a write on every poll would cost more
# than the whole 304 answer).
LAST_USED_PRECISION = timedelta(hours=1)
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
    row = session.scalar(select(FeedToken).where(FeedToken.token_hash == hash_feed_token(token))
                         .options(joinedload(FeedToken.staff), joinedload(FeedToken.room)))
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
    return _event(booking, booking.room.label if booking.room else None,
                  booking.offering.title if private else "", host=host, private=private,
                  base_url=base_url)


def _event(booking, room_label: str | None, offering_title: str, *, host: str, private: bool,
           base_url: str | None) -> CalendarEvent:
    """The event of a booking or of a row with its columns (id, times, sequence, stamps,
    mode, booker_name, anonymised_at); a feed passes rows, which are much cheaper to load
    than objects."""
    common = {"start": booking.starts_at, "end": booking.ends_at,
              "sequence": booking.sequence, "created": booking.created_at,
              "last_modified": booking.updated_at}
    if not private:
        # No place either: where a counsellor is says which talk it is (B0.05 is counselling).
        return CalendarEvent(uid=f"booking-{booking.id}-busy@{host}", summary=BUSY_SUMMARY,
                             **common)
    mode = MODE_LABELS[booking.mode]
    url = appointment_url(base_url, booking) if base_url else None
    lines = [offering_title, f"Art: {mode}"]
    if url:
        lines.append(f"Kontakt und Details in Sprechzeit: {url}")
    name = ANONYMISED_NAME if booking.anonymised_at is not None else booking.booker_name
    return CalendarEvent(uid=f"booking-{booking.id}@{host}", summary=f"{name} ({mode})",
                         location=room_label or MODE_LABELS[Mode.PHONE],
                         description="\n".join(lines), url=url, **common)


# --- the feed: validators first, the body only when the client's copy is stale ------------


def feed_window_start(now: datetime) -> datetime:
    """The first instant a feed shows: Berlin midnight FEED_PAST before today.

    A whole day rather than now - FEED_PAST, so that a feed's content changes only when a
    row changes or the date does, and the validator can name the window by its date.
    """
    return local_to_utc(local_date(now) - FEED_PAST, time(0))


def _in_feed(feed: FeedToken, since: datetime):
    """Bookings of the feed's owner in its window, cancelled ones included."""
    owner = (Booking.staff_id == feed.staff_id if feed.staff_id is not None
             else Booking.room_id == feed.room_id)
    return and_(owner, Booking.ends_at > since)


_SHOWN = Booking.status != BookingStatus.CANCELLED


def feed_name(feed: FeedToken) -> str:
    if feed.room is not None:
        return f"Sprechzeit – Raum {feed.room.label} ({BUSY_SUMMARY})"
    if feed.purpose == FeedPurpose.PRIVATE:
        return f"Sprechzeit – {feed.staff.display_name}"
    return f"Sprechzeit – {feed.staff.display_name} ({BUSY_SUMMARY})"


@dataclass(frozen=True)
class FeedState:
    """A feed's validators, known before its body is rendered, and what they came from."""

    etag: str
    last_modified: datetime  # UTC; the time the feed's content last changed
    since: datetime
    name: str
    room_labels: dict[int, str]
    offering_titles: dict[int, str]
    parents_day_rows: Sequence[Row]


def feed_state(session: Session, feed: FeedToken, base_url: str, now: datetime) -> FeedState:
    """The feed's ETag and Last-Modified from a few cheap queries, without rendering it.

    The ETag is a hash of everything the body depends on: the format version, the token
    (its kind of reader), the base URL (UIDs and links), the window's first day, the
    feed's name, and for its bookings their number, the number still shown, the sums of
    their ids and SEQUENCEs (a move and a cancellation raise it) and their latest
    updated_at. Cancelled bookings in the window count too: a cancellation changes the
    feed (the event leaves it) and bumps the row's updated_at and SEQUENCE. A
    booking that leaves the feed without a trace (moved to another room or person) lowers
    the count; one that enters it was just written and raises the latest updated_at. The
    private feed also shows room labels and offering titles, so those are part of the
    key; Elternsprechtag talks are few, so their shown columns are hashed in full.

    The token remembers which ETag it last saw and since when, which dates a change that
    no row dates (a booking moved away): Last-Modified then becomes the time the change
    was first seen, so If-Modified-Since never hides a change.
    """
    since = feed_window_start(now)
    private = feed.purpose == FeedPurpose.PRIVATE
    in_feed = _in_feed(feed, since)
    count, shown, id_sum, sequence_sum, latest = session.execute(
        select(func.count(), func.count(case((_SHOWN, 1))), func.sum(Booking.id),
               func.sum(Booking.sequence), func.max(Booking.updated_at)).where(in_feed)).one()
    rooms: dict[int, str] = {}
    titles: dict[int, str] = {}
    if private and shown:
        rooms = {row.id: Room.label_of(row.code, row.name) for row in session.execute(
            select(Room.id, Room.code, Room.name).where(
                Room.id.in_(select(Booking.room_id).where(in_feed, _SHOWN))))}
        titles = dict(session.execute(select(Offering.id, Offering.title).where(
            Offering.id.in_(select(Booking.offering_id).where(in_feed, _SHOWN)))).all())
    pd_rows: Sequence[Row] = []
    if feed.staff_id is not None:
        # A teacher's published Elternsprechtag talks belong in their feed too.
        from .parentsday.feed import staff_rows

        pd_rows = staff_rows(session, feed.staff_id, since)
    name = feed_name(feed)
    etag = key_etag([
        FEED_FORMAT, feed.id, feed.purpose.value, base_url, since.isoformat(), name,
        count, shown, id_sum or 0, sequence_sum or 0, latest.isoformat() if latest else "-",
        sorted(rooms.items()), sorted(titles.items()),
        [tuple(row) for row in pd_rows] if private else
        [(r.event_id, r.student_id, r.teacher_id, r.starts_at, r.ends_at, r.created_at)
         for r in pd_rows],
    ])
    if feed.content_etag != etag:
        from .parentsday.feed import rows_changed_at

        changed = max(filter(None, [latest, feed.created_at, rows_changed_at(pd_rows)]))
        if feed.content_changed_at is not None and changed <= feed.content_changed_at:
            changed = max(now, feed.content_changed_at + timedelta(seconds=1))
        feed.content_etag, feed.content_changed_at = etag, changed
    if feed.last_used_at is None or now - feed.last_used_at >= LAST_USED_PRECISION:
        feed.last_used_at = now  # not on every poll: an unchanged feed writes nothing
    last_modified = feed.content_changed_at.astimezone(UTC).replace(microsecond=0)
    return FeedState(etag, last_modified, since, name, rooms, titles, pd_rows)


def render_feed_for(session: Session, feed: FeedToken, base_url: str, now: datetime,
                    state: FeedState | None = None) -> FeedDocument:
    """The feed document, with the validators of feed_state (computed first if not given).

    The validators are computed before the rows are read, so a change committed in
    between can only make the body newer than its ETag, never older: the client's next
    request then sees a different ETag and fetches the feed again.
    """
    state = state or feed_state(session, feed, base_url, now)
    private = feed.purpose == FeedPurpose.PRIVATE
    host = uid_host(base_url)
    rows = session.execute(
        select(Booking.id, Booking.starts_at, Booking.ends_at, Booking.sequence,
               Booking.created_at, Booking.updated_at, Booking.mode, Booking.booker_name,
               Booking.anonymised_at, Booking.room_id, Booking.offering_id)
        .where(_in_feed(feed, state.since), _SHOWN).order_by(Booking.starts_at, Booking.id))
    labels, titles = dict(state.room_labels), dict(state.offering_titles)
    events = []
    for row in rows:
        if private and (row.offering_id not in titles or
                        (row.room_id is not None and row.room_id not in labels)):
            # Moved into another room since feed_state read the labels (PostgreSQL reads
            # each statement's own snapshot): look the newcomer up rather than guess.
            offering = session.get(Offering, row.offering_id)
            titles[row.offering_id] = offering.title if offering else ""
            if row.room_id is not None:
                room = session.get(Room, row.room_id)
                labels[row.room_id] = room.label if room else None
        events.append(_event(row, labels.get(row.room_id), titles.get(row.offering_id, ""),
                             host=host, private=private, base_url=base_url))
    if state.parents_day_rows:
        from .parentsday.feed import staff_events

        extra = staff_events(state.parents_day_rows, host, private)
        events = sorted(events + extra, key=lambda e: e.start)
    return render_feed(events, name=state.name, changed_at=state.last_modified,
                       refresh=FEED_REFRESH, etag=state.etag)
