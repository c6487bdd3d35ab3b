"""a member's rows together: point lots and stamp balances clustered by member; spend and
promotion-use indexes that hold what a sale reads

A sale reads the member's point lots, stamp balances, spend and promotion uses. On the
1,000,000-member store each lot and each spend or use row sat on its own page of its table,
reached through an index: ~20 random pages read per sale and, for a lot that points paid from,
two pages written (the table's and its id index's). Point lots and stamp balances are now
WITHOUT ROWID tables keyed by member first, so one leaf holds a member's rows; spend and
promotion_uses keep their row numbers (the sync client pushes spend by them) and get covering
indexes instead, so reading them never leaves the index.

Written by hand: Alembic's batch mode cannot make a table WITHOUT ROWID.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 14:30:00
"""
from __future__ import annotations

from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


_LOTS = """CREATE TABLE point_lots_new (
        id VARCHAR(36) NOT NULL,
        member_id VARCHAR(32) NOT NULL,
        earned_at VARCHAR(32) NOT NULL,
        remaining INTEGER NOT NULL,
        PRIMARY KEY ({key}),
        FOREIGN KEY(member_id) REFERENCES members (id)
    ){rowid}"""
_STAMPS = """CREATE TABLE stamp_balances_new (
        member_id VARCHAR(32) NOT NULL,
        card_id VARCHAR(100) NOT NULL,
        count INTEGER NOT NULL,
        last_stamp VARCHAR(32),
        PRIMARY KEY (member_id, card_id),
        FOREIGN KEY(member_id) REFERENCES members (id)
    ){rowid}"""
_WITHOUT_ROWID = " WITHOUT ROWID"


def _rebuild(table: str, create: str, columns: str, order: str) -> None:
    op.execute(create)
    op.execute(f"INSERT INTO {table}_new ({columns}) SELECT {columns} FROM {table} ORDER BY {order}")
    op.execute(f"DROP TABLE {table}")
    op.execute(f"ALTER TABLE {table}_new RENAME TO {table}")


def upgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_point_lots_member")
    _rebuild("point_lots", _LOTS.format(key="member_id, earned_at, id", rowid=_WITHOUT_ROWID),
             "id, member_id, earned_at, remaining", "member_id, earned_at, id")
    _rebuild("stamp_balances", _STAMPS.format(rowid=_WITHOUT_ROWID), "member_id, card_id, count, last_stamp",
             "member_id, card_id")
    op.execute("DROP INDEX ix_spend_member_at")
    op.execute("CREATE INDEX ix_spend_member_at ON spend (member_id, at, amount)")
    op.execute("DROP INDEX ix_uses_member")
    op.execute("CREATE INDEX ix_uses_member ON promotion_uses (member_id, reversed, promotion_id, at)")


def downgrade() -> None:
    op.execute("DROP INDEX ix_uses_member")
    op.execute("CREATE INDEX ix_uses_member ON promotion_uses (member_id, promotion_id)")
    op.execute("DROP INDEX ix_spend_member_at")
    op.execute("CREATE INDEX ix_spend_member_at ON spend (member_id, at)")
    _rebuild("stamp_balances", _STAMPS.format(rowid=""), "member_id, card_id, count, last_stamp", "member_id, card_id")
    _rebuild("point_lots", _LOTS.format(key="id", rowid=""), "id, member_id, earned_at, remaining", "earned_at, id")
    op.execute("CREATE INDEX ix_point_lots_member ON point_lots (member_id, earned_at)")
