"""login throttle: failed sign-in attempts per e-mail, IP and account

Revision ID: 0007_login_throttle
Revises: 0005_parentsday
Create Date: 2026-11-25 11:08:58
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import scheduler_app.models.base

revision = "0007_login_throttle"
down_revision = "0005_parentsday"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("at", scheduler_app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    op.create_index(op.f("ix_login_attempts_at"), "login_attempts", ["at"])
    op.create_index("ix_login_attempts_key", "login_attempts", ["key_hash", "at"])


def downgrade() -> None:
    op.drop_index("ix_login_attempts_key", table_name="login_attempts")
    op.drop_index(op.f("ix_login_attempts_at"), table_name="login_attempts")
    op.drop_table("login_attempts")
