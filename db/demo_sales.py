"""The demo's months of sales through the real checkout service, kept in memory and written in one go.

`checkout()` asks its unit of work for the program, the member and the member's state, and hands
it the receipt, the ledger entries, spend and promotion uses. `DemoSales` answers those questions
from what it was handed before, exactly as `SqlUnitOfWork` reads them back from SQLite (same rows,
same order, instants as UTC), and writes everything at the end with `executemany` inside the
caller's transaction: ~8,000 checkouts cost what the engine costs, not 40,000 statements.
`tests/integration/test_demo_bulk.py` builds one store this way and one checkout by checkout
through `SqlUnitOfWork`, and finds every row the same and `ledger verify` clean.

Only what a demo checkout needs is here (no refunds, look-ups or reports): anything else is asked
of the real store after the load.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any, Optional

from db.sale_rows import SQL, adjustment_rows, instant, ledger_row, line_rows, receipt_row, utc_text
from pos_loyalty.engine.member import CardState, MemberState, PointLot, SpendRecord
from pos_loyalty.ledger import LedgerEntry
from pos_loyalty.members import Member
from pos_loyalty.program import Program


@dataclass
class _Sale:
    """What one checkout handed over: kept aside until commit() (a failed checkout leaves nothing)."""

    receipts: list[tuple[str, dict, list[dict]]] = field(default_factory=list)
    entries: list[LedgerEntry] = field(default_factory=list)
    spend: list[tuple[str, datetime, int, str]] = field(default_factory=list)
    uses: list[tuple[str, str, datetime, str]] = field(default_factory=list)
    audit: list[tuple[str, dict, datetime, str]] = field(default_factory=list)
    seq_after: int = 0


@dataclass
class _Lot:
    member: str
    earned_text: str
    remaining: int
    seen_as: Optional[PointLot] = None  # as member_state last handed it out (None: remaining moved since)

    def as_read(self, lot: str) -> PointLot:
        if self.seen_as is None:
            self.seen_as = PointLot(points=self.remaining, earned=instant(self.earned_text), id=lot)
        return self.seen_as


@dataclass
class _Balances:
    """One member's caches as SqlUnitOfWork.member_state reads them, kept in the order it reads
    them so that a checkout's question costs no sorting or parsing of the member's past."""

    lots: dict[str, _Lot] = field(default_factory=dict)
    stamps: dict[str, list[Any]] = field(default_factory=dict)          # card -> [count, last stamp]
    spend_at: list[str] = field(default_factory=list)                   # UTC text, ascending
    spend: list[SpendRecord] = field(default_factory=list)              # the same order
    uses: dict[str, list[datetime]] = field(default_factory=dict)       # promotion -> times, as written

    def add_spend(self, text: str, record: SpendRecord) -> None:
        at = bisect_right(self.spend_at, text)  # after equal instants: the rowid order among them
        self.spend_at.insert(at, text)
        self.spend.insert(at, record)


class DemoSales:
    """A unit of work for bulk-loading sales into a fresh store: one transaction per `write()`."""

    def __init__(self, *, terminal_id: str, program: Program, members: list[Member], next_seq: int) -> None:
        self.terminal_id = terminal_id
        self._program = program
        self._members = {member.id: member for member in members}
        self._next_seq = next_seq
        self._balances: dict[str, _Balances] = {}
        self._points: dict[str, int] = {}
        self._lots: dict[str, _Lot] = {}                            # in the order they opened
        self._stamps: dict[tuple[str, str], list[Any]] = {}         # in the order the rows are first written
        self._sales: list[_Sale] = []                               # committed, in order
        self._open: Optional[_Sale] = None

    @classmethod
    def after(cls, uow: Any) -> "DemoSales":
        """Sales to follow what `uow` (a SqlUnitOfWork, inside its transaction) holds now: its members,
        active program and next sequence number. Its point, stamp, spend and use caches must be empty."""
        from db.store import MEMBERS, _MEMBER_COLUMNS, _member
        from sqlalchemy import select

        program = uow.active_program()
        if program is None:
            raise ValueError("publish a program before loading sales")
        if uow.sync_standing() is not None:
            raise ValueError("bulk sales go into a standalone store, not one linked to a chain")
        cursor = uow._cursor()
        for table in ("point_lots", "stamp_balances", "spend", "promotion_uses", "receipts"):
            if cursor.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
                raise ValueError(f"bulk sales go into a store without sales ({table} has rows)")
        members = [_member(row) for row in uow.c.execute(select(*_MEMBER_COLUMNS).order_by(MEMBERS.c.id))]
        return cls(terminal_id=uow.terminal_id, program=program, members=members,
                   next_seq=int(uow.setting("next_seq") or "1"))

    def fresh(self) -> "DemoSales":
        """Another load into the same store (a shard of other members): nothing sold yet."""
        return DemoSales(terminal_id=self.terminal_id, program=self._program, members=list(self._members.values()),
                         next_seq=self._next_seq)

    # -- the unit of work checkout() uses ------------------------------------------------
    def __enter__(self) -> "DemoSales":
        if self._open is None:
            self._open = _Sale(seq_after=self._next_seq)
        return self

    def __exit__(self, *exc: Any) -> None:
        self._open = None  # what was not committed is forgotten, as a rollback would

    def reading(self) -> "DemoSales":
        return self

    def commit(self) -> None:
        sale = self._sale
        self._next_seq = sale.seq_after
        self._move_caches(sale.entries)
        for member_id, at, amount, _ in sale.spend:
            self._member_balances(member_id).add_spend(_utc(at), SpendRecord(at=_stored(at), spend=amount))
        for member_id, promotion, at, _ in sale.uses:
            self._member_balances(member_id).uses.setdefault(promotion, []).append(_stored(at))
        self._sales.append(sale)
        self._open = None

    def active_program(self) -> Optional[Program]:
        return self._program

    def program(self, version: int) -> Optional[Program]:
        return self._program if version == self._program.version else None

    def sync_standing(self) -> None:
        """A standalone store (after() checked): no offline allowance applies."""
        return None

    def member(self, member_id: str) -> Optional[Member]:
        return self._members.get(member_id)

    def member_state(self, member: Member, *, spend_since: datetime) -> MemberState:
        mine = self._balances.get(member.id) or _Balances()
        lots = sorted((row.earned_text, lot, row) for lot, row in mine.lots.items() if row.remaining > 0)
        return MemberState(
            id=member.id, joined=member.joined, birthday=member.birthday,
            point_lots=tuple(row.as_read(lot) for _, lot, row in lots),
            stamps={card: CardState(count=count, last_stamp=last)
                    for card, (count, last) in sorted(mine.stamps.items())},
            history=tuple(mine.spend[bisect_left(mine.spend_at, _utc(spend_since)):]),
            uses={promotion: tuple(times) for promotion, times in sorted(mine.uses.items())})  # the index's order

    def add_receipt(self, receipt_id: str, body: dict, tenders: list[dict]) -> None:
        self._sale.receipts.append((receipt_id, body, tenders))

    def audit(self, action: str, detail: dict, at: datetime, actor: str = "till") -> None:
        self._sale.audit.append((action, detail, at, actor))

    def next_seq(self, count: int) -> int:
        first = self._sale.seq_after
        self._sale.seq_after = first + count
        return first

    def append(self, entries: list[LedgerEntry]) -> None:
        self._sale.entries.extend(entries)

    def add_spend(self, member_id: str, at: datetime, amount: int, receipt_id: str) -> None:
        self._sale.spend.append((member_id, at, amount, receipt_id))

    def add_uses(self, member_id: str, promotions: list[str], at: datetime, receipt_id: str) -> None:
        self._sale.uses.extend((member_id, promotion, at, receipt_id) for promotion in promotions)

    @property
    def sold(self) -> int:
        """Checkouts committed so far."""
        return len(self._sales)

    # -- writing -------------------------------------------------------------------------
    def sale_rows(self) -> list["SaleRows"]:
        """Each committed sale as the rows it is written as (ledger sequence numbers given at write)."""
        out = []
        for sale in self._sales:
            out.append(SaleRows(
                receipts=[receipt_row(rid, self.terminal_id, body, tenders) for rid, body, tenders in sale.receipts],
                lines=[row for rid, body, _ in sale.receipts for row in line_rows(rid, body)],
                adjustments=[row for rid, body, _ in sale.receipts for row in adjustment_rows(rid, body)],
                ledger=[ledger_row(e) for e in sale.entries],
                lots=[(e.id, e.member, _utc(e.at), e.points) for e in sale.entries if e.opens_lot],
                spend=[(member, _utc(at), amount, rid) for member, at, amount, rid in sale.spend],
                uses=[(member, promotion, _utc(at), rid) for member, promotion, at, rid in sale.uses],
                audit=list(sale.audit)))
        return out

    def cache_rows(self) -> "CacheRows":
        """The caches the sales moved: lot remainders, stamp balances, member points."""
        return CacheRows(
            lots={lot: row.remaining for lot, row in self._lots.items()},
            stamps=[(member, card, count, None if last is None else _utc(last))
                    for (member, card), (count, last) in self._stamps.items()],
            points=list(self._points.items()))

    def write(self, uow: Any) -> int:
        """Everything committed so far, into `uow`'s transaction (the caller commits). Returns the receipts."""
        return write_sales(uow, self.sale_rows(), [self.cache_rows()])


    # -- the caches, moved as SqlUnitOfWork.append moves them ----------------------------
    def _move_caches(self, entries: list[LedgerEntry]) -> None:
        for e in entries:
            mine = self._member_balances(e.member)
            if e.opens_lot:
                mine.lots[e.id] = self._lots[e.id] = _Lot(e.member, _utc(e.at), e.points)
            elif e.points and e.lot and e.lot in self._lots:
                row = self._lots[e.lot]
                row.remaining += e.points
                row.seen_as = None
            if e.points:
                self._points[e.member] = self._points.get(e.member, 0) + e.points
            if e.card is not None and (e.stamps or e.kind == "stamp"):
                stamped = e.kind == "stamp" and e.stamps > 0
                row = self._stamps.get((e.member, e.card))
                if row is None:
                    row = self._stamps[(e.member, e.card)] = [e.stamps, _stored(e.at) if stamped else None]
                else:
                    row[0] += e.stamps
                    if stamped:
                        row[1] = _stored(e.at)
                mine.stamps[e.card] = row

    def _member_balances(self, member_id: str) -> _Balances:
        mine = self._balances.get(member_id)
        if mine is None:
            mine = self._balances[member_id] = _Balances()
        return mine

    @property
    def _sale(self) -> _Sale:
        assert self._open is not None, "use DemoSales inside `with`"
        return self._open


@dataclass
class SaleRows:
    """One sale's rows, ready for executemany; `ledger` rows carry a provisional sequence number."""

    receipts: list[tuple]
    lines: list[tuple]
    adjustments: list[tuple]
    ledger: list[tuple]
    lots: list[tuple]
    spend: list[tuple]
    uses: list[tuple]
    audit: list[tuple]


@dataclass
class CacheRows:
    lots: dict[str, int]                     # lot -> remaining
    stamps: list[tuple]                      # member, card, count, last stamp
    points: list[tuple[str, int]]            # member, points moved


def write_sales(uow: Any, sales: list[SaleRows], caches: list[CacheRows]) -> int:
    """`sales` in the order they were made (their entries numbered on from the store's next sequence
    number, as each checkout's next_seq would have), and the caches they moved (members apart)."""
    cursor = uow._cursor()
    seq = int(uow.setting("next_seq") or "1")
    ledger = []
    for sale in sales:
        for row in sale.ledger:
            ledger.append(row[:2] + (seq,) + row[3:])
            seq += 1
    remaining: dict[str, int] = {}
    for cache in caches:
        remaining.update(cache.lots)
    cursor.executemany(SQL["receipt"], [row for sale in sales for row in sale.receipts])
    cursor.executemany(SQL["line"], [row for sale in sales for row in sale.lines])
    cursor.executemany(SQL["adjustment"], [row for sale in sales for row in sale.adjustments])
    cursor.executemany(SQL["ledger"], ledger)
    cursor.executemany(SQL["lot"], [(lot, member, at, remaining[lot]) for sale in sales
                                    for lot, member, at, _ in sale.lots])
    first: dict[tuple[str, str], int] = {}  # a stamp balance's row is made by the first entry on that card
    for index, row in enumerate(ledger):
        if row[8] is not None:
            first.setdefault((row[3], row[8]), index)
    stamps = sorted((row for cache in caches for row in cache.stamps), key=lambda row: first[(row[0], row[1])])
    cursor.executemany("INSERT INTO stamp_balances (member_id, card_id, count, last_stamp) VALUES (?, ?, ?, ?)",
                       stamps)
    cursor.executemany("UPDATE members SET points = points + ? WHERE id = ?",
                       [(points, member) for cache in caches for member, points in cache.points])
    cursor.executemany("INSERT INTO spend (member_id, at, amount, receipt_id) VALUES (?, ?, ?, ?)",
                       [row for sale in sales for row in sale.spend])
    cursor.executemany("INSERT INTO promotion_uses (member_id, promotion_id, at, receipt_id, reversed) "
                       "VALUES (?, ?, ?, ?, 0)", [row for sale in sales for row in sale.uses])
    for sale in sales:
        for action, detail, at, actor in sale.audit:
            uow.audit(action, detail, at, actor=actor)
    if ledger:
        uow.set_setting("next_seq", str(seq))
    return sum(len(sale.receipts) for sale in sales)


@lru_cache(maxsize=4096)
def _utc(at: datetime) -> str:
    """utc_text, once per instant: a sale's instant is written on its receipt, entries, lots, spend
    and uses (equal instants in other zones are equal keys and give the same text)."""
    return utc_text(at)


@lru_cache(maxsize=4096)
def _stored(at: datetime) -> datetime:
    """An instant as it comes back from the store: UTC, microseconds kept."""
    return datetime.fromisoformat(_utc(at))


__all__ = ["CacheRows", "DemoSales", "SaleRows", "write_sales"]
