"""Fixtures: apps on SQLite and PostgreSQL, a CLI runner, and factories for rows.

Storage and concurrency tests take `any_app`, which runs them once on SQLite and once on
PostgreSQL. Without a reachable PostgreSQL those runs are skipped on a developer machine
and fail with CI=true (calendars.testing.skip_or_fail, which the ical.js checks share).
"""
from __future__ import annotations

import os
import shutil
import uuid
from datetime import time, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from calendars.testing import skip_or_fail
from scheduler_app import create_app
from scheduler_app.cli.database import alembic_config
from scheduler_app.db import db
from scheduler_app.models import (
    Base,
    Offering,
    OfferingKind,
    Role,
    Room,
    RoomKind,
    StaffMember,
    WeeklyRule,
)

PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session", autouse=True)
def _instance_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("instance")
    os.environ["SPRECHZEIT_INSTANCE"] = str(path)
    os.environ.setdefault("SECRET_KEY", "test-secret")
    return path


def _migrate(url: str) -> None:
    app = create_app({"DATABASE_URL": url, "TESTING": True})
    with app.app_context():
        command.upgrade(alembic_config(), "head")


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    return PG_ADMIN_URL


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("db") / "template.sqlite"
    _migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_url():
    """A fresh, migrated PostgreSQL database for this test session."""
    name = f"sprechzeit_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # any connection failure: the server is not there
        admin.dispose()
        message = f"PostgreSQL at {PG_ADMIN_URL} is unreachable: {exc.__class__.__name__}"
        skip_or_fail(message)
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    _migrate(url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _make_app(url: str):
    return create_app({"DATABASE_URL": url, "TESTING": True, "SECRET_KEY": "test-secret",
                       "WTF_CSRF_ENABLED": False, "BASE_URL": "http://sprechzeit.test",
                       "SERVER_NAME": None})


@pytest.fixture
def app(sqlite_template, tmp_path):
    """An app on a migrated SQLite database of its own."""
    path = tmp_path / "sprechzeit.sqlite"
    shutil.copy(sqlite_template, path)
    app = _make_app(f"sqlite:///{path}")
    yield app
    app.extensions["sprechzeit_engine"].dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_app(request, sqlite_template, tmp_path):
    """The same test once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "sprechzeit.sqlite"
        shutil.copy(sqlite_template, path)
        app = _make_app(f"sqlite:///{path}")
    else:
        app = _make_app(request.getfixturevalue("postgres_url"))
    yield app
    engine = app.extensions["sprechzeit_engine"]
    if request.param == "postgresql":
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        with engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def session(app):
    with app.app_context():
        yield db.session


@pytest.fixture
def any_session(any_app):
    with any_app.app_context():
        yield db.session


class Factory:
    """Builds rows with sensible defaults: `factory.offering(duration_minutes=20)`."""

    def __init__(self, session):
        self.session = session
        self._n = 0

    def _next(self) -> int:
        self._n += 1
        return self._n

    def staff(self, role=Role.TEACHER, **kw) -> StaffMember:
        n = self._next()
        member = StaffMember(email=kw.pop("email", f"staff{n}@schule.example"),
                             display_name=kw.pop("display_name", f"Lehrkraft {n}"),
                             role=role, **kw)
        self.session.add(member)
        self.session.commit()
        return member

    def room(self, code=None, kind=RoomKind.PARENTS_ROOM) -> Room:
        code = code or f"R{self._next()}"
        room = Room(code=code, name=code, kind=kind)
        self.session.add(room)
        self.session.commit()
        return room

    def weekly(self, owner, weekday, start, end, **kw) -> WeeklyRule:
        key = "room_id" if isinstance(owner, Room) else "staff_id"
        rule = WeeklyRule(weekday=weekday, start_time=time.fromisoformat(start),
                          end_time=time.fromisoformat(end), **{key: owner.id}, **kw)
        self.session.add(rule)
        self.session.commit()
        return rule

    def offering(self, staff=None, rooms=(), **kw) -> Offering:
        staff = staff or self.staff()
        defaults = dict(kind=OfferingKind.TEACHER_TALK, title=f"Gespräch {self._next()}",
                        duration_minutes=30, min_notice_minutes=0, horizon_days=400,
                        in_person=True, phone=False)
        defaults.update(kw)
        offering = Offering(staff=staff, **defaults)
        self.session.add(offering)
        offering.set_rooms(self.session, list(rooms))
        self.session.commit()
        return offering


@pytest.fixture
def factory(session):
    return Factory(session)


@pytest.fixture
def any_factory(any_session):
    return Factory(any_session)


ONE_DAY = timedelta(days=1)
