"""What the engine knows of a member at the instant of a checkout."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Mapping, NewType, Optional

MemberId = NewType("MemberId", str)


@dataclass(frozen=True)
class PointLot:
    """Points earned together; they expire together (FIFO: the oldest lot is used first)."""

    points: int
    earned: Optional[datetime] = None
    id: Optional[str] = None  # the ledger entry that created the lot, where it came from a store


@dataclass(frozen=True)
class CardState:
    """An opened stamp card: its stamps and when the last one was given."""

    count: int
    last_stamp: Optional[datetime] = None


@dataclass(frozen=True)
class SpendRecord:
    """Spend (net of discounts) at an instant; the tier basis sums these."""

    at: datetime
    spend: int


@dataclass(frozen=True)
class MemberState:
    """A member's balances and history, as loaded by a service or a scenario file."""

    id: MemberId
    joined: Optional[date] = None
    birthday: Optional[date] = None
    point_lots: tuple[PointLot, ...] = ()
    stamps: Mapping[str, CardState] = field(default_factory=dict)
    history: tuple[SpendRecord, ...] = ()
    uses: Mapping[str, tuple[datetime, ...]] = field(default_factory=dict)
