"""member and card aliases: the numbers a member and a card had before the till registered with the chain

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 14:50:00
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'member_aliases',
        sa.Column('old_id', sa.String(32), primary_key=True),
        sa.Column('member_id', sa.String(32), sa.ForeignKey('members.id'), nullable=False),
        sa.Column('renamed_at', sa.String(32), nullable=False),
    )
    op.create_table(
        'card_aliases',
        sa.Column('old_serial', sa.String(64), primary_key=True),
        sa.Column('serial', sa.String(64), nullable=False, index=True),
    )


def downgrade() -> None:
    op.drop_table('card_aliases')
    op.drop_table('member_aliases')
