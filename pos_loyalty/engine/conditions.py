"""Whether a promotion may apply at this checkout: who, when, what is in the basket."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from datetime import date, datetime
from typing import Optional
from zoneinfo import ZoneInfo

from pos_loyalty.engine.basket import Unit
from pos_loyalty.engine.calendar import days_to_nearest_birthday, full_years, period_start
from pos_loyalty.engine.member import MemberState
from pos_loyalty.program import Conditions, Match, Promotion, TierLevel


@dataclass(frozen=True)
class Occasion:
    """The facts conditions are read against: the instant, the member, the basket."""

    at: datetime
    zone: ZoneInfo
    member: Optional[MemberState]
    tier: Optional[TierLevel]
    subtotal: int
    units: tuple[Unit, ...]

    @cached_property
    def local(self) -> datetime:
        """The checkout's wall-clock time in the program's zone (asked by every condition)."""
        return self.at.astimezone(self.zone)


def promotion_applies(promotion: Promotion, occasion: Occasion, *, on_calendar: bool = False) -> bool:
    """Members-only, use limits and every given condition hold (`on_calendar`: the caller already
    knows the calendar conditions allow the day, see calendar_allows)."""
    if promotion.members_only and occasion.member is None:
        return False
    limit = promotion.conditions.max_uses
    if limit is not None:
        if occasion.member is None:
            return False
        if uses_in_period(promotion.id, limit.per, occasion) >= limit.count:
            return False
    return conditions_hold(promotion.conditions, occasion, effect_match=_effect_match(promotion),
                           on_calendar=on_calendar)


def uses_in_period(promotion_id: str, per: str, occasion: Occasion) -> int:
    """This member's uses before the checkout instant in the calendar period containing it."""
    assert occasion.member is not None
    start = period_start(occasion.at, per, occasion.zone)  # type: ignore[arg-type]
    uses = occasion.member.uses.get(promotion_id, ())
    return sum(1 for used in uses if used < occasion.at and (start is None or used >= start))


def calendar_allows(conditions: Conditions, today: date) -> bool:
    """The conditions that hold or not by the local day alone: weekdays, days of the month, months,
    dates, valid from/until."""
    return ((conditions.weekdays is None or today.isoweekday() in conditions.weekdays)
            and (conditions.days_of_month is None or today.day in conditions.days_of_month)
            and (conditions.months is None or today.month in conditions.months)
            and (conditions.dates is None or today in conditions.dates)
            and (conditions.valid_from is None or today >= conditions.valid_from)
            and (conditions.valid_until is None or today <= conditions.valid_until))


def conditions_hold(conditions: Conditions, occasion: Occasion, *, effect_match: Optional[Match],
                    on_calendar: bool = False) -> bool:
    now = occasion.local
    today = now.date()
    if not on_calendar and not calendar_allows(conditions, today):
        return False
    if conditions.min_spend is not None and occasion.subtotal < conditions.min_spend:
        return False
    if conditions.time_of_day is not None:
        clock, start, until = now.time().replace(tzinfo=None), conditions.time_of_day.from_, conditions.time_of_day.until
        inside = start <= clock < until if start < until else (clock >= start or clock < until)
        if not inside:
            return False
    if conditions.min_qty is not None:
        match = conditions.match or effect_match
        if sum(1 for unit in occasion.units if unit.matches(match)) < conditions.min_qty:
            return False
    if conditions.tiers is not None:
        if occasion.tier is None or occasion.tier.name not in conditions.tiers:
            return False
    member = occasion.member
    if conditions.birthday is not None:
        if member is None or member.birthday is None:
            return False
        if conditions.birthday.month:
            if member.birthday.month != today.month:
                return False
        elif days_to_nearest_birthday(member.birthday, today) > (conditions.birthday.window_days or 0):
            return False
    if conditions.tenure_years is not None:
        if member is None or member.joined is None or full_years(member.joined, today) < conditions.tenure_years:
            return False
    return True


def _effect_match(promotion: Promotion) -> Optional[Match]:
    # An effect's fields live in its __dict__; getattr on a field it lacks goes through pydantic's
    # slow __getattr__ (an exception inside), once per promotion per checkout.
    return vars(promotion.effect).get("match")
