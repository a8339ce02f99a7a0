"""Subscription feeds: the document, its validators, and conditional GET."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from typing import Protocol

from .events import CalendarEvent
from .ical_text import calendar_bytes

DEFAULT_REFRESH = timedelta(minutes=15)


@dataclass(frozen=True)
class FeedDocument:
    body: bytes
    etag: str  # strong validator, quoted: '"3f2a..."'
    last_modified: datetime  # UTC, whole seconds

    @property
    def last_modified_http(self) -> str:
        """The Last-Modified header value (IMF-fixdate)."""
        return format_datetime(self.last_modified, usegmt=True)


class Validators(Protocol):
    """What a conditional GET is decided on: a document, or validators computed without it."""

    etag: str
    last_modified: datetime


def key_etag(parts: Iterable[object]) -> str:
    """A strong ETag from the data a document is made of, so it is known before rendering.

    The caller must name everything the body depends on (including a format version);
    parts are compared by their str(), so pass values whose str() is unambiguous.
    """
    key = "\x1f".join(str(part) for part in parts)
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:40] + '"'


def render_feed(events: Sequence[CalendarEvent], *, name: str, changed_at: datetime,
                refresh: timedelta = DEFAULT_REFRESH, etag: str | None = None) -> FeedDocument:
    """The feed body with NAME/X-WR-CALNAME, REFRESH-INTERVAL/X-PUBLISHED-TTL and VTIMEZONE.

    Cancelled events are left out: clients treat STATUS:CANCELLED in subscribed calendars
    inconsistently, while a missing UID reliably removes the appointment. changed_at is the
    last change of anything in the feed; it is DTSTAMP of events that carry no time of their
    own, so that an unchanged feed has an unchanged body and ETag.
    """
    if changed_at.utcoffset() is None:
        raise ValueError("changed_at must be timezone-aware")
    changed = changed_at.astimezone(UTC).replace(microsecond=0)
    shown = [event for event in events if event.status != "CANCELLED"]
    body = calendar_bytes(shown, name=name, refresh=refresh, default_stamp=changed)
    if etag is None:
        etag = '"' + hashlib.sha256(body).hexdigest()[:40] + '"'
    return FeedDocument(body=body, etag=etag, last_modified=changed)


def _etags(header: str) -> list[str]:
    return [tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()]


def is_not_modified(doc: Validators, if_none_match: str | None,
                    if_modified_since: str | None) -> bool:
    """True when the client's copy is current and the answer is 304 (RFC 9110 13.1).

    If-None-Match wins over If-Modified-Since; it uses the weak comparison, as RFC 9110
    prescribes for GET. An unparsable If-Modified-Since is ignored.
    """
    if if_none_match is not None and if_none_match.strip():
        tags = _etags(if_none_match)
        return "*" in tags or doc.etag.removeprefix("W/") in tags
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError, IndexError):
            return False
        if since is None:
            return False
        if since.tzinfo is None:  # RFC 850/asctime forms carry no zone: they mean GMT
            since = since.replace(tzinfo=UTC)
        return doc.last_modified <= since
    return False
