"""Ledger verification: every balance recomputed from the ledger and compared with the caches."""
from __future__ import annotations

from dataclasses import dataclass

from pos_loyalty.services.ports import UnitOfWork


@dataclass(frozen=True)
class Drift:
    what: str       # "points", "stamps" or "lot"
    key: str
    ledger: int
    cached: int

    def __str__(self) -> str:
        return f"{self.what} {self.key}: ledger says {self.ledger}, cache says {self.cached}"


def verify_ledger(*, uow: UnitOfWork) -> list[Drift]:
    """Every difference between what the ledger implies and what the caches hold (empty: clean)."""
    with uow.reading():
        truth, cache = uow.ledger_totals(), uow.cached_totals()
    drifts: list[Drift] = []
    for what, left, right in (("points", truth.points, cache.points), ("stamps", truth.stamps, cache.stamps),
                              ("lot", truth.lots, cache.lots)):
        for key in sorted(set(left) | set(right), key=str):
            if left.get(key, 0) != right.get(key, 0):
                drifts.append(Drift(what, ":".join(key) if isinstance(key, tuple) else key,
                                    left.get(key, 0), right.get(key, 0)))
    return drifts
