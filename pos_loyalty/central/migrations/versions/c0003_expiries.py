"""members who have had an expiry, for settling expiries across tills

Revision ID: c0003
Revises: c0002
Create Date: 2026-12-02 18:20:00
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = 'c0003'
down_revision = 'c0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_central_ledger_expiries', 'ledger', ['member_id'], unique=False,
                    postgresql_where=sa.text("kind = 'expire'"), sqlite_where=sa.text("kind = 'expire'"))


def downgrade() -> None:
    op.drop_index('ix_central_ledger_expiries', table_name='ledger')
