"""members by the last digits of their phone

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 18:32:00

Written by hand: Alembic cannot reflect expression indexes on SQLite, so autogenerate skips it.
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_members_phone_last3', 'members', [sa.text('substr(phone, -3)')], unique=False)


def downgrade() -> None:
    op.drop_index('ix_members_phone_last3', table_name='members')
