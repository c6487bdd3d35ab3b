"""The receipt: what a checkout gives, costs and earns, with a reason for every figure."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Optional

from pos_loyalty.engine.member import PointLot

Text = dict[str, str]  # one message in every language


@dataclass
class Adjustment:
    """A discount: who gave it, how much, on which lines, and why in one line."""

    source: str
    amount: int
    explain: Text
    lines: dict[int, int] = field(default_factory=dict)
    kind: str = "order"  # "item" (phases 1-2), "order" (phase 3) or "prize"

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "amount": self.amount, "explain": self.explain["en"],
                "explain_i18n": self.explain, "kind": self.kind,
                "lines": [{"line": line, "amount": amount} for line, amount in sorted(self.lines.items())]}


@dataclass
class Draw:
    """One instant lucky draw and its outcome (recorded in the ledger at a real till)."""

    promotion: str
    prize: str
    percent_off: Optional[Any] = None
    item: Optional[dict[str, Any]] = None

    def to_dict(self) -> dict[str, Any]:
        """Exactly the spec's record, `{"promotion": ID, "prize": NAME}`."""
        return {"promotion": self.promotion, "prize": self.prize}

    def details(self) -> dict[str, Any]:
        """The record plus what the prize gives (percent off, or the item handed over and its cost)."""
        out: dict[str, Any] = self.to_dict()
        if self.item is not None:
            out["item"] = self.item
        if self.percent_off is not None:
            out["percent_off"] = float(self.percent_off) if self.percent_off % 1 else int(self.percent_off)
        return out


@dataclass
class Earning:
    """Points or stamps earned, or points used, with the sentence that explains it."""

    source: str
    explain: Text
    points: int = 0
    stamps: int = 0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source, "explain": self.explain["en"], "explain_i18n": self.explain}
        if self.points:
            out["points"] = self.points
        if self.stamps:
            out["stamps"] = self.stamps
        return out


@dataclass
class LineResult:
    """One basket line after every phase; refunds reverse exactly these shares."""

    index: int
    sku: str
    name: str
    category: Optional[str]
    price: int
    qty: int
    item_discount: int = 0
    order_discount: int = 0
    points_tender: int = 0  # minor units paid by points on this line
    points_used: int = 0    # points that paid for this line
    points_earned: int = 0
    stamps: dict[str, int] = field(default_factory=dict)

    @property
    def gross(self) -> int:
        return self.price * self.qty

    @property
    def paid(self) -> int:
        return self.gross - self.item_discount - self.order_discount - self.points_tender

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.index, "sku": self.sku, "name": self.name, "category": self.category,
                "price": self.price, "qty": self.qty, "gross": self.gross,
                "item_discount": self.item_discount, "order_discount": self.order_discount,
                "points_tender": self.points_tender, "points_used": self.points_used, "paid": self.paid,
                "points_earned": self.points_earned, "stamps": dict(self.stamps)}


@dataclass
class CardMovement:
    """What happened to one stamp card: expiry, opening, redemption, earning."""

    card: str
    before: int
    expired: int = 0
    opened: bool = False
    starter: int = 0
    redeemed: int = 0
    earned: int = 0
    last_stamp: Optional[datetime] = None
    expired_at: Optional[datetime] = None

    @property
    def after(self) -> int:
        return self.before - self.expired + self.starter - self.redeemed + self.earned


@dataclass
class PointsMovement:
    """Points: the lots that expired, the lots tender came from (FIFO), what was earned."""

    expired: list[PointLot] = field(default_factory=list)
    used_from: list[tuple[PointLot, int]] = field(default_factory=list)
    balance_before: int = 0


@dataclass
class Receipt:
    """The result of evaluating one checkout. `to_dict()` is the spec's receipt JSON."""

    currency: str
    exponent: int
    program_version: int
    at: datetime
    member_id: Optional[str]
    subtotal: int = 0
    discount_total: int = 0
    points_used: int = 0
    points_value: int = 0
    total: int = 0
    points_earned: int = 0
    points_balance: Optional[int] = None
    stamps: dict[str, int] = field(default_factory=dict)
    tier: Optional[str] = None
    adjustments: list[Adjustment] = field(default_factory=list)
    draws: list[Draw] = field(default_factory=list)
    notes: list[Text] = field(default_factory=list)  # "why not" lines only: what was asked and not done
    expiries: list[Earning] = field(default_factory=list)  # points and stamps that lapsed before this checkout
    earnings: list[Earning] = field(default_factory=list)
    lines: list[LineResult] = field(default_factory=list)
    cards: dict[str, CardMovement] = field(default_factory=dict)
    points: PointsMovement = field(default_factory=PointsMovement)
    promotions_used: list[str] = field(default_factory=list)
    cards_redeemed: list[str] = field(default_factory=list)
    # What each multiplier added to points_earned ("promotion:x", "tier:gold"): the points with it
    # less the points without it, so a manager sees a multiplier's cost on its own row.
    points_by_rule: dict[str, int] = field(default_factory=dict)

    @property
    def spend(self) -> int:
        """What counts towards tiers: the amount due plus points tender (net of discounts)."""
        return self.total + self.points_value

    def to_dict(self) -> dict[str, Any]:
        return {
            "subtotal": self.subtotal, "discount_total": self.discount_total,
            "points_used": self.points_used, "total": self.total,
            "points_earned": self.points_earned, "points_balance": self.points_balance,
            "stamps": dict(self.stamps), "tier": self.tier,
            "adjustments": [adjustment.to_dict() for adjustment in self.adjustments],
            "draws": [draw.to_dict() for draw in self.draws],
            "prizes": [draw.details() for draw in self.draws],
            "notes": [note["en"] for note in self.notes],
            "notes_i18n": list(self.notes),
            "earnings": [earning.to_dict() for earning in self.earnings],
            "expired": [expiry.to_dict() for expiry in self.expiries],
            "lines": [line.to_dict() for line in self.lines],
            "stamps_earned": {card: move.earned + move.starter for card, move in self.cards.items()
                              if move.earned or move.starter},
            "cards_redeemed": list(self.cards_redeemed),
            "promotions_used": list(self.promotions_used),
            "points_by_rule": dict(self.points_by_rule),
            "points_value": self.points_value, "spend": self.spend,
            "currency": {"code": self.currency, "exponent": self.exponent},
            "program_version": self.program_version,
            "member": self.member_id, "at": self.at.isoformat(),
        }
