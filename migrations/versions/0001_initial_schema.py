"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import scheduler_app.models.base


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('closures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('school_holiday', 'school_closed', name='closurekind', native_enum=False, length=20), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=True),
    sa.CheckConstraint('last_day >= first_day', name=op.f('ck_closures_ordered')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_closures')),
    sa.UniqueConstraint('kind', 'first_day', 'name', name=op.f('uq_closures_kind_first_day_name'))
    )
    op.create_table('rooms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.Enum('parents_room', 'counselling', 'office', 'classroom', name='roomkind', native_enum=False, length=20), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rooms')),
    sa.UniqueConstraint('code', name=op.f('uq_rooms_code'))
    )
    op.create_table('staff_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.Enum('admin', 'counsellor', 'teacher', name='role', native_enum=False, length=20), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('totp_secret', sa.String(length=64), nullable=True),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('created_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_members')),
    sa.UniqueConstraint('email', name=op.f('uq_staff_members_email'))
    )
    op.create_table('date_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('room_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('extra', 'blocked', name='daterulekind', native_enum=False, length=10), nullable=False),
    sa.Column('starts_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.CheckConstraint('(staff_id IS NULL) <> (room_id IS NULL)', name=op.f('ck_date_rules_one_owner')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_date_rules_ends_after_start')),
    sa.ForeignKeyConstraint(['room_id'], ['rooms.id'], name=op.f('fk_date_rules_room_id_rooms'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_members.id'], name=op.f('fk_date_rules_staff_id_staff_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_date_rules'))
    )
    with op.batch_alter_table('date_rules', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_date_rules_room_id'), ['room_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_date_rules_staff_id'), ['staff_id'], unique=False)

    op.create_table('offerings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('counselling', 'social_work', 'deine_chance', 'teacher_talk', name='offeringkind', native_enum=False, length=20), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('title_en', sa.String(length=160), nullable=True),
    sa.Column('description', sa.String(length=2000), nullable=True),
    sa.Column('in_person', sa.Boolean(), nullable=False),
    sa.Column('phone', sa.Boolean(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('buffer_before_minutes', sa.Integer(), nullable=False),
    sa.Column('buffer_after_minutes', sa.Integer(), nullable=False),
    sa.Column('min_notice_minutes', sa.Integer(), nullable=False),
    sa.Column('horizon_days', sa.Integer(), nullable=False),
    sa.Column('max_per_day', sa.Integer(), nullable=True),
    sa.Column('for_parents', sa.Boolean(), nullable=False),
    sa.Column('for_students', sa.Boolean(), nullable=False),
    sa.Column('confidential', sa.Boolean(), nullable=False),
    sa.Column('open_in_school_holidays', sa.Boolean(), nullable=False),
    sa.Column('topic_enabled', sa.Boolean(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.CheckConstraint('duration_minutes > 0 AND duration_minutes % 5 = 0', name=op.f('ck_offerings_duration')),
    sa.CheckConstraint('in_person OR phone', name=op.f('ck_offerings_some_mode')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_members.id'], name=op.f('fk_offerings_staff_id_staff_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offerings'))
    )
    with op.batch_alter_table('offerings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offerings_staff_id'), ['staff_id'], unique=False)

    op.create_table('bookings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('offering_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=True),
    sa.Column('mode', sa.Enum('in_person', 'phone', name='mode', native_enum=False, length=10), nullable=False),
    sa.Column('starts_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status', sa.Enum('confirmed', 'cancelled', 'no_show', name='bookingstatus', native_enum=False, length=10), nullable=False),
    sa.Column('booker_kind', sa.Enum('parent', 'student', name='bookerkind', native_enum=False, length=10), nullable=False),
    sa.Column('booker_name', sa.String(length=120), nullable=False),
    sa.Column('booker_email', sa.String(length=254), nullable=True),
    sa.Column('booker_phone', sa.String(length=40), nullable=True),
    sa.Column('topic', sa.String(length=500), nullable=True),
    sa.Column('manage_token_hash', sa.String(length=64), nullable=False),
    sa.Column('booking_code', sa.String(length=12), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('created_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('cancelled_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("mode = 'in_person' OR room_id IS NULL", name=op.f('ck_bookings_phone_has_no_room')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_bookings_ends_after_start')),
    sa.ForeignKeyConstraint(['offering_id'], ['offerings.id'], name=op.f('fk_bookings_offering_id_offerings')),
    sa.ForeignKeyConstraint(['room_id'], ['rooms.id'], name=op.f('fk_bookings_room_id_rooms')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_members.id'], name=op.f('fk_bookings_staff_id_staff_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bookings')),
    sa.UniqueConstraint('booking_code', name=op.f('uq_bookings_booking_code')),
    sa.UniqueConstraint('manage_token_hash', name=op.f('uq_bookings_manage_token_hash'))
    )
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bookings_offering_id'), ['offering_id'], unique=False)
        batch_op.create_index('ix_bookings_room_time', ['room_id', 'starts_at'], unique=False)
        batch_op.create_index('ix_bookings_staff_time', ['staff_id', 'starts_at'], unique=False)

    op.create_table('offering_rooms',
    sa.Column('offering_id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('preference', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['offering_id'], ['offerings.id'], name=op.f('fk_offering_rooms_offering_id_offerings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['room_id'], ['rooms.id'], name=op.f('fk_offering_rooms_room_id_rooms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('offering_id', 'room_id', name=op.f('pk_offering_rooms'))
    )
    op.create_table('weekly_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('room_id', sa.Integer(), nullable=True),
    sa.Column('offering_id', sa.Integer(), nullable=True),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('end_time', sa.Time(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('parity', sa.Enum('A', 'B', name='weekparity', native_enum=False), nullable=True),
    sa.CheckConstraint('(staff_id IS NULL) <> (room_id IS NULL)', name=op.f('ck_weekly_rules_one_owner')),
    sa.CheckConstraint('end_time > start_time', name=op.f('ck_weekly_rules_ends_after_start')),
    sa.CheckConstraint('weekday BETWEEN 0 AND 6', name=op.f('ck_weekly_rules_weekday')),
    sa.ForeignKeyConstraint(['offering_id'], ['offerings.id'], name=op.f('fk_weekly_rules_offering_id_offerings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['room_id'], ['rooms.id'], name=op.f('fk_weekly_rules_room_id_rooms'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_members.id'], name=op.f('fk_weekly_rules_staff_id_staff_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_weekly_rules'))
    )
    with op.batch_alter_table('weekly_rules', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_weekly_rules_room_id'), ['room_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_weekly_rules_staff_id'), ['staff_id'], unique=False)

    op.create_table('occupancies',
    sa.Column('resource', sa.String(length=20), nullable=False),
    sa.Column('cell', sa.BigInteger(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['booking_id'], ['bookings.id'], name=op.f('fk_occupancies_booking_id_bookings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('resource', 'cell', name=op.f('pk_occupancies'))
    )
    with op.batch_alter_table('occupancies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_occupancies_booking_id'), ['booking_id'], unique=False)

    op.create_table('outbox_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.Enum('mail', 'caldav', name='channel', native_enum=False, length=10), nullable=False),
    sa.Column('topic', sa.String(length=40), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('recipient', sa.String(length=254), nullable=True),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'sent', 'failed', name='outboxstatus', native_enum=False, length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('created_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['booking_id'], ['bookings.id'], name=op.f('fk_outbox_messages_booking_id_bookings'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_members.id'], name=op.f('fk_outbox_messages_staff_id_staff_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_messages'))
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_messages_booking_id'), ['booking_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_messages_booking_id'))
        batch_op.drop_index('ix_outbox_due')

    op.drop_table('outbox_messages')
    with op.batch_alter_table('occupancies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_occupancies_booking_id'))

    op.drop_table('occupancies')
    with op.batch_alter_table('weekly_rules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_weekly_rules_staff_id'))
        batch_op.drop_index(batch_op.f('ix_weekly_rules_room_id'))

    op.drop_table('weekly_rules')
    op.drop_table('offering_rooms')
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.drop_index('ix_bookings_staff_time')
        batch_op.drop_index('ix_bookings_room_time')
        batch_op.drop_index(batch_op.f('ix_bookings_offering_id'))

    op.drop_table('bookings')
    with op.batch_alter_table('offerings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offerings_staff_id'))

    op.drop_table('offerings')
    with op.batch_alter_table('date_rules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_date_rules_staff_id'))
        batch_op.drop_index(batch_op.f('ix_date_rules_room_id'))

    op.drop_table('date_rules')
    op.drop_table('staff_members')
    op.drop_table('rooms')
    op.drop_table('closures')

