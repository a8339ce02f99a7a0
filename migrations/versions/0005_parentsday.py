"""parentsday: events, families, wishes, plan, jobs

Revision ID: 0005_parentsday
Revises: 0006_overlap_guard
Create Date: 2026-11-25 10:01:44.726650
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import scheduler_app.models.base


revision = '0005_parentsday'
down_revision = '0003_public'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pd_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('slot_minutes', sa.Integer(), nullable=False),
    sa.Column('transition_minutes', sa.Integer(), nullable=False),
    sa.Column('wishes_open_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('wishes_close_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('publish_planned_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('self_booking_opens_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('published_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('slot_minutes IN (10, 15)', name=op.f('ck_pd_events_slot_minutes')),
    sa.CheckConstraint('transition_minutes >= 0 AND transition_minutes <= 30', name=op.f('ck_pd_events_transition_minutes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pd_events'))
    )
    op.create_table('pd_classes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['pd_events.id'], name=op.f('fk_pd_classes_event_id_pd_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pd_classes')),
    sa.UniqueConstraint('event_id', 'name', name=op.f('uq_pd_classes_event_id_name'))
    )
    op.create_table('pd_days',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('end_time', sa.Time(), nullable=False),
    sa.CheckConstraint('end_time > start_time', name=op.f('ck_pd_days_end_after_start')),
    sa.ForeignKeyConstraint(['event_id'], ['pd_events.id'], name=op.f('fk_pd_days_event_id_pd_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pd_days')),
    sa.UniqueConstraint('event_id', 'day', name=op.f('uq_pd_days_event_id_day'))
    )
    op.create_table('pd_families',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('access_code_hash', sa.String(length=64), nullable=False),
    sa.Column('code_version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['pd_events.id'], name=op.f('fk_pd_families_event_id_pd_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pd_families')),
    sa.UniqueConstraint('access_code_hash', name=op.f('uq_pd_families_access_code_hash')),
    sa.UniqueConstraint('event_id', 'key', name=op.f('uq_pd_families_event_id_key'))
    )
    op.create_table('pd_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('status', sa.Enum('queued', 'running', 'done', 'failed', name='jobstatus', native_enum=False, length=10), nullable=False),
    sa.Column('time_limit', sa.Double(), nullable=False),
    sa.Column('progress', sa.Double(), nullable=False),
    sa.Column('figures', sa.Text(), nullable=False),
    sa.Column('result', sa.Text(), nullable=True),
    sa.Column('error', sa.String(length=500), nullable=True),
    sa.Column('created_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('started_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('applied_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['pd_events.id'], name=op.f('fk_pd_jobs_event_id_pd_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pd_jobs'))
    )
    with op.batch_alter_table('pd_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pd_jobs_event_id'), ['event_id'], unique=False)

    op.create_table('pd_teachers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('room', sa.String(length=40), nullable=True),
    sa.Column('late_start', sa.Time(), nullable=True),
    sa.Column('early_leave', sa.Time(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['pd_events.id'], name=op.f('fk_pd_teachers_event_id_pd_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_members.id'], name=op.f('fk_pd_teachers_staff_id_staff_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pd_teachers')),
    sa.UniqueConstraint('event_id', 'code', name=op.f('uq_pd_teachers_event_id_code')),
    sa.UniqueConstraint('event_id', 'staff_id', name=op.f('uq_pd_teachers_event_id_staff_id'))
    )
    with op.batch_alter_table('pd_teachers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pd_teachers_staff_id'), ['staff_id'], unique=False)

    op.create_table('pd_breaks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('teacher_id', sa.Integer(), nullable=True),
    sa.Column('day', sa.Date(), nullable=True),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('end_time', sa.Time(), nullable=False),
    sa.CheckConstraint('end_time > start_time', name=op.f('ck_pd_breaks_end_after_start')),
    sa.ForeignKeyConstraint(['event_id'], ['pd_events.id'], name=op.f('fk_pd_breaks_event_id_pd_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['teacher_id'], ['pd_teachers.id'], name=op.f('fk_pd_breaks_teacher_id_pd_teachers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pd_breaks'))
    )
    with op.batch_alter_table('pd_breaks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pd_breaks_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pd_breaks_teacher_id'), ['teacher_id'], unique=False)

    op.create_table('pd_family_rooms',
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('cell', sa.BigInteger(), nullable=False),
    sa.Column('room', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['pd_families.id'], name=op.f('fk_pd_family_rooms_family_id_pd_families'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('family_id', 'cell', name=op.f('pk_pd_family_rooms')),
    sa.UniqueConstraint('family_id', 'cell', 'room', name=op.f('uq_pd_family_rooms_family_id_cell_room'))
    )
    op.create_table('pd_family_windows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('end_time', sa.Time(), nullable=False),
    sa.CheckConstraint('end_time > start_time', name=op.f('ck_pd_family_windows_end_after_start')),
    sa.ForeignKeyConstraint(['family_id'], ['pd_families.id'], name=op.f('fk_pd_family_windows_family_id_pd_families'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pd_family_windows'))
    )
    with op.batch_alter_table('pd_family_windows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pd_family_windows_family_id'), ['family_id'], unique=False)

    op.create_table('pd_students',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('class_id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('first_name', sa.String(length=80), nullable=False),
    sa.Column('last_name', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['class_id'], ['pd_classes.id'], name=op.f('fk_pd_students_class_id_pd_classes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['pd_events.id'], name=op.f('fk_pd_students_event_id_pd_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['family_id'], ['pd_families.id'], name=op.f('fk_pd_students_family_id_pd_families'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pd_students')),
    sa.UniqueConstraint('event_id', 'key', name=op.f('uq_pd_students_event_id_key'))
    )
    with op.batch_alter_table('pd_students', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pd_students_class_id'), ['class_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pd_students_family_id'), ['family_id'], unique=False)

    op.create_table('pd_appointments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('teacher_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('room', sa.String(length=40), nullable=False),
    sa.Column('source', sa.Enum('plan', 'self', 'office', name='appointmentsource', native_enum=False, length=10), nullable=False),
    sa.Column('created_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_pd_appointments_ends_after_start')),
    sa.ForeignKeyConstraint(['event_id'], ['pd_events.id'], name=op.f('fk_pd_appointments_event_id_pd_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['family_id'], ['pd_families.id'], name=op.f('fk_pd_appointments_family_id_pd_families'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['pd_students.id'], name=op.f('fk_pd_appointments_student_id_pd_students'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['teacher_id'], ['pd_teachers.id'], name=op.f('fk_pd_appointments_teacher_id_pd_teachers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pd_appointments')),
    sa.UniqueConstraint('student_id', 'teacher_id', name=op.f('uq_pd_appointments_student_id_teacher_id'))
    )
    with op.batch_alter_table('pd_appointments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pd_appointments_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pd_appointments_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pd_appointments_teacher_id'), ['teacher_id'], unique=False)

    op.create_table('pd_wishes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('teacher_id', sa.Integer(), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('wanted_by_family', sa.Boolean(), nullable=False),
    sa.Column('entered_by', sa.String(length=10), nullable=False),
    sa.Column('created_at', scheduler_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('priority BETWEEN 1 AND 3', name=op.f('ck_pd_wishes_priority_range')),
    sa.ForeignKeyConstraint(['event_id'], ['pd_events.id'], name=op.f('fk_pd_wishes_event_id_pd_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['family_id'], ['pd_families.id'], name=op.f('fk_pd_wishes_family_id_pd_families'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['pd_students.id'], name=op.f('fk_pd_wishes_student_id_pd_students'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['teacher_id'], ['pd_teachers.id'], name=op.f('fk_pd_wishes_teacher_id_pd_teachers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pd_wishes')),
    sa.UniqueConstraint('student_id', 'teacher_id', name=op.f('uq_pd_wishes_student_id_teacher_id'))
    )
    with op.batch_alter_table('pd_wishes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pd_wishes_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pd_wishes_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pd_wishes_teacher_id'), ['teacher_id'], unique=False)

    op.create_table('pd_family_presences',
    sa.Column('appointment_id', sa.Integer(), nullable=False),
    sa.Column('cell', sa.BigInteger(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('room', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['appointment_id'], ['pd_appointments.id'], name=op.f('fk_pd_family_presences_appointment_id_pd_appointments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['family_id', 'cell', 'room'], ['pd_family_rooms.family_id', 'pd_family_rooms.cell', 'pd_family_rooms.room'], name='fk_pd_family_presences_room', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('appointment_id', 'cell', name=op.f('pk_pd_family_presences'))
    )
    with op.batch_alter_table('pd_family_presences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pd_family_presences_family_id'), ['family_id'], unique=False)

    op.create_table('pd_occupancies',
    sa.Column('resource', sa.String(length=20), nullable=False),
    sa.Column('cell', sa.BigInteger(), nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['appointment_id'], ['pd_appointments.id'], name=op.f('fk_pd_occupancies_appointment_id_pd_appointments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('resource', 'cell', name=op.f('pk_pd_occupancies'))
    )
    with op.batch_alter_table('pd_occupancies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pd_occupancies_appointment_id'), ['appointment_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('pd_occupancies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pd_occupancies_appointment_id'))

    op.drop_table('pd_occupancies')
    with op.batch_alter_table('pd_family_presences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pd_family_presences_family_id'))

    op.drop_table('pd_family_presences')
    with op.batch_alter_table('pd_wishes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pd_wishes_teacher_id'))
        batch_op.drop_index(batch_op.f('ix_pd_wishes_family_id'))
        batch_op.drop_index(batch_op.f('ix_pd_wishes_event_id'))

    op.drop_table('pd_wishes')
    with op.batch_alter_table('pd_appointments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pd_appointments_teacher_id'))
        batch_op.drop_index(batch_op.f('ix_pd_appointments_family_id'))
        batch_op.drop_index(batch_op.f('ix_pd_appointments_event_id'))

    op.drop_table('pd_appointments')
    with op.batch_alter_table('pd_students', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pd_students_family_id'))
        batch_op.drop_index(batch_op.f('ix_pd_students_class_id'))

    op.drop_table('pd_students')
    with op.batch_alter_table('pd_family_windows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pd_family_windows_family_id'))

    op.drop_table('pd_family_windows')
    op.drop_table('pd_family_rooms')
    with op.batch_alter_table('pd_breaks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pd_breaks_teacher_id'))
        batch_op.drop_index(batch_op.f('ix_pd_breaks_event_id'))

    op.drop_table('pd_breaks')
    with op.batch_alter_table('pd_teachers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pd_teachers_staff_id'))

    op.drop_table('pd_teachers')
    with op.batch_alter_table('pd_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pd_jobs_event_id'))

    op.drop_table('pd_jobs')
    op.drop_table('pd_families')
    op.drop_table('pd_days')
    op.drop_table('pd_classes')
    op.drop_table('pd_events')
