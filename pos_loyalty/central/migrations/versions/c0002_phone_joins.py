"""phone joins on the central page: issuer keys, join keys, spent join links

Revision ID: c0002
Revises: c0001
Create Date: 2026-12-02 03:50:00
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = 'c0002'
down_revision = 'c0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('terminals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('join_key', sa.String(length=64), nullable=True))
    op.create_table('issuer_keys',
    sa.Column('key_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('terminal_id', sa.String(length=32), nullable=False),
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.Column('private_key', sa.String(length=64), nullable=True),
    sa.Column('added_at', sa.String(length=32), nullable=False),
    sa.Column('change', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('key_id')
    )
    with op.batch_alter_table('issuer_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issuer_keys_change'), ['change'], unique=False)
    op.create_table('join_links_used',
    sa.Column('nonce', sa.String(length=32), nullable=False),
    sa.Column('till', sa.String(length=64), nullable=False),
    sa.Column('used_at', sa.String(length=32), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('nonce')
    )
    with op.batch_alter_table('join_links_used', schema=None) as batch_op:
        batch_op.create_index('ix_central_join_links_till_used', ['till', 'used_at'], unique=False)


def downgrade() -> None:
    op.drop_table('join_links_used')
    with op.batch_alter_table('issuer_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_issuer_keys_change'))
    op.drop_table('issuer_keys')
    with op.batch_alter_table('terminals', schema=None) as batch_op:
        batch_op.drop_column('join_key')
