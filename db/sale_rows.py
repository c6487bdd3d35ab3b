"""The rows a sale is written as: one definition for the till's unit of work and the demo's bulk load."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any, Optional

from pos_loyalty.ledger import LedgerEntry

SQL = {
    "receipt": "INSERT INTO receipts (id, terminal_id, member_id, at, program_version, subtotal, discount_total, "
               "points_used, total, points_earned, tenders, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "line": "INSERT INTO receipt_lines (receipt_id, line, sku, name, category, price, qty, discount, paid) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "adjustment": "INSERT INTO receipt_adjustments (receipt_id, source, amount, explain) VALUES (?, ?, ?, ?)",
    "ledger": "INSERT INTO ledger (id, terminal_id, seq, member_id, kind, at, points, stamps, card_id, promotion_id, "
              "lot_id, receipt_id, program_version, reason, synced) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
    "lot": "INSERT INTO point_lots (id, member_id, earned_at, remaining) VALUES (?, ?, ?, ?)",
}


def utc_text(moment: datetime) -> str:
    """An aware instant as the store writes it (see db.models.UtcDateTime)."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def instant(text: Optional[str]) -> Optional[datetime]:
    return None if text is None else datetime.fromisoformat(text)


def receipt_row(receipt_id: str, terminal: str, body: dict, tenders: list[dict]) -> tuple[Any, ...]:
    return (receipt_id, terminal, body["member"], utc_text(datetime.fromisoformat(body["at"])),
            body["program_version"], body["subtotal"], body["discount_total"], body["points_used"], body["total"],
            body["points_earned"], json.dumps(tenders), compact_json(body))


def compact_json(value: Any) -> str:
    """JSON as the store keeps it: UTF-8 text (not \\u escapes) without spaces, a third smaller for a
    receipt with Chinese explanations (fewer pages written per sale). Any JSON reader reads it."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def line_rows(receipt_id: str, body: dict) -> list[tuple[Any, ...]]:
    return [(receipt_id, line["line"], line["sku"], line["name"], line["category"], line["price"], line["qty"],
             line["item_discount"] + line["order_discount"], line["paid"]) for line in body["lines"]]


def adjustment_rows(receipt_id: str, body: dict) -> list[tuple[Any, ...]]:
    return [(receipt_id, a["source"], a["amount"], a["explain"]) for a in body["adjustments"]]


def ledger_row(e: LedgerEntry) -> tuple[Any, ...]:
    return (e.id, e.terminal, e.seq, e.member, e.kind, utc_text(e.at), e.points, e.stamps, e.card, e.promotion,
            e.lot, e.receipt, e.program_version, e.reason)


def new_lot_row(e: LedgerEntry) -> tuple[Any, ...]:
    return (e.id, e.member, utc_text(e.at), e.points)
