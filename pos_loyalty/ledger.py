"""The ledger: append-only entries from which every balance is derived.

Kinds: earn, redeem, stamp, reward, refund, adjust, expire, plus use (a promotion given, for
max_uses) and draw (a lucky-draw outcome). Points entries carry the lot they touch: an earn or
positive adjust *is* a lot; redeem, expire and refund entries name it. Each entry has a UUIDv7
and the terminal's own sequence number, which is what makes sync idempotent.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Optional

Kind = Literal["earn", "redeem", "stamp", "reward", "refund", "adjust", "expire", "use", "draw"]
KINDS: tuple[str, ...] = ("earn", "redeem", "stamp", "reward", "refund", "adjust", "expire", "use", "draw")


@dataclass(frozen=True)
class LedgerEntry:
    """One movement. `points`/`stamps` are signed deltas; `lot` names the point lot touched."""

    id: str
    terminal: str
    seq: int
    member: str
    kind: Kind
    at: datetime
    points: int = 0
    stamps: int = 0
    card: Optional[str] = None
    promotion: Optional[str] = None
    lot: Optional[str] = None
    receipt: Optional[str] = None
    program_version: Optional[int] = None
    reason: str = ""

    @property
    def opens_lot(self) -> bool:
        return self.points > 0 and self.kind in ("earn", "adjust") and self.lot is None


@dataclass
class Balances:
    """What the ledger says a member has: points, stamps per card, points left in each lot."""

    points: int = 0
    stamps: dict[str, int] = field(default_factory=dict)
    lots: dict[str, int] = field(default_factory=dict)


def replay(entries: list[LedgerEntry]) -> dict[str, Balances]:
    """Every member's balances, recomputed from nothing but the entries."""
    out: dict[str, Balances] = {}
    for entry in sorted(entries, key=lambda e: (e.at, e.terminal, e.seq)):
        balances = out.setdefault(entry.member, Balances())
        balances.points += entry.points
        if entry.card is not None and entry.stamps:
            balances.stamps[entry.card] = balances.stamps.get(entry.card, 0) + entry.stamps
        elif entry.card is not None:
            balances.stamps.setdefault(entry.card, 0)
        if entry.points:
            lot = entry.id if entry.opens_lot else entry.lot
            if lot is not None:
                balances.lots[lot] = balances.lots.get(lot, 0) + entry.points
    return out
