"""join links already used (phones joining from the customer display's QR code)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 00:30:00
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

from db.models import UtcDateTime

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('join_links_used',
                    sa.Column('nonce', sa.String(length=32), nullable=False),
                    sa.Column('till', sa.String(length=64), nullable=False),
                    sa.Column('used_at', UtcDateTime(), nullable=False),
                    sa.Column('outcome', sa.String(length=32), nullable=False),
                    sa.PrimaryKeyConstraint('nonce'))
    op.create_index('ix_join_links_till_used', 'join_links_used', ['till', 'used_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_join_links_till_used', table_name='join_links_used')
    op.drop_table('join_links_used')
