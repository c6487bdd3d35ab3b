"""Calendar logic in the program's time zone: periods, birthdays, anniversaries."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

Period = Literal["day", "month", "year", "ever"]


def local(at: datetime, zone: ZoneInfo) -> datetime:
    return at.astimezone(zone)


@lru_cache(maxsize=8192)  # days repeat across checkouts; the answers are immutable
def start_of_day(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)


@lru_cache(maxsize=8192)
def month_start(day: date, zone: ZoneInfo) -> datetime:
    return start_of_day(day.replace(day=1), zone)


@lru_cache(maxsize=8192)
def previous_month_start(day: date, zone: ZoneInfo) -> datetime:
    first = day.replace(day=1)
    previous = (first - timedelta(days=1)).replace(day=1)
    return start_of_day(previous, zone)


def period_start(at: datetime, per: Period, zone: ZoneInfo) -> datetime | None:
    """Start of the calendar period containing `at` (None for "ever")."""
    today = local(at, zone).date()
    if per == "day":
        return start_of_day(today, zone)
    if per == "month":
        return month_start(today, zone)
    if per == "year":
        return start_of_day(today.replace(month=1, day=1), zone)
    return None


def anniversary(day: date, year: int) -> date:
    """`day` in `year`; 29 February falls on 28 February in other years."""
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def days_to_nearest_birthday(birthday: date, today: date) -> int:
    """Days between `today` and the nearest of last, this and next year's birthday."""
    return min(abs((anniversary(birthday, year) - today).days) for year in (today.year - 1, today.year, today.year + 1))


def full_years(since: date, today: date) -> int:
    """Whole years from `since` to `today` (29 February counts on 28 February)."""
    years = today.year - since.year
    if years > 0 and today < anniversary(since, today.year):
        years -= 1
    return max(years, 0)
