"""The figures a backtest compares: what a programme gave away and what customers paid."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from pos_loyalty.engine.receipt import Receipt
from pos_loyalty.program import Program

FIGURES = ("discounts", "points_issued", "points_redeemed_value", "free_items", "prizes_cost",
           "members_affected", "paid")


@dataclass
class RuleFigures:
    """One rule's share: the discount it gave and the points it issued. A multiplier's points (a
    points_multiplier promotion, a tier's earn_multiplier) are what it added to the points earned,
    and are also inside the "points" row (base, tier and multipliers together)."""

    discounts: int = 0
    points: int = 0
    receipts: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"discounts": self.discounts, "points": self.points, "receipts": self.receipts}


@dataclass
class Figures:
    """Totals over many receipts. Money in minor units, points as points."""

    receipts: int = 0
    discounts: int = 0
    points_issued: int = 0
    points_redeemed_value: int = 0
    free_items: int = 0
    prizes_cost: int = 0
    paid: int = 0
    members: set[str] = field(default_factory=set)  # members who got anything from the programme
    rules: dict[str, RuleFigures] = field(default_factory=dict)

    @property
    def members_affected(self) -> int:
        return len(self.members)

    def add(self, receipt: Receipt, program: Program) -> None:
        """Count one evaluated receipt."""
        self.receipts += 1
        self.discounts += receipt.discount_total
        self.points_issued += receipt.points_earned
        self.points_redeemed_value += receipt.points_value
        self.paid += receipt.total
        for adjustment in receipt.adjustments:
            rule = self._rule(adjustment.source)
            rule.discounts += adjustment.amount
            rule.receipts += 1
            if adjustment.source.startswith("stamp_card:") and adjustment.kind == "item":
                self.free_items += 1
        for earning in receipt.earnings:
            if earning.points > 0:  # (negative "points" earnings are points used as tender)
                self._rule(earning.source).points += earning.points
        for source, points in receipt.points_by_rule.items():  # a multiplier's share of the "points" row
            self._rule(source).points += points
        for promotion in receipt.promotions_used:
            if not any(a.source == f"promotion:{promotion}" for a in receipt.adjustments):
                self._rule(f"promotion:{promotion}").receipts += 1  # points effects and draws: counted where used
        for draw in receipt.draws:
            if draw.item is not None:
                self.prizes_cost += int(draw.item.get("cost", 0))
        if receipt.member_id is not None and (receipt.discount_total or receipt.points_earned or receipt.draws):
            self.members.add(receipt.member_id)

    def _rule(self, source: str) -> RuleFigures:
        rule = self.rules.get(source)
        if rule is None:
            rule = self.rules[source] = RuleFigures()
        return rule

    def merge(self, other: "Figures") -> "Figures":
        self.receipts += other.receipts
        self.discounts += other.discounts
        self.points_issued += other.points_issued
        self.points_redeemed_value += other.points_redeemed_value
        self.free_items += other.free_items
        self.prizes_cost += other.prizes_cost
        self.paid += other.paid
        self.members |= other.members
        for source, rule in other.rules.items():
            mine = self._rule(source)
            mine.discounts += rule.discounts
            mine.points += rule.points
            mine.receipts += rule.receipts
        return self

    def remove(self, other: "Figures", *, members: set[str]) -> "Figures":
        """Take out `other` (some receipts' own figures), and `members` from those affected: what is
        left is the figures of the other receipts (a rule left with nothing is gone, as if never seen)."""
        self.receipts -= other.receipts
        self.discounts -= other.discounts
        self.points_issued -= other.points_issued
        self.points_redeemed_value -= other.points_redeemed_value
        self.free_items -= other.free_items
        self.prizes_cost -= other.prizes_cost
        self.paid -= other.paid
        self.members -= members
        for source, rule in other.rules.items():
            mine = self._rule(source)
            mine.discounts -= rule.discounts
            mine.points -= rule.points
            mine.receipts -= rule.receipts
            if (mine.discounts, mine.points, mine.receipts) == (0, 0, 0):
                del self.rules[source]
        return self

    def to_dict(self, *, rules: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"receipts": self.receipts, "discounts": self.discounts,
                               "points_issued": self.points_issued,
                               "points_redeemed_value": self.points_redeemed_value,
                               "free_items": self.free_items, "prizes_cost": self.prizes_cost,
                               "members_affected": self.members_affected, "paid": self.paid}
        if rules:
            out["by_rule"] = {source: rule.to_dict() for source, rule in sorted(self.rules.items())}
        return out


def rule_name(source: str, program: Optional[Program], language: str = "en") -> str:
    """A rule's name as the manager wrote it, from an adjustment or earning source ("promotion:x")."""
    if source == "points":
        return {"zh_TW": "點數（基本、等級與倍數）"}.get(language.replace("-", "_"), "Points (base, tier, multipliers)")
    kind, _, key = source.partition(":")
    if program is not None:
        for promo in program.promotions:
            if promo.id == key and kind == "promotion":
                return promo.name_in(language)
            if promo.id == key and kind == "lucky_draw":  # the prizes it gave, beside the draws counted as uses
                zh = language.replace("-", "_") == "zh_TW"
                return promo.name_in(language) + ("（獎品）" if zh else " (prizes)")
        for card in program.stamp_cards:
            if card.id == key and kind == "stamp_card":
                return card.name_in(language)
        if program.tiers is not None and kind == "tier":
            for level in program.tiers.levels:
                if level.name == key:
                    return level.name_in(language)
    return source
