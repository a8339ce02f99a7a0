"""calendars: feed tokens, CalDAV connections, cached busy times, pushed entries

Revision ID: 0004_calendars
Revises: 0001
Create Date: 2026-11-25 09:38:33.445988
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import scheduler_app.models.base


revision = '0004_calendars'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('caldav_busy_intervals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('fetched_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_caldav_busy_intervals_ends_after_start')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_members.id'], name=op.f('fk_caldav_busy_intervals_staff_id_staff_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_caldav_busy_intervals'))
    )
    with op.batch_alter_table('caldav_busy_intervals', schema=None) as batch_op:
        batch_op.create_index('ix_caldav_busy_intervals_staff_time', ['staff_id', 'starts_at'], unique=False)

    op.create_table('caldav_connections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('username', sa.String(length=200), nullable=False),
    sa.Column('password_encrypted', sa.Text(), nullable=False),
    sa.Column('allow_booking_when_unreachable', sa.Boolean(), nullable=False),
    sa.Column('created_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_sync_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_push_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('last_error_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_members.id'], name=op.f('fk_caldav_connections_staff_id_staff_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_caldav_connections')),
    sa.UniqueConstraint('staff_id', name=op.f('uq_caldav_connections_staff_id'))
    )
    op.create_table('feed_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('room_id', sa.Integer(), nullable=True),
    sa.Column('purpose', sa.Enum('private', 'busy', name='feedpurpose', native_enum=False, length=10), nullable=False),
    sa.Column('created_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_used_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('content_etag', sa.String(length=100), nullable=True),
    sa.Column('content_changed_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("purpose = 'busy' OR staff_id IS NOT NULL", name=op.f('ck_feed_tokens_private_is_personal')),
    sa.CheckConstraint('(staff_id IS NULL) <> (room_id IS NULL)', name=op.f('ck_feed_tokens_one_owner')),
    sa.ForeignKeyConstraint(['room_id'], ['rooms.id'], name=op.f('fk_feed_tokens_room_id_rooms'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_members.id'], name=op.f('fk_feed_tokens_staff_id_staff_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feed_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_feed_tokens_token_hash'))
    )
    with op.batch_alter_table('feed_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feed_tokens_room_id'), ['room_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feed_tokens_staff_id'), ['staff_id'], unique=False)

    op.create_table('caldav_entries',
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('href', sa.String(length=1000), nullable=False),
    sa.Column('starts_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('pushed_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['booking_id'], ['bookings.id'], name=op.f('fk_caldav_entries_booking_id_bookings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_members.id'], name=op.f('fk_caldav_entries_staff_id_staff_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('booking_id', name=op.f('pk_caldav_entries'))
    )
    with op.batch_alter_table('caldav_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_caldav_entries_staff_id'), ['staff_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('caldav_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_caldav_entries_staff_id'))

    op.drop_table('caldav_entries')
    with op.batch_alter_table('feed_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feed_tokens_staff_id'))
        batch_op.drop_index(batch_op.f('ix_feed_tokens_room_id'))

    op.drop_table('feed_tokens')
    op.drop_table('caldav_connections')
    with op.batch_alter_table('caldav_busy_intervals', schema=None) as batch_op:
        batch_op.drop_index('ix_caldav_busy_intervals_staff_time')

    op.drop_table('caldav_busy_intervals')
