"""A whole feed request: 2000 bookings from the database to the .ics answer, and a 304.

    .venv/bin/python bench/feed_request.py [--bookings 2000] [--repeats 20]

Unlike bench/feeds.py (rendering only), this times what a calendar app waits for: the
token lookup, the query, mapping bookings to events, rendering, on SQLite in a temp dir;
and the poll of an unchanged feed (If-None-Match), answered 304 from the validators alone.
Prints min / median / max of both.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bookings", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="sprechzeit-bench-"))
    os.environ.setdefault("SPRECHZEIT_INSTANCE", str(tmp))
    os.environ.setdefault("SECRET_KEY", "bench")

    from alembic import command

    from scheduler_app import create_app
    from scheduler_app.cli.database import alembic_config
    from scheduler_app.db import db
    from scheduler_app.models import Booking, Mode, Offering, OfferingKind, Role, StaffMember
    from scheduler_app.services.booking import new_manage_token
    from scheduler_app.services.feeds import issue_feed

    app = create_app({"DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite'}",
                      "BASE_URL": "https://sprechzeit.schule.example"})
    with app.app_context():
        command.upgrade(alembic_config(), "head")
        session = db.session
        staff = StaffMember(email="petersen@schule.example", display_name="Frau Petersen",
                            role=Role.COUNSELLOR)
        offering = Offering(staff=staff, kind=OfferingKind.COUNSELLING, title="Beratung",
                            phone=True, confidential=True)
        session.add_all([staff, offering])
        first = datetime.now(UTC).replace(hour=7, minute=0, second=0, microsecond=0)
        for n in range(args.bookings):
            day, slot = divmod(n, 10)
            start = first + timedelta(days=day + 1, minutes=30 * slot)
            session.add(Booking(offering=offering, staff=staff, mode=Mode.PHONE,
                                starts_at=start, ends_at=start + timedelta(minutes=30),
                                booker_name=f"Schülerin Nummer {n} – Müller-Lüdenscheidt",
                                booker_phone="+49 511 1234567",
                                manage_token_hash=new_manage_token()[1]))
        session.flush()
        token = issue_feed(session, datetime.now(UTC), staff=staff)
        session.commit()

    client = app.test_client()
    url = f"/feeds/{token}.ics"
    client.get(url)  # warm-up: first-request costs are not what a polling client waits for
    timings, etag, size = [], None, 0
    for _ in range(args.repeats):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
        etag, size = response.headers["ETag"], len(response.data)
    not_modified = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
        not_modified.append((time.perf_counter() - started) * 1000)
    print(f"feed request, {args.bookings} bookings, {size / 1024:.0f} KiB, "
          f"{args.repeats} requests each")
    for label, figures in (("full 200", timings), ("304     ", not_modified)):
        print(f"  {label}: min {min(figures):.1f} ms, median {statistics.median(figures):.1f} ms, "
              f"max {max(figures):.1f} ms")

if __name__ == "__main__":
    main()
