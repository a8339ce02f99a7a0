"""One Alembic chain, reversible, and matching the models, on SQLite and PostgreSQL."""
from __future__ import annotations

import uuid

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from scheduler_app import create_app
from scheduler_app.cli.database import alembic_config
from scheduler_app.models import Base


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request, tmp_path, pg_admin_url):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
        return
    request.getfixturevalue("postgres_url")  # skips or fails like every PostgreSQL test
    name = f"sprechzeit_mig_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield pg_admin_url.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_single_chain():
    app = create_app({"DATABASE_URL": "sqlite://"})
    with app.app_context():
        heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1


def test_upgrade_matches_models_and_downgrade_removes_all(empty_database_url):
    app = create_app({"DATABASE_URL": empty_database_url})
    with app.app_context():
        config = alembic_config()
        command.upgrade(config, "head")
        engine = app.extensions["sprechzeit_engine"]
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        command.downgrade(config, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        command.upgrade(config, "head")
        engine.dispose()


def test_login_throttle_migration_upgrades_and_downgrades(empty_database_url):
    app = create_app({"DATABASE_URL": empty_database_url})
    with app.app_context():
        config = alembic_config()
        engine = app.extensions["sprechzeit_engine"]
        command.upgrade(config, "0005_parentsday")
        before = set(inspect(engine).get_table_names())
        assert "login_attempts" not in before
        command.upgrade(config, "0007_login_throttle")
        inspector = inspect(engine)
        assert set(inspector.get_table_names()) == before | {"login_attempts"}
        assert {ix["name"] for ix in inspector.get_indexes("login_attempts")} == {
            "ix_login_attempts_at", "ix_login_attempts_key"}
        command.downgrade(config, "0005_parentsday")
        assert set(inspect(engine).get_table_names()) == before
        engine.dispose()
