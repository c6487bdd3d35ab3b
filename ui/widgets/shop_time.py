"""Times as the shop reads them: in the program's time zone, never UTC.

A sale at 07:25 on Wednesday in Taipei is stored as 23:25 Tuesday UTC; the receipt, the refund
list and the printed slip all say 07:25 Wednesday.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def shop_time(at: str | datetime, zone: Optional[str], *, short: bool = False) -> str:
    """`at` (ISO 8601 with an offset, or an aware datetime) in `zone`: "2026-11-25 07:25", or
    "11-25 07:25" when `short`. A time without an offset is read as UTC (how the store writes it)."""
    moment = datetime.fromisoformat(at) if isinstance(at, str) else at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    local = moment.astimezone(_zone(zone))
    return local.strftime("%m-%d %H:%M" if short else "%Y-%m-%d %H:%M")


def _zone(name: Optional[str]) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")
