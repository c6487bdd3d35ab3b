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


@dataclass(frozen=True)
class Broken:
    """An invariant of the ledger that does not hold (not a cache: the entries themselves)."""

    what: str       # negative lot, negative balance, sequence gap, receipt entries, stranger entry
    key: str
    detail: str

    def __str__(self) -> str:
        return f"{self.what} {self.key}: {self.detail}"


def verify_ledger(*, uow: UnitOfWork) -> list[Drift | Broken]:
    """Every difference between what the ledger implies and what the caches hold, and every broken
    invariant: no negative lot or balance, this terminal's sequence numbers without a gap, each
    receipt's entries matching the receipt (empty: clean)."""
    with uow.reading():
        truth, cache = uow.ledger_totals(), uow.cached_totals()
        facts = uow.ledger_facts()
    drifts: list[Drift | Broken] = []
    for what, left, right in (("points", truth.points, cache.points), ("stamps", truth.stamps, cache.stamps),
                              ("lot", truth.lots, cache.lots)):
        for key in sorted(set(left) | set(right), key=str):
            if left.get(key, 0) != right.get(key, 0):
                drifts.append(Drift(what, ":".join(key) if isinstance(key, tuple) else key,
                                    left.get(key, 0), right.get(key, 0)))
    return drifts + broken_invariants(facts)


def broken_invariants(facts: LedgerFacts) -> list[Broken]:
    out: list[Broken] = []
    for lot, member, remaining in facts.negative_lots:
        out.append(Broken("negative lot", lot, f"{remaining:,} points left (member {member})"))
    for member, points in facts.negative_balances:
        out.append(Broken("negative balance", member, f"{points:,} points"))
    for terminal, count, first, last in facts.terminals:
        # Only this till's own stream must run 1..n here: another terminal's entries come down for
        # the members this till serves, and that terminal (or the central page) also served others.
        if terminal == facts.terminal and (first != 1 or last - first + 1 != count):
            out.append(Broken("sequence gap", terminal, f"{count:,} entries numbered {first}..{last}: "
                                                        f"{last - count:,} missing"))
        if terminal == facts.terminal and facts.next_seq <= last:
            out.append(Broken("sequence counter", terminal, f"next number {facts.next_seq} is not after the last "
                                                            f"entry's {last}"))
    for receipt, earned, used, ledger_earned, ledger_used in facts.receipts:
        parts = []
        if earned != ledger_earned:
            parts.append(f"earned {earned:,} on the receipt, {ledger_earned:,} in the ledger")
        if used != ledger_used:
            parts.append(f"used {used:,} on the receipt, {ledger_used:,} in the ledger")
        out.append(Broken("receipt entries", receipt, "; ".join(parts)))
    for receipt, entry, member, whose in facts.strangers:
        out.append(Broken("stranger entry", entry, f"member {member}'s entry names receipt {receipt}, which is {whose}"))
    return out
