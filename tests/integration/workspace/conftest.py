"""Fixtures for the staff workspace and office tests: the demo school and signed-in clients."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from scheduler_app.db import db
from scheduler_app.models import Mode, Offering, StaffMember
from scheduler_app.services.booking import Booker, book
from scheduler_app.services.demo import DEMO_PASSWORD, seed_demo
from scheduler_app.services.slots import slots_for
from scheduler_app.domain.time import local_date

ADMIN = "sekretariat@schule.example"
COUNSELLOR = "petersen@schule.example"
OTHER_COUNSELLOR = "okafor@schule.example"
TEACHER = "klaasen@schule.example"


@pytest.fixture
def demo(app):
    with app.app_context():
        seed_demo(db.session)
    return app


def login(client, email: str, password: str = DEMO_PASSWORD):
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


@pytest.fixture
def signed_in(demo):
    """signed_in(email) -> a test client signed in as that demo account."""
    def make(email: str):
        client = demo.test_client()
        login(client, email)
        return client
    return make


def staff_id(app, email: str) -> int:
    with app.app_context():
        return db.session.scalar(select(StaffMember.id).where(StaffMember.email == email))


def offering_of(app, email: str) -> int:
    with app.app_context():
        return db.session.scalar(
            select(Offering.id).join(StaffMember, Offering.staff_id == StaffMember.id)
            .where(StaffMember.email == email))


def make_booking(app, email: str, *, name="Mia Geheimnis", booker_email="mia@familie.example",
                 phone="0171 555 0101", topic=None, now=None, index=0) -> int:
    """Books the first free slot (or the index-th) of that person's offering."""
    now = now or datetime.now(UTC)
    with app.app_context():
        offering = db.session.get(Offering, offering_of(app, email))
        first = local_date(now)
        slots = slots_for(db.session, offering, first, first + timedelta(days=42), now)
        booking, _token = book(db.session, offering, slots[index].start,
                               Mode.IN_PERSON if offering.in_person else Mode.PHONE,
                               Booker(name=name, email=booker_email, phone=phone, topic=topic),
                               now)
        db.session.commit()
        return booking.id
