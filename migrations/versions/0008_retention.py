"""retention: when a booking's personal data was removed

Revision ID: 0008_retention
Revises: 0007_login_throttle
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import scheduler_app.models.base

revision = "0008_retention"
down_revision = "0007_login_throttle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD/DROP COLUMN, as in 0003: a batch copy of the table on SQLite would drop the
    # overlap-guard triggers of 0006. The anonymised columns keep their NOT NULL and get
    # neutral values instead (services/retention.py), for the same reason.
    op.add_column("bookings", sa.Column(
        "anonymised_at", scheduler_app.models.base.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE bookings DROP COLUMN anonymised_at")
