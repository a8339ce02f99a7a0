"""overlap guard on the bookings table itself

The occupancy rows refuse double bookings made through the models. This revision makes the
bookings table refuse them too, even for rows written with plain SQL: on PostgreSQL with
exclusion constraints (btree_gist), on SQLite with triggers (SQLite serialises writers, so a
check in a trigger cannot race).

Revision ID: 0006_overlap_guard
Revises: 0004_calendars
"""
from __future__ import annotations

from alembic import op

revision = "0006_overlap_guard"
down_revision = "0004_calendars"
branch_labels = None
depends_on = None

ACTIVE = "status <> 'cancelled'"

# SQLite: one trigger per event and resource. NEW.id is NULL on insert, so `IS NOT` keeps a
# row from clashing with itself on update only.
SQLITE_CHECK = """
CREATE TRIGGER {name} BEFORE {event} ON bookings
WHEN NEW.{column} IS NOT NULL AND NEW.status <> 'cancelled' AND EXISTS (
    SELECT 1 FROM bookings AS other
    WHERE other.{column} = NEW.{column} AND other.id IS NOT NEW.id
      AND other.status <> 'cancelled'
      AND other.starts_at < NEW.ends_at AND NEW.starts_at < other.ends_at)
BEGIN
    SELECT RAISE(ABORT, 'double booking of {what}');
END
"""
TRIGGERS = [
    (f"trg_bookings_{column}_{kind}", event, column, what)
    for column, what in (("staff_id", "a person"), ("room_id", "a room"))
    for kind, event in (("insert", "INSERT"),
                        ("update", "UPDATE OF staff_id, room_id, starts_at, ends_at, status"))
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(
            "ALTER TABLE bookings ADD CONSTRAINT ex_bookings_staff_overlap EXCLUDE USING gist "
            f"(staff_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE ({ACTIVE})")
        op.execute(
            "ALTER TABLE bookings ADD CONSTRAINT ex_bookings_room_overlap EXCLUDE USING gist "
            f"(room_id WITH =, tstzrange(starts_at, ends_at) WITH &&) "
            f"WHERE (room_id IS NOT NULL AND {ACTIVE})")
    else:
        for name, event, column, what in TRIGGERS:
            op.execute(SQLITE_CHECK.format(name=name, event=event, column=column, what=what))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE bookings DROP CONSTRAINT ex_bookings_room_overlap")
        op.execute("ALTER TABLE bookings DROP CONSTRAINT ex_bookings_staff_overlap")
    else:
        for name, *_ in TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
