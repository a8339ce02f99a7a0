"""Checks an iCalendar document the way strict clients read it, and parses it with two
independent parsers (vobject and ical.js) for comparison. For tests only: vobject is a
test dependency and ical.js needs node with `npm ci --prefix calendars/tests/js`.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

JS_DIR = Path(__file__).resolve().parent / "tests" / "js"
LIMIT = 75
REQUIRED = {
    "VCALENDAR": ("VERSION", "PRODID"),
    "VEVENT": ("UID", "DTSTAMP", "DTSTART"),
    "VTIMEZONE": ("TZID",),
    "STANDARD": ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO"),
    "DAYLIGHT": ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO"),
}
_TZID = re.compile(r';TZID=("[^"]*"|[^;:]*)')


def problems(body: bytes) -> list[str]:
    """Everything in body that breaks RFC 5545's syntax rules we rely on; empty if fine."""
    found: list[str] = []
    if not body.endswith(b"\r\n"):
        found.append("the document does not end with CRLF")
    physical = body.split(b"\r\n")[:-1] if body.endswith(b"\r\n") else body.split(b"\r\n")
    for number, line in enumerate(physical, 1):
        if b"\r" in line or b"\n" in line:
            found.append(f"line {number}: bare CR or LF")
        if len(line) > LIMIT:
            found.append(f"line {number}: {len(line)} octets (more than {LIMIT})")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            found.append(f"line {number}: a fold splits a UTF-8 sequence (or invalid UTF-8)")
        if not line:
            found.append(f"line {number}: empty line")
    text = body.decode("utf-8", errors="replace")
    logical = re.sub(r"\r\n[ \t]", "", text).split("\r\n")
    stack: list[tuple[str, list[str]]] = []
    tzids_used: set[str] = set()
    tzids_defined: set[str] = set()
    for line in filter(None, logical):
        name = re.split(r"[;:]", line, maxsplit=1)[0].upper()
        value = line.split(":", 1)[1] if ":" in line else ""
        if ":" not in line:
            found.append(f"not a content line: {line[:40]!r}")
        if name == "BEGIN":
            stack.append((value.upper(), []))
            continue
        if name == "END":
            if not stack or stack[-1][0] != value.upper():
                found.append(f"END:{value} does not close the open component")
                continue
            component, names = stack.pop()
            for required in REQUIRED.get(component, ()):
                if names.count(required) != 1:
                    found.append(f"{component} has {names.count(required)} {required}")
            if component == "VEVENT" and "DTEND" in names and "DURATION" in names:
                found.append("VEVENT with both DTEND and DURATION")
            continue
        if not stack:
            found.append(f"{name} outside any component")
            continue
        stack[-1][1].append(name)
        if name == "TZID" and stack[-1][0] == "VTIMEZONE":
            tzids_defined.add(value)
        for tzid in _TZID.findall(line.split(":", 1)[0] + ":"):
            tzids_used.add(tzid.strip('"'))
    if stack:
        found.append(f"unclosed components: {[c for c, _ in stack]}")
    if not logical or logical[0] != "BEGIN:VCALENDAR":
        found.append("the document does not start with BEGIN:VCALENDAR")
    for tzid in sorted(tzids_used - tzids_defined):
        found.append(f"TZID {tzid} is used without a VTIMEZONE")
    return found


def assert_conformant(body: bytes) -> None:
    found = problems(body)
    assert not found, "not conformant:\n" + "\n".join(found[:20])


@dataclass(frozen=True)
class ParsedEvent:
    uid: str
    summary: str
    local_start: str  # "2027-07-01T10:00:00" in the event's zone
    local_end: str
    utc_start: datetime
    utc_end: datetime


def _iso_utc(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def parse_with_vobject(body: bytes) -> dict:
    """Calendar name and events as vobject (dateutil time zone rules) reads them."""
    import vobject  # test dependency

    cal = vobject.readOne(body.decode("utf-8"))
    events = []
    for vevent in getattr(cal, "vevent_list", []):
        start, end = vevent.dtstart.value, vevent.dtend.value
        events.append(ParsedEvent(
            uid=vevent.uid.value, summary=vevent.summary.value,
            local_start=start.replace(tzinfo=None).isoformat(),
            local_end=end.replace(tzinfo=None).isoformat(),
            utc_start=start.astimezone(UTC), utc_end=end.astimezone(UTC)))
    name = cal.contents.get("x-wr-calname", [None])[0]
    return {"name": name.value if name else None, "events": events}


def icaljs_available() -> bool:
    return shutil.which("node") is not None and (
        (JS_DIR / "node_modules" / "ical.js").is_dir() or shutil.which("npm") is not None)


def ensure_icaljs() -> None:
    if not (JS_DIR / "node_modules" / "ical.js").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(JS_DIR)],
                       check=True, capture_output=True, timeout=300)


def parse_with_icaljs(body: bytes) -> dict:
    """Calendar properties and events as ical.js (Thunderbird's, many web clients') reads them."""
    ensure_icaljs()
    done = subprocess.run(["node", str(JS_DIR / "parse.mjs")], input=body,
                          capture_output=True, check=True, timeout=60)
    data = json.loads(done.stdout)
    data["events"] = [ParsedEvent(
        uid=e["uid"], summary=e["summary"], local_start=e["start"], local_end=e["end"],
        utc_start=_iso_utc(e["start_utc"]), utc_end=_iso_utc(e["end_utc"]))
        for e in data["events"]]
    return data
