"""The basket as the engine sees it: lines, and the single units rules are applied to."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from pos_loyalty.program import Match


@dataclass(frozen=True)
class BasketLine:
    """One line at the till: a product, its unit price (minor units) and quantity."""

    sku: str
    name: str
    price: int
    qty: int
    category: Optional[str] = None

    @property
    def gross(self) -> int:
        return self.price * self.qty


@dataclass(slots=True)
class Unit:
    """One unit of a line. `discount` is what phases 1 and 2 took off it, `by` who did."""

    line: int
    index: int
    price: int
    sku: str
    category: Optional[str]
    discount: int = 0
    by: Optional[str] = None
    free_from_card: bool = False
    key: tuple[str, Optional[str]] = ("", None)  # (sku, category): what a rule's match looks at

    @property
    def eligible(self) -> bool:
        """A unit with no discount from phase 1 or an earlier item promotion."""
        return self.by is None

    def matches(self, match: Optional[Match]) -> bool:
        return match is None or match.matches(self.sku, self.category)


def matching(units: list[Unit], match: Optional[Match], *, eligible_only: bool = False) -> list[Unit]:
    """The units that `match` selects (only those still eligible, if asked), in order.

    Rules scan every unit of a large basket many times per checkout, so a match is asked once per
    distinct (sku, category) and remembered on the rule itself (a program is immutable)."""
    if match is None:
        return [u for u in units if u.by is None] if eligible_only else list(units)
    verdicts = match.verdicts
    for key in {u.key for u in units}.difference(verdicts):
        verdicts[key] = match.matches(*key)
    if eligible_only:
        return [u for u in units if u.by is None and verdicts[u.key]]
    return [u for u in units if verdicts[u.key]]


def units_of(basket: list[BasketLine]) -> list[Unit]:
    """Every unit, in basket line order then unit order: the tie-break order of the spec."""
    return [Unit(line=i, index=k, price=line.price, sku=line.sku, category=line.category,
                 key=(line.sku, line.category))
            for i, line in enumerate(basket) for k in range(line.qty)]


def by_price_high_first(units: list[Unit]) -> list[Unit]:
    """Highest price first; equal prices keep line order, then unit order (a stable sort)."""
    return sorted(units, key=lambda unit: -unit.price)


def cheapest(units: list[Unit]) -> Optional[Unit]:
    """The cheapest unit; among equal prices the first in line order, then unit order."""
    return min(units, key=lambda unit: unit.price, default=None)
