"""Feed rendering speed: one feed of 2000 appointments, as a counsellor's busy year.

    .venv/bin/python bench/feeds.py [--events 2000] [--repeats 15]

Builds CalendarEvents spread over a school year (summer and winter time, long German
summaries with umlauts, descriptions that need folding), then times calendars.render_feed()
and prints milliseconds (min / median / max) and the body size. Target: under 100 ms.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from calendars import BERLIN, CalendarEvent  # noqa: E402
from calendars.feeds import render_feed  # noqa: E402


def appointments(count: int) -> list[CalendarEvent]:
    first = datetime(2027, 8, 16, 8, 0, tzinfo=BERLIN)
    changed = datetime(2027, 8, 1, 9, 0, tzinfo=UTC)
    events = []
    for n in range(count):
        day, slot = divmod(n, 10)
        start = (first + timedelta(days=day % 300)).replace(hour=8 + slot // 2,
                                                            minute=30 * (slot % 2))
        events.append(CalendarEvent(
            uid=f"booking-{n}@sprechzeit.example", start=start,
            end=start + timedelta(minutes=20),
            summary=f"Beratung: Jörg Müller-Lüdenscheidt ({'Telefon' if n % 3 else 'Raum'})",
            location="Raum B0.04 (Beratungszimmer, Erdgeschoss)",
            description="Anliegen: Übergang in die gymnasiale Oberstufe; Fächerwahl, Profil.",
            url=f"https://sprechzeit.example/workspace/bookings/{n}", sequence=n % 4,
            created=changed - timedelta(days=30), last_modified=changed + timedelta(minutes=n),
            organizer_email="beratung@schule.example"))
    return events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    events = appointments(args.events)
    changed = datetime(2027, 9, 1, tzinfo=UTC)
    render_feed(events[:10], name="warm-up", changed_at=changed)
    timings = []
    for _ in range(args.repeats):
        began = time.perf_counter()
        doc = render_feed(events, name="Sprechzeit – Herr Müller", changed_at=changed)
        timings.append((time.perf_counter() - began) * 1000)
    print(f"render_feed, {args.events} appointments, {args.repeats} runs: "
          f"min {min(timings):.1f} ms, median {statistics.median(timings):.1f} ms, "
          f"max {max(timings):.1f} ms; body {len(doc.body) / 1024:.0f} KiB (target < 100 ms)")


if __name__ == "__main__":
    main()
