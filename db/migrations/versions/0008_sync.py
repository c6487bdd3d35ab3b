"""sync with the central server: where a member enrolled, what the server put in quarantine

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 00:40:00
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('members') as batch:
        batch.add_column(sa.Column('origin', sa.String(32), nullable=True))
    op.create_table(
        'sync_quarantine',
        sa.Column('what', sa.String(16), primary_key=True),
        sa.Column('ref', sa.String(64), primary_key=True),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('at', sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('sync_quarantine')
    with op.batch_alter_table('members') as batch:
        batch.drop_column('origin')
