"""Promotion effects on the basket: what each item or order effect takes off, and group winners."""
from __future__ import annotations

from typing import Callable, Iterable

from pos_loyalty.engine.basket import Unit, by_price_high_first, cheapest, matching
from pos_loyalty.money import exact, percent_of
from pos_loyalty.program import (
    AmountOffEffect, BuyXGetYEffect, NthItemEffect, PercentOffEffect, Promotion,
)


def item_discounts(promotion: Promotion, units: Iterable[Unit]) -> list[tuple[Unit, int]]:
    """What an item effect would take off each eligible matching unit (nothing is changed)."""
    effect = promotion.effect
    pool = matching(list(units), getattr(effect, "match", None), eligible_only=True)
    if isinstance(effect, (PercentOffEffect, NthItemEffect)):
        percent, off_by_price = exact(effect.percent), {}

        def off(unit: Unit) -> int:  # units share prices: each price's discount is worked out once
            amount = off_by_price.get(unit.price)
            if amount is None:
                amount = off_by_price[unit.price] = percent_of(unit.price, percent)
            return amount
    if isinstance(effect, PercentOffEffect) and effect.scope == "items":
        return [(unit, off(unit)) for unit in pool]
    if isinstance(effect, PercentOffEffect) and effect.scope == "cheapest":
        unit = cheapest([u for u in pool if u.price > 0])  # a free bag is not "the cheapest item"
        return [] if unit is None else [(unit, off(unit))]
    if isinstance(effect, NthItemEffect):
        ranked = by_price_high_first(pool)
        return [(unit, off(unit)) for unit in ranked[effect.n - 1::effect.n]]
    if isinstance(effect, BuyXGetYEffect):
        ranked = by_price_high_first(pool)
        size = effect.buy + effect.get
        free: list[tuple[Unit, int]] = []
        for start in range(0, len(ranked) - size + 1, size):
            group = ranked[start:start + size]
            free.extend((unit, unit.price) for unit in group[effect.buy:])
        return free
    raise ValueError(f"{promotion.id}: not an item effect")


def order_discount(promotion: Promotion, left_to_pay: int) -> int:
    """What an order effect takes off what is left to pay."""
    effect = promotion.effect
    if isinstance(effect, AmountOffEffect):
        return min(effect.amount, left_to_pay)
    if isinstance(effect, PercentOffEffect) and effect.scope == "order":
        return percent_of(left_to_pay, effect.percent)
    raise ValueError(f"{promotion.id}: not an order effect")


def price_value(promotion: Promotion, units: list[Unit], left_to_pay: int) -> int:
    """A price candidate valued alone on the basket as it stands."""
    if promotion.is_item_effect:
        return sum(amount for _, amount in item_discounts(promotion, units))
    return order_discount(promotion, left_to_pay)


def best_of(candidates: list[Promotion], value: Callable[[Promotion], int]) -> Promotion:
    """The candidate worth most; ties to the lower priority, then the lower id."""
    return min(candidates, key=lambda promo: (-value(promo), promo.priority, promo.id))


def by_group(promotions: Iterable[Promotion]) -> dict[str, list[Promotion]]:
    groups: dict[str, list[Promotion]] = {}
    for promo in promotions:
        if promo.exclusive_group is not None:
            groups.setdefault(promo.exclusive_group, []).append(promo)
    return groups
