"""Slot engine speed: 8 weeks of slots for every demo offering with 2000 existing bookings.

    .venv/bin/python bench/slots.py [--bookings 2000] [--weeks 8] [--repeats 7] [--database-url URL]

Builds a throw-away database (SQLite in a temporary folder unless --database-url is given),
seeds the demo school, books every other free slot of the demo offerings, fills up to the
requested number of bookings with more teachers' talks (phone and room B0.04), then times
services.slots.slots_for() per offering and prints milliseconds (min / median / max).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic import command
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, SAWarning

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scheduler_app import create_app  # noqa: E402
from scheduler_app.cli.database import alembic_config  # noqa: E402
from scheduler_app.db import db  # noqa: E402
from scheduler_app.domain.time import local_date  # noqa: E402
from scheduler_app.models import (  # noqa: E402
    Booking,
    Mode,
    Offering,
    OfferingKind,
    Role,
    Room,
    StaffMember,
)
from scheduler_app.services.booking import new_manage_token  # noqa: E402
from scheduler_app.services.demo import seed_demo  # noqa: E402
from scheduler_app.services.slots import slots_for  # noqa: E402


def add_booking(session, offering, start, end, room_id, mode):
    booking = Booking(offering=offering, staff_id=offering.staff_id, room_id=room_id, mode=mode,
                      starts_at=start, ends_at=end, booker_name="Bench",
                      manage_token_hash=new_manage_token()[1])
    booking.claim_time()
    session.add(booking)


def fill(session, target: int, first, last, now) -> int:
    offerings = list(session.scalars(select(Offering)))
    for offering in offerings:
        for slot in slots_for(session, offering, first, last, now)[::2]:
            mode = Mode.IN_PERSON if slot.rooms else Mode.PHONE
            room = slot.rooms[0] if slot.rooms else None
            add_booking(session, offering, slot.start, slot.end, room, mode)
            session.flush()
    count = session.scalar(select(func.count(Booking.id)))
    b004 = session.scalar(select(Room).where(Room.code == "B0.04"))
    teacher_no = 0
    while count < target:
        teacher_no += 1
        staff = StaffMember(email=f"bench{teacher_no}@schule.example", role=Role.TEACHER,
                            display_name=f"Bench {teacher_no}")
        offering = Offering(staff=staff, kind=OfferingKind.TEACHER_TALK, phone=True,
                            title=f"Bench {teacher_no}", duration_minutes=15)
        session.add(offering)
        session.flush()
        # Mornings in B0.04 (the demo's teacher windows are afternoons), the rest by phone.
        # A savepoint per teacher: a room clash drops this teacher's mornings, nothing else.
        planned = min(60, target - count)
        try:
            with warnings.catch_warnings(), session.begin_nested():
                warnings.simplefilter("ignore", SAWarning)  # the clash is handled below
                for slot_no in range(planned):
                    day_offset, minute = divmod(slot_no, 12)
                    start_day = first + timedelta(
                        days=(day_offset * 3 + teacher_no) % (last - first).days)
                    start = datetime(start_day.year, start_day.month, start_day.day, 6, 0,
                                     tzinfo=UTC)
                    start += timedelta(minutes=15 * minute + 180 * (teacher_no % 3))
                    in_room = teacher_no % 4 == 0
                    add_booking(session, offering, start, start + timedelta(minutes=15),
                                b004.id if in_room else None,
                                Mode.IN_PERSON if in_room else Mode.PHONE)
            count += planned
        except IntegrityError:
            pass
    session.commit()
    return session.scalar(select(func.count(Booking.id)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, default=2000)
    parser.add_argument("--weeks", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.sqlite"
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
        with app.app_context():
            command.upgrade(alembic_config(), "head")
            session = db.session
            seed_demo(session)
            now = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # a Monday morning in term time
            first = local_date(now)
            last = first + timedelta(weeks=args.weeks) - timedelta(days=1)
            total = fill(session, args.bookings, first, last, now)
            print(f"database: {url.split(':')[0]}, bookings: {total}, "
                  f"range: {first} .. {last} ({args.weeks} weeks), repeats: {args.repeats}")
            print(f"{'offering':48} {'slots':>6} {'min ms':>8} {'median':>8} {'max ms':>8}")
            demo = select(Offering).where(Offering.title.not_like("Bench%")).order_by(Offering.id)
            for offering in session.scalars(demo):
                timings = []
                for _ in range(args.repeats):
                    session.expire_all()
                    started = time.perf_counter()
                    slots = slots_for(session, offering, first, last, now)
                    timings.append((time.perf_counter() - started) * 1000)
                print(f"{offering.title[:48]:48} {len(slots):>6} {min(timings):>8.1f} "
                      f"{statistics.median(timings):>8.1f} {max(timings):>8.1f}")
            db.session.remove()
        app.extensions["sprechzeit_engine"].dispose()


if __name__ == "__main__":
    main()
