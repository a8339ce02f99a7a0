"""The database engine and the request-scoped session, without Flask-SQLAlchemy."""
from __future__ import annotations

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool
from flask import current_app
from sqlalchemy.orm import Session, scoped_session, sessionmaker


def make_engine(url: str) -> Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        # A file connection is cheap to open, and a fixed pool would cap concurrent requests.
        engine = create_engine(url, connect_args={"timeout": 30}, poolclass=NullPool)
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own BEGIN handling defers locking; take the write lock explicitly so
        # concurrent writers queue on busy_timeout instead of failing on upgrade.
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    dbapi_conn.isolation_level = None  # let the "begin" listener issue BEGIN
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


class Database:
    """A thread-local session whose engine is the current app's.

    Each app owns its engine (tests run apps on SQLite and PostgreSQL side by side); the
    session of a thread is removed when its app context ends.
    """

    def __init__(self) -> None:
        self.session = scoped_session(self._new_session)

    @staticmethod
    def _new_session() -> Session:
        return current_app.extensions["sprechzeit_sessionmaker"]()

    @property
    def engine(self) -> Engine:
        return current_app.extensions["sprechzeit_engine"]

    def init_app(self, app) -> None:
        engine = make_engine(app.config["DATABASE_URL"])
        app.extensions["sprechzeit_engine"] = engine
        app.extensions["sprechzeit_sessionmaker"] = sessionmaker(engine, expire_on_commit=False)
        app.teardown_appcontext(lambda _exc: self.session.remove())


db = Database()
