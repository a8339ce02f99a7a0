"""public booking: the booker's language and the reminder marker on bookings

Revision ID: 0003_public
Revises: 0006_overlap_guard
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import scheduler_app.models.base

revision = "0003_public"
down_revision = "0002_workspace"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD/DROP COLUMN rather than batch mode: a batch copy of the table on SQLite would
    # drop the overlap-guard triggers of 0006.
    op.add_column("bookings", sa.Column("locale", sa.String(length=5), nullable=False,
                                        server_default="de"))
    op.add_column("bookings", sa.Column(
        "reminder_for", scheduler_app.models.base.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    for column in ("reminder_for", "locale"):
        op.execute(f"ALTER TABLE bookings DROP COLUMN {column}")
