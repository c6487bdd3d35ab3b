"""What some lines of a sale give and cost when bought alone: the two sides a refund settles between.

A refund compares what the lines kept before it earn and cost with what the lines kept after it
earn and cost, each evaluated alone with the sale's own program version, member state and
instant (the engine is pure). The sale itself is read from its receipt and ledger entries, so the
first refund settles against what really happened.
"""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Optional, Sequence

from pos_loyalty.engine import BasketLine, Receipt, evaluate
from pos_loyalty.engine.member import MemberState
from pos_loyalty.ledger import LedgerEntry
from pos_loyalty.program import Program


@dataclass(frozen=True)
class Discount:
    """One discount of a sale: its explanation and what it took off each (original) line."""

    explain: dict[str, str]
    lines: dict[int, int]


@dataclass(frozen=True)
class Bought:
    """Money, points, stamps, draws and promotion uses of some lines bought alone."""

    total: int = 0                                          # money paid
    spend: int = 0                                          # what counted towards tiers
    points_used: dict[str, int] = field(default_factory=dict)   # lot id -> points paid with from it
    points_earned: int = 0
    stamps: dict[str, int] = field(default_factory=dict)    # card -> stamps given (starter + earned - redeemed)
    draws: dict[str, str] = field(default_factory=dict)     # promotion -> prize name
    prize_items: dict[str, dict[str, Any]] = field(default_factory=dict)  # promotion -> item handed over
    uses: Counter = field(default_factory=Counter)          # promotion uses (max_uses)
    discounts: dict[str, Discount] = field(default_factory=dict)  # source -> discount
    opened: frozenset[str] = frozenset()                    # stamp cards these lines opened


NOTHING = Bought()


class _NoDrawing(random.Random):
    """The rng a refund evaluates with: draws take their recorded outcome, nothing is drawn again."""

    def random(self) -> float:
        raise AssertionError("a refund re-evaluation must not draw")


def bought_at_sale(stored: dict, entries: Sequence[LedgerEntry]) -> Bought:
    """What the sale really gave and cost (its receipt and its own ledger entries)."""
    stamps: dict[str, int] = {}
    for entry in entries:
        if entry.kind in ("stamp", "reward") and entry.card is not None:
            stamps[entry.card] = stamps.get(entry.card, 0) + entry.stamps
    opened = frozenset(e.card for e in entries if e.kind == "stamp" and e.card and e.reason.startswith("opened"))
    used: dict[str, int] = {}
    for entry in entries:
        if entry.kind == "redeem" and entry.lot is not None:
            used[entry.lot] = used.get(entry.lot, 0) - entry.points
    return Bought(
        total=stored["total"], spend=stored.get("spend", stored["total"]), points_used=used,
        points_earned=stored["points_earned"] if stored.get("member") else 0,
        stamps={card: n for card, n in stamps.items() if n},
        draws={d["promotion"]: d["prize"] for d in stored.get("draws", [])},
        prize_items={p["promotion"]: p["item"] for p in stored.get("prizes", []) if p.get("item")},
        uses=Counter(stored.get("promotions_used", [])),
        discounts={a["source"]: Discount(explain=a.get("explain_i18n") or {"en": a["explain"]},
                                         lines={part["line"]: part["amount"] for part in a["lines"]})
                   for a in stored.get("adjustments", [])},
        opened=opened)


def bought_alone(program: Program, state: Optional[MemberState], lines: Sequence[dict], *, at: datetime,
                 redeem_points: Any, redeem_cards: Sequence[str], draws: dict[str, str]) -> Bought:
    """What `lines` (receipt lines) give and cost bought alone, as the sale was evaluated."""
    if not lines:
        return NOTHING
    basket = [BasketLine(sku=l["sku"], name=l["name"], price=l["price"], qty=l["qty"], category=l["category"])
              for l in lines]
    receipt = evaluate(program, state, basket, at=at, rng=_NoDrawing(), redeem_points=redeem_points,
                       redeem_cards=list(redeem_cards), recorded_draws=draws)
    return _from_receipt(receipt, [l["line"] for l in lines], member=state is not None)


def _from_receipt(receipt: Receipt, numbers: list[int], *, member: bool) -> Bought:
    used: dict[str, int] = {}
    for lot, points in receipt.points.used_from:
        if lot.id is not None:
            used[lot.id] = used.get(lot.id, 0) + points
    stamps = {card: move.starter + move.earned - move.redeemed for card, move in receipt.cards.items()}
    return Bought(
        total=receipt.total, spend=receipt.spend, points_used=used,
        points_earned=receipt.points_earned if member else 0,
        stamps={card: n for card, n in stamps.items() if n},
        draws={d.promotion: d.prize for d in receipt.draws},
        prize_items={d.promotion: d.item for d in receipt.draws if d.item},
        uses=Counter(receipt.promotions_used),
        discounts={a.source: Discount(explain=a.explain, lines={numbers[i]: amount for i, amount in a.lines.items()})
                   for a in receipt.adjustments},
        opened=frozenset(card for card, move in receipt.cards.items() if move.opened))
