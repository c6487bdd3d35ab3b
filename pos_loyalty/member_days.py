"""Member days on the calendar: which promotions apply on a given day (and at which hours), and
a member day built from a manager's few choices (which days, what effect, for whom)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Optional, Sequence

from pos_loyalty.errors import InvalidInput
from pos_loyalty.program import Program, Promotion

EFFECTS = ("percent_off", "points_multiplier", "bonus_points")


@dataclass(frozen=True)
class DayMark:
    """One promotion on one calendar day: its hours (None: all day), tiers and members-only mark."""

    promotion: str
    name: str
    hours: Optional[tuple[str, str]]
    tiers: tuple[str, ...]
    members_only: bool
    conditional: bool  # other conditions still apply at the till (min spend, birthday, ...)
    every_day: bool = False  # no calendar condition at all: it applies on every day

    @property
    def dated(self) -> bool:
        """Worth a mark on the calendar: it depends on the day or the hour."""
        return not self.every_day or self.hours is not None


def applies_on(promo: Promotion, day: date) -> bool:
    """The promotion's calendar conditions (weekdays, days of the month, months, dates, valid
    from/until) hold on `day`. Conditions about the basket or the member are not calendar ones."""
    c = promo.conditions
    if c.weekdays is not None and day.isoweekday() not in c.weekdays:
        return False
    if c.days_of_month is not None and day.day not in c.days_of_month:
        return False
    if c.months is not None and day.month not in c.months:
        return False
    if c.dates is not None and day not in c.dates:
        return False
    if c.valid_from is not None and day < c.valid_from:
        return False
    if c.valid_until is not None and day > c.valid_until:
        return False
    return True


def marks_for(program: Program, day: date, language: str = "en") -> list[DayMark]:
    marks = []
    for promo in sorted(program.promotions, key=lambda p: (p.priority, p.id)):
        if not applies_on(promo, day):
            continue
        c = promo.conditions
        hours = (c.time_of_day.from_.strftime("%H:%M"), c.time_of_day.until.strftime("%H:%M")) \
            if c.time_of_day is not None else None
        conditional = any(v is not None for v in (c.min_spend, c.min_qty, c.birthday, c.tenure_years, c.max_uses))
        every_day = all(v is None for v in (c.weekdays, c.days_of_month, c.months, c.dates, c.valid_from,
                                            c.valid_until))
        marks.append(DayMark(promotion=promo.id, name=promo.name_in(language), hours=hours,
                             tiers=tuple(c.tiers or ()), members_only=promo.members_only, conditional=conditional,
                             every_day=every_day))
    return marks


def applies_at_hour(mark: DayMark, hour: int) -> bool:
    if mark.hours is None:
        return True
    start, end = (int(t[:2]) * 60 + int(t[3:]) for t in mark.hours)
    minute = hour * 60
    if start < end:
        return start < minute + 60 and minute < end
    return minute + 60 > start or minute < end  # spans midnight


def new_member_day(*, promotion_id: str, name: str, name_zh: str = "", weekdays: Sequence[int] = (),
                   days_of_month: Sequence[int] = (), dates: Sequence[date] = (), effect: str, value: Any,
                   tiers: Sequence[str] = (), members_only: bool = True,
                   hours: Optional[tuple[str, str]] = None) -> dict[str, Any]:
    """The promotion (as the program file writes it) for a member day picked on the calendar."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", promotion_id or ""):
        raise InvalidInput("id: lower-case letters, digits and '-' only")
    if not (weekdays or days_of_month or dates):
        raise InvalidInput("days: pick weekdays, days of the month or dates")
    conditions: dict[str, Any] = {}
    if weekdays:
        conditions["weekdays"] = sorted(set(weekdays))
    if days_of_month:
        conditions["days_of_month"] = sorted(set(days_of_month))
    if dates:
        conditions["dates"] = [d.isoformat() for d in sorted(set(dates))]
    if tiers:
        conditions["tiers"] = list(tiers)
    if hours:
        conditions["time_of_day"] = {"from": hours[0], "until": hours[1]}
    if effect == "percent_off":
        body: dict[str, Any] = {"type": "percent_off", "percent": value, "scope": "order"}
    elif effect == "points_multiplier":
        body = {"type": "points_multiplier", "factor": value}
    elif effect == "bonus_points":
        body = {"type": "bonus_points", "points": value}
    else:
        raise InvalidInput(f"effect: {effect!r} is not one of {', '.join(EFFECTS)}")
    promo: dict[str, Any] = {"id": promotion_id, "name": name or promotion_id, "effect": body,
                             "conditions": conditions, "members_only": members_only}
    if name_zh:
        promo["names"] = {"zh_TW": name_zh}
    return promo


__all__ = ["DayMark", "applies_on", "marks_for", "applies_at_hour", "new_member_day", "EFFECTS"]
