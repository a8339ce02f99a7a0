"""workspace: TOTP replay guard on staff members

Revision ID: 0002_workspace
Revises: 0006_overlap_guard
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_workspace"
down_revision = "0006_overlap_guard"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_members") as batch_op:
        batch_op.add_column(sa.Column("totp_last_counter", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("staff_members") as batch_op:
        batch_op.drop_column("totp_last_counter")
