"""What `ledger verify` asks of the store beyond the cached balances: the facts its invariants need,
each one SQL aggregate (no row-by-row Python), so it runs on a store with 10M entries."""
from __future__ import annotations

from typing import Any

from pos_loyalty.services.ports import LedgerFacts

_SQL = {
    "negative_lots": "SELECT id, member_id, remaining FROM point_lots WHERE remaining < 0 ORDER BY id LIMIT 100",
    "negative_balances": "SELECT id, points FROM members WHERE points < 0 ORDER BY id LIMIT 100",
    "terminals": "SELECT terminal_id, count(*), min(seq), max(seq) FROM ledger GROUP BY terminal_id",
    # Each sale's own entries against the receipt: points earned, and points used as tender.
    "receipts": """
        SELECT r.id, r.points_earned, r.points_used, coalesce(l.earned, 0), coalesce(l.used, 0)
        FROM receipts r LEFT JOIN (
            SELECT receipt_id,
                   sum(CASE WHEN kind = 'earn' THEN points ELSE 0 END) AS earned,
                   -sum(CASE WHEN kind = 'redeem' THEN points ELSE 0 END) AS used
            FROM ledger WHERE receipt_id IS NOT NULL AND kind IN ('earn', 'redeem') GROUP BY receipt_id
        ) l ON l.receipt_id = r.id
        WHERE r.points_earned != coalesce(l.earned, 0) OR r.points_used != coalesce(l.used, 0)
        ORDER BY r.id LIMIT 100""",
    # An entry that names a receipt belongs to that receipt's member (a guest's receipt has none).
    # Entries pulled from another till name receipts that stay on that till: a receipt is missing
    # only for a terminal whose receipts this store holds.
    "strangers": """
        SELECT l.receipt_id, l.id, l.member_id,
               CASE WHEN r.id IS NULL THEN 'missing' WHEN r.member_id IS NULL THEN 'a guest''s'
                    ELSE 'member ' || r.member_id || '''s' END
        FROM ledger l
        LEFT JOIN receipts r ON r.id = l.receipt_id
        WHERE l.receipt_id IS NOT NULL
          AND ((r.id IS NULL AND l.terminal_id IN (SELECT terminal_id FROM receipts))
               OR (r.id IS NOT NULL AND (r.member_id IS NULL OR r.member_id != l.member_id)))
        ORDER BY l.receipt_id LIMIT 100""",
}


def ledger_facts(cursor: Any, terminal: str, next_seq: int) -> LedgerFacts:
    """The facts, read with a DB-API cursor inside the caller's (read) transaction."""
    return LedgerFacts(
        negative_lots=[tuple(row) for row in cursor.execute(_SQL["negative_lots"]).fetchall()],
        negative_balances=[tuple(row) for row in cursor.execute(_SQL["negative_balances"]).fetchall()],
        terminals=[tuple(row) for row in cursor.execute(_SQL["terminals"]).fetchall()],
        receipts=[tuple(row) for row in cursor.execute(_SQL["receipts"]).fetchall()],
        strangers=[tuple(row) for row in cursor.execute(_SQL["strangers"]).fetchall()],
        terminal=terminal, next_seq=next_seq)
