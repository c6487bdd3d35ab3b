"""held baskets: open tickets and the sale left open when the till closed

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 00:40:00
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa
import db.models


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('held_baskets',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('held_at', db.models.UtcDateTime(length=32), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.Column('body', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('held_baskets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_held_baskets_held_at'), ['held_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('held_baskets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_held_baskets_held_at'))
    op.drop_table('held_baskets')
