"""The demo school: rooms, staff, offerings and weekly rules, created idempotently."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import (
    Offering,
    OfferingKind,
    Role,
    Room,
    RoomKind,
    StaffMember,
    WeeklyRule,
)
from .closures import load_shipped_school_holidays
from .parentsday.demo import DemoParentsDay, seed_demo_parents_day
from .passwords import hash_password

DEMO_PASSWORD = "sprechzeit-demo"

ROOMS = [
    ("B0.04", "Elternsprechzimmer (Beratung I)", RoomKind.PARENTS_ROOM),
    ("B0.05", "Beratungslehrkraft", RoomKind.COUNSELLING),
    ("E1.05", "Schulsozialarbeit", RoomKind.COUNSELLING),
    ("DC", "Büro „Deine Chance“", RoomKind.OFFICE),
    ("A1.07", "Klassenraum 7b", RoomKind.CLASSROOM),
    ("A1.12", "Klassenraum 8a", RoomKind.CLASSROOM),
]

# email, name, role, weekly windows (weekday, start, end)
STAFF = [
    ("sekretariat@schule.example", "Sekretariat", Role.ADMIN, []),
    ("petersen@schule.example", "Frau Petersen", Role.COUNSELLOR,
     [(1, "13:30", "15:30"), (3, "09:45", "11:15")]),
    ("okafor@schule.example", "Herr Okafor", Role.COUNSELLOR,
     [(0, "08:00", "12:00"), (2, "12:00", "16:00"), (3, "13:00", "16:00")]),
    ("lindner@schule.example", "Frau Lindner", Role.COUNSELLOR, [(2, "09:00", "13:00")]),
    ("klaasen@schule.example", "Herr Klaasen", Role.TEACHER, [(1, "14:00", "16:00")]),
    ("mueller@schule.example", "Frau Müller", Role.TEACHER, [(1, "15:00", "17:00")]),
    ("yilmaz@schule.example", "Frau Yılmaz", Role.TEACHER, [(3, "14:00", "15:30")]),
    ("becker@schule.example", "Herr Becker", Role.TEACHER, [(0, "13:30", "15:00")]),
]

# staff email, kind, title, title_en, rooms, minutes, phone, parents, students, confidential
OFFERINGS = [
    ("petersen@schule.example", OfferingKind.COUNSELLING, "Beratung bei der Beratungslehrkraft",
     "Counselling with the counselling teacher", ["B0.05"], 45, True, True, True, True),
    ("okafor@schule.example", OfferingKind.SOCIAL_WORK, "Gespräch mit der Schulsozialarbeit",
     "Talk with the school social worker", ["E1.05", "B0.05"], 45, True, True, True, True),
    ("lindner@schule.example", OfferingKind.DEINE_CHANCE, "Beratung „Deine Chance“",
     "\"Deine Chance\" attendance support", ["DC"], 60, True, True, True, True),
    ("klaasen@schule.example", OfferingKind.TEACHER_TALK, "Elterngespräch mit Herrn Klaasen (7b)",
     "Parent talk with Mr Klaasen (7b)", ["B0.04"], 20, True, True, False, False),
    ("mueller@schule.example", OfferingKind.TEACHER_TALK, "Elterngespräch mit Frau Müller (8a)",
     "Parent talk with Ms Müller (8a)", ["B0.04"], 20, True, True, False, False),
    ("yilmaz@schule.example", OfferingKind.TEACHER_TALK, "Elterngespräch mit Frau Yılmaz",
     "Parent talk with Ms Yılmaz", ["B0.04"], 15, True, True, False, False),
    ("becker@schule.example", OfferingKind.TEACHER_TALK, "Telefonat mit Herrn Becker",
     "Phone call with Mr Becker", [], 15, True, True, False, False),
]


@dataclass(frozen=True)
class SeedResult:
    created: bool
    logins: list[tuple[str, str, str]]  # email, password, role
    parents_day: DemoParentsDay | None = None


def is_empty(session: Session) -> bool:
    return session.scalar(select(StaffMember.id).limit(1)) is None


def _hhmm(text: str) -> time:
    return time.fromisoformat(text)


def seed_demo(session: Session, *, parents_day: bool = False, secret: str | None = None,
              now: datetime | None = None) -> SeedResult:
    """Creates whatever of the demo school is missing; running it again changes nothing.

    With `parents_day`, also a demo Elternsprechtag a few weeks after `now` (default: the
    current time) with wishes open; `secret` is the app's SECRET_KEY, from which the
    families' access codes are derived.
    """
    if parents_day and not secret:
        raise ValueError("the demo Elternsprechtag needs the secret key for family codes")
    created = False
    rooms = {r.code: r for r in session.scalars(select(Room))}
    for code, name, kind in ROOMS:
        if code not in rooms:
            rooms[code] = Room(code=code, name=name, kind=kind)
            session.add(rooms[code])
            created = True
    staff = {s.email: s for s in session.scalars(select(StaffMember))}
    demo_hash = None  # one Argon2 hash for every demo account: hashing is slow on purpose
    for email, name, role, windows in STAFF:
        if email in staff:
            continue
        demo_hash = demo_hash or hash_password(DEMO_PASSWORD)
        member = StaffMember(email=email, display_name=name, role=role, password_hash=demo_hash)
        session.add(member)
        session.flush()
        for weekday, start, end in windows:
            session.add(WeeklyRule(staff_id=member.id, weekday=weekday, start_time=_hhmm(start),
                                   end_time=_hhmm(end)))
        staff[email] = member
        created = True
    titles = set(session.scalars(select(Offering.title)))
    for (email, kind, title, title_en, room_codes, minutes, phone, parents, students,
         confidential) in OFFERINGS:
        if title in titles:
            continue
        offering = Offering(
            staff=staff[email], kind=kind, title=title, title_en=title_en,
            in_person=bool(room_codes), phone=phone,
            duration_minutes=minutes, for_parents=parents, for_students=students,
            confidential=confidential, topic_enabled=not confidential,
            open_in_school_holidays=kind == OfferingKind.SOCIAL_WORK,
            min_notice_minutes=12 * 60, horizon_days=56)
        session.add(offering)
        offering.set_rooms(session, [rooms[c] for c in room_codes])
        created = True
    session.commit()
    load_shipped_school_holidays(session)
    demo_day = seed_demo_parents_day(session, secret, now) if parents_day else None
    created = created or bool(demo_day and demo_day.created)
    logins = [(email, DEMO_PASSWORD, role.value) for email, _n, role, _w in STAFF]
    return SeedResult(created, logins, demo_day)
