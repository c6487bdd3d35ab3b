"""Tiers: the member's level from spend over the basis window, and the way to the next one."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable, Optional
from zoneinfo import ZoneInfo

from pos_loyalty.engine.calendar import local, month_start, previous_month_start
from pos_loyalty.engine.member import SpendRecord
from pos_loyalty.program import TierLevel, Tiers


def basis_window(tiers: Tiers, at: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """[start, end) of the spend that counts; never the checkout itself, never the future."""
    today = local(at, zone).date()
    if tiers.basis == "previous_month":
        return previous_month_start(today, zone), month_start(today, zone)
    if tiers.basis == "current_month":
        return month_start(today, zone), at
    if tiers.basis == "rolling_days":
        assert tiers.days is not None
        return at - timedelta(days=tiers.days), at
    return at - timedelta(days=365), at


def spend_in_window(history: Iterable[SpendRecord], start: datetime, end: datetime) -> int:
    return sum(record.spend for record in history if start <= record.at < end)


def level_for(tiers: Tiers, spend: int) -> Optional[TierLevel]:
    """The qualifying level with the largest min_spend, or None."""
    qualifying = [level for level in tiers.levels if level.min_spend <= spend]
    return max(qualifying, key=lambda level: level.min_spend, default=None)


@dataclass(frozen=True)
class TierStanding:
    """Where a member stands: current level, spend so far, and what the next level needs."""

    level: Optional[TierLevel]
    spend: int                     # spend in the basis window that decided `level`
    next_level: Optional[TierLevel]
    to_next: int                   # spend still needed in the window now running for `next_level`
    progress: int = 0              # spend so far in that running window


def standing(tiers: Tiers, history: Iterable[SpendRecord], at: datetime, zone: ZoneInfo) -> TierStanding:
    history = list(history)
    spend = spend_in_window(history, *basis_window(tiers, at, zone))
    level = level_for(tiers, spend)
    # Progress counts the spend of the window that decides the *coming* tier: for
    # previous_month that is this month so far ("NT$1,240 more this month for gold").
    if tiers.basis == "previous_month":
        progress = spend_in_window(history, month_start(local(at, zone).date(), zone), at)
    else:
        progress = spend
    floor = level.min_spend if level else -1
    target = next((lv for lv in tiers.ranked() if lv.min_spend > floor), None)
    return TierStanding(level=level, spend=spend, next_level=target, progress=progress,
                        to_next=max(target.min_spend - progress, 0) if target else 0)
