"""staff with argon2id PINs and lockout; the audit log indexed by time

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 00:30:00
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'staff',
        sa.Column('id', sa.String(16), primary_key=True),
        sa.Column('name', sa.String(60), nullable=False, unique=True),
        sa.Column('role', sa.String(16), nullable=False),
        sa.Column('pin_hash', sa.String(200), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('failed_attempts', sa.Integer(), nullable=False),
        sa.Column('locked_until', sa.String(32), nullable=True),
        sa.Column('created_at', sa.String(32), nullable=False),
    )
    op.create_index('ix_audit_log_at', 'audit_log', ['at'])


def downgrade() -> None:
    op.drop_index('ix_audit_log_at', table_name='audit_log')
    op.drop_table('staff')
