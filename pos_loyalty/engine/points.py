"""Points: expiry of lots, points as tender (phase 4) and points earned (phase 6)."""
from __future__ import annotations

from datetime import datetime, timedelta
from fractions import Fraction
from math import floor
from typing import Optional, Union

from pos_loyalty.engine.explain import explain
from pos_loyalty.engine.member import MemberState, PointLot
from pos_loyalty.engine.receipt import Receipt
from pos_loyalty.money import exact, format_number
from pos_loyalty.program import Points, Promotion

RedeemAsk = Union[int, str]  # a number of points, or "max"


def usable_lots(points: Optional[Points], member: MemberState, at: datetime) -> tuple[list[PointLot], list[PointLot]]:
    """(usable lots oldest first, expired lots). Undated lots never expire and count as oldest."""
    usable: list[PointLot] = []
    expired: list[PointLot] = []
    days = points.expire_days if points else None
    for lot in member.point_lots:
        if lot.points <= 0:
            continue
        if days and lot.earned is not None and at >= lot.earned + timedelta(days=days):
            expired.append(lot)
        else:
            usable.append(lot)
    usable.sort(key=lambda lot: (lot.earned is not None, lot.earned or datetime.min))
    return usable, expired


def take_oldest_first(lots: list[PointLot], points: int) -> list[tuple[PointLot, int]]:
    taken: list[tuple[PointLot, int]] = []
    for lot in lots:
        if points <= 0:
            break
        take = min(lot.points, points)
        taken.append((lot, take))
        points -= take
    return taken


def tender(points: Points, asked: RedeemAsk, balance: int, left_to_pay: int, receipt: Receipt) -> int:
    """Phase 4: how many points pay, within the balance, the cap and the minimum."""
    redeem = points.redeem
    assert redeem is not None
    want = balance if asked == "max" else int(asked)
    if want <= 0:
        return 0
    cap = floor(Fraction(left_to_pay) * Fraction(redeem.max_percent) / 100 / redeem.value)
    used = min(want, balance, cap)
    if used < redeem.min_points:
        receipt.notes.append(explain("note_points_below_min", usable=used, min_points=redeem.min_points))
        return 0
    if asked != "max" and used < want:
        if used == cap and cap < balance:
            receipt.notes.append(explain("note_points_capped", used=used, asked=want,
                                         percent=format_number(redeem.max_percent)))
        else:
            receipt.notes.append(explain("note_points_short", used=used, asked=want, balance=balance))
    return used


def earned_points(base: int, tier_multiplier: Fraction, promotions: list[Promotion]) -> int:
    """floor(base x tier multiplier x every points_multiplier factor) + bonus points."""
    factor = tier_multiplier
    bonus = 0
    for promo in promotions:
        if promo.effect.type == "points_multiplier":
            factor *= exact(promo.effect.factor)
        elif promo.effect.type == "bonus_points":
            bonus += promo.effect.points
    return floor(base * factor) + bonus


def eligible_spend(net_all: int, net_earning: int, due: int) -> int:
    """floor(E x D / N): order discounts and tender shared over lines by their net."""
    return (net_earning * due) // net_all if net_all else 0
