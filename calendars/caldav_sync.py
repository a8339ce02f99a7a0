"""CalDAV client code on the `caldav` package: push appointments, read busy times.

Every call opens its own short-lived client: the app calls these from outbox workers and
slot lookups, where a shared connection would outlive its welcome. Errors are mapped to two
classes the app can act on: CalDAVUnavailable (try again later: no connection, timeout,
5xx, rate limiting) and CalDAVError (the server said no: credentials, wrong URL, refused).
Messages are German because the workspace shows them to the staff member; `code` is stable.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from urllib.parse import urljoin

import caldav
import icalendar
import niquests
from caldav.lib import error as caldav_error
from lxml import etree

from .busy import Interval, busy_intervals, merge
from .events import CalendarEvent, build_caldav_body
from .timezones import BERLIN

ICAL_TYPE = "text/calendar; charset=utf-8"
XML_TYPE = "application/xml; charset=utf-8"
# Some school servers are slow on long ranges: callers read weeks or months (the app at
# most a booking horizon of 400 days), so a longer range is a bug worth an exception.
MAX_RANGE = timedelta(days=3 * 366)

FREE_BUSY_QUERY = """<?xml version="1.0" encoding="utf-8"?>
<C:free-busy-query xmlns:C="urn:ietf:params:xml:ns:caldav">
  <C:time-range start="{start}" end="{end}"/>
</C:free-busy-query>"""

CALENDAR_QUERY = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:time-range start="{start}" end="{end}"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>"""

UID_QUERY = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:prop-filter name="UID">
      <C:text-match collation="i;octet">{uid}</C:text-match>
    </C:prop-filter>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>"""

PROPFIND_RESOURCETYPE = """<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/><D:displayname/></D:prop></D:propfind>"""


@dataclass(frozen=True)
class CalDAVAccount:
    url: str  # the calendar collection, e.g. https://cloud.example/remote.php/dav/calendars/a/b/
    username: str
    password: str = field(repr=False)
    timeout: float = 10.0  # seconds per request


class CalDAVError(Exception):
    """The server answered, but refused (credentials, URL, content)."""

    def __init__(self, message: str, *, code: str = "rejected", status: int | None = None):
        super().__init__(message)
        self.code = code
        self.status = status


class CalDAVUnavailable(CalDAVError):
    """The server cannot be used right now: no connection, timeout, 5xx. Retry later."""

    def __init__(self, message: str, *, code: str = "unavailable", status: int | None = None):
        super().__init__(message, code=code, status=status)


def _client(account: CalDAVAccount) -> caldav.DAVClient:
    # No DNS discovery (the URL is the calendar itself), no sleeping on 429/503: the outbox
    # retries later instead of blocking a worker.
    return caldav.DAVClient(url=account.url, username=account.username,
                            password=account.password, timeout=account.timeout,
                            enable_rfc6764=False, rate_limit_handle=False)


def _request(account: CalDAVAccount, url: str, method: str, body: str | bytes = "",
             headers: dict[str, str] | None = None):
    """One request; raises CalDAVUnavailable/CalDAVError for transport and auth failures and
    for 5xx. Other statuses are returned for the caller to judge."""
    try:
        with _client(account) as client:
            response = client.request(url, method, body, headers or {})
    except caldav_error.AuthorizationError as exc:
        raise CalDAVError("Der Kalenderserver hat die Anmeldung abgelehnt: Benutzername oder "
                          "Passwort prüfen.", code="auth", status=401) from exc
    except caldav_error.RateLimitError as exc:
        raise CalDAVUnavailable("Der Kalenderserver ist überlastet und bittet um eine Pause.",
                                code="rate_limited", status=429) from exc
    except niquests.exceptions.Timeout as exc:
        raise CalDAVUnavailable("Der Kalenderserver antwortet nicht rechtzeitig.",
                                code="timeout") from exc
    except (niquests.exceptions.RequestException, OSError) as exc:
        raise CalDAVUnavailable("Der Kalenderserver ist nicht erreichbar.",
                                code="unreachable") from exc
    except (caldav_error.DAVError, etree.LxmlError) as exc:  # e.g. XML type, broken body
        raise CalDAVError("Die Antwort des Kalenderservers ist unlesbar.",
                          code="bad_response") from exc
    # 501/505 are permanent ("not implemented"): the caller decides, e.g. to fall back.
    if response.status >= 500 and response.status not in (501, 505):
        raise CalDAVUnavailable(f"Der Kalenderserver meldet einen Fehler ({response.status}).",
                                code="server_error", status=response.status)
    return response


def _refused(method: str, response) -> CalDAVError:
    if response.status == 404:
        return CalDAVError("Der Kalender wurde unter dieser Adresse nicht gefunden.",
                           code="not_found", status=404)
    return CalDAVError(f"Der Kalenderserver hat {method} abgelehnt ({response.status}).",
                       code="rejected", status=response.status)


def _collection(account: CalDAVAccount) -> str:
    return account.url if account.url.endswith("/") else account.url + "/"


def event_href(account: CalDAVAccount, uid: str) -> str:
    """The URL a new event is PUT to: derived from the UID, so a retried PUT after a lost
    answer lands on the same resource instead of hitting the server's one-UID-one-URL rule."""
    name = re.sub(r"[^A-Za-z0-9._-]", "-", uid)
    if name != uid:
        name += "-" + hashlib.sha256(uid.encode()).hexdigest()[:8]
    return _collection(account) + name + ".ics"


def put_event(account: CalDAVAccount, event: CalendarEvent, href: str | None = None) -> str:
    """PUT (create or replace) the event at href, or at a new URL; returns the URL used.

    If the calendar already holds the UID at another URL (the stored href was lost), the
    server refuses with no-uid-conflict (RFC 4791 5.3.2.1): the event is then looked up by
    its UID and replaced where it is.
    """
    href = href or event_href(account, event.uid)
    body = build_caldav_body(event)
    response = _request(account, href, "PUT", body, {"Content-Type": ICAL_TYPE})
    if response.status in (403, 409, 412) and b"no-uid-conflict" in _raw(response):
        existing = _find_by_uid(account, event.uid)
        if existing and existing != href:
            href = existing
            response = _request(account, href, "PUT", body, {"Content-Type": ICAL_TYPE})
    if response.status not in (200, 201, 204):
        raise _refused("das Speichern des Termins", response)
    return href


def _raw(response) -> bytes:
    return (response.raw or "").encode()


def _find_by_uid(account: CalDAVAccount, uid: str) -> str | None:
    text = uid.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    response = _request(account, _collection(account), "REPORT", UID_QUERY.format(uid=text),
                        {"Depth": "1", "Content-Type": XML_TYPE})
    if response.status not in (200, 207):
        return None
    try:
        results = response.parse_calendar_query()
    except Exception:
        return None
    for result in results:
        if result.href and result.status in (200, None):
            return urljoin(_collection(account), result.href)
    return None


def delete_event(account: CalDAVAccount, href: str) -> None:
    """DELETE the event; one that is already gone (404, 410) counts as deleted."""
    response = _request(account, href, "DELETE")
    if response.status not in (200, 202, 204, 404, 410):
        raise _refused("das Löschen des Termins", response)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fetch_busy(account: CalDAVAccount, start: datetime, end: datetime, *,
               method: str = "auto", tz=BERLIN) -> list[Interval]:
    """Busy UTC intervals of the calendar within [start, end), merged.

    method "auto" asks for a free-busy REPORT and falls back to a calendar-query
    time-range search when the server does not support it; "free-busy" and "query" force
    one way. The query path expands recurrences itself (busy_intervals): servers differ too
    much in what <C:expand> does.
    """
    if start.utcoffset() is None or end.utcoffset() is None:
        raise ValueError("start and end must be timezone-aware")
    if not start < end <= start + MAX_RANGE:
        raise ValueError("the range must be non-empty and at most three years long")
    if method not in ("auto", "free-busy", "query"):
        raise ValueError(f"unknown method {method!r}")
    if method != "query":
        found = _free_busy(account, start, end, tz)
        if found is not None:
            return found
        if method == "free-busy":
            raise CalDAVError("Der Kalenderserver beantwortet keine Frei/Belegt-Abfragen.",
                              code="no_free_busy")
    return _query_busy(account, start, end, tz)


def _free_busy(account, start, end, tz) -> list[Interval] | None:
    """None when the server does not answer with a VFREEBUSY (403, 501, a multistatus...)."""
    body = FREE_BUSY_QUERY.format(start=_stamp(start), end=_stamp(end))
    response = _request(account, _collection(account), "REPORT", body,
                        {"Depth": "1", "Content-Type": XML_TYPE})
    if response.status != 200:
        return None
    try:
        cal = icalendar.Calendar.from_ical(_raw(response))
    except Exception:  # not iCalendar at all: treat as unsupported
        return None
    if not cal.walk("VFREEBUSY"):
        return None
    start_utc, end_utc = start.astimezone(UTC), end.astimezone(UTC)
    found = []
    for vfreebusy in cal.walk("VFREEBUSY"):
        for prop in _as_list(vfreebusy.get("FREEBUSY")):
            if str(prop.params.get("FBTYPE", "BUSY")).upper() == "FREE":
                continue  # e.g. Radicale lists cancelled events as FREE
            for s, e in _periods(prop):
                s, e = _local_days(s, e, tz)
                s, e = max(s, start_utc), min(e, end_utc)
                if s < e:
                    found.append((s, e))
    return merge(found)


def _periods(prop) -> list[Interval]:
    """The periods of one FREEBUSY property: start/end or start/duration, comma-separated."""
    text = prop.to_ical().decode() if hasattr(prop, "to_ical") else str(prop)
    periods = []
    for period in filter(None, text.split(",")):
        first, _, second = period.partition("/")
        s = icalendar.vDatetime.from_ical(first.strip(), timezone="UTC")
        second = second.strip()
        if second.lstrip("+-").startswith("P"):
            e = s + icalendar.vDuration.from_ical(second)
        else:
            e = icalendar.vDatetime.from_ical(second, timezone="UTC")
        periods.append((s.astimezone(UTC), e.astimezone(UTC)))
    return periods


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _local_days(s: datetime, e: datetime, tz) -> Interval:
    """Whole days from UTC midnight to UTC midnight are all-day events that the server
    placed in UTC (Radicale does, as RFC 4791 allows without a calendar-timezone): shift
    them to local midnights. A timed event from exactly 00:00 UTC to 00:00 UTC is so rare
    at a school that the rule is worth it."""
    whole = (e - s) >= timedelta(days=1) and (e - s) % timedelta(days=1) == timedelta(0)
    if whole and s.time() == time() and e.time() == time() and s.astimezone(tz).time() != time():
        return (datetime.combine(s.date(), time(), tzinfo=tz).astimezone(UTC),
                datetime.combine(e.date(), time(), tzinfo=tz).astimezone(UTC))
    return s, e


def _query_busy(account, start, end, tz) -> list[Interval]:
    # All-day and floating events are matched by the server in UTC: widen by a day and
    # let busy_intervals clip in local time.
    body = CALENDAR_QUERY.format(start=_stamp(start - timedelta(days=1)),
                                 end=_stamp(end + timedelta(days=1)))
    response = _request(account, _collection(account), "REPORT", body,
                        {"Depth": "1", "Content-Type": XML_TYPE})
    if response.status not in (200, 207):
        raise _refused("die Kalenderabfrage", response)
    try:
        results = response.parse_calendar_query()
    except Exception as exc:
        raise CalDAVError("Die Antwort des Kalenderservers ist unlesbar.",
                          code="bad_response") from exc
    documents = [r.calendar_data for r in results if r.calendar_data]
    try:
        return busy_intervals(documents, start, end, tz=tz)
    except ValueError as exc:
        raise CalDAVError("Der Kalender enthält einen unlesbaren Termin.",
                          code="bad_response") from exc


def check_connection(account: CalDAVAccount) -> None:
    """Raises CalDAVError/CalDAVUnavailable with a message for the staff member unless the
    URL is a calendar collection the credentials can read."""
    if not re.match(r"^https?://", account.url, re.IGNORECASE):
        raise CalDAVError("Die Kalenderadresse muss mit https:// beginnen.", code="bad_url")
    response = _request(account, _collection(account), "PROPFIND", PROPFIND_RESOURCETYPE,
                        {"Depth": "0", "Content-Type": XML_TYPE})
    if response.status not in (200, 207):
        raise _refused("die Verbindungsprüfung", response)
    try:
        results = response.parse_propfind()
    except Exception as exc:
        raise CalDAVError("Unter dieser Adresse antwortet kein CalDAV-Server.",
                          code="not_caldav") from exc
    kinds = set()
    for result in results:
        kind = result.properties.get("{DAV:}resourcetype")
        kinds.update(kind if isinstance(kind, list | set | tuple) else [kind])
    if "{urn:ietf:params:xml:ns:caldav}calendar" not in kinds:
        raise CalDAVError("Die Adresse zeigt nicht auf einen Kalender, sondern z. B. auf "
                          "das Konto oder einen Ordner: bitte die Adresse des Kalenders "
                          "selbst angeben.", code="not_calendar")
