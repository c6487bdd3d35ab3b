"""The local store: SQLite (WAL, foreign keys, synchronous=FULL) behind the services' UnitOfWork."""
from __future__ import annotations

import os
import signal
from datetime import datetime
from pathlib import Path
from typing import Any, Optional

from sqlalchemy import Engine, create_engine, event, func, insert, select, update
from sqlalchemy.orm import Session

from db.models import (
    AdjustmentRow, AuditRow, LedgerRow, MemberRow, MembershipCardRow, PointLotRow, ProductRow, ProgramRow,
    PromotionUseRow, ReceiptLineRow, ReceiptRow, RefundedLineRow, RefundRow, Setting, SpendRow, StampBalanceRow,
)
from pos_loyalty.engine.member import CardState, MemberId, MemberState, PointLot, SpendRecord
from pos_loyalty.ledger import LedgerEntry
from pos_loyalty.members import Member
from pos_loyalty.program import Program
from pos_loyalty.reading import parse_json, validate
from pos_loyalty.services.ports import LedgerTotals

CRASH_ENV = "POS_CRASH_AT"


def crash_point(name: str) -> None:
    """Test hook: `POS_CRASH_AT=name` kills this process right here, as a power cut would."""
    if os.environ.get(CRASH_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def open_engine(url_or_path: str | Path) -> Engine:
    """An engine on a SQLite file (or any SQLAlchemy URL) with the pragmas durability needs."""
    url = str(url_or_path)
    if "://" not in url:
        url = f"sqlite:///{Path(url).expanduser()}"
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _pragmas(connection, _record) -> None:  # noqa: ANN001
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            # FULL: a sale acknowledged on screen survives a power cut (fsync of the WAL per commit).
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.close()
    return engine


def _member(row: MemberRow) -> Member:
    return Member(id=MemberId(row.id), name=row.name, phone=row.phone, birthday=row.birthday,
                  joined=row.joined, consent=row.consent)


class SqlUnitOfWork:
    """One transaction on the store; `with uow:` opens it, `commit()` makes it durable."""

    def __init__(self, engine: Engine, terminal_id: Optional[str] = None, *, batch: bool = False) -> None:
        self.engine = engine
        self._terminal = terminal_id
        self.session: Optional[Session] = None
        self._programs: dict[int, Program] = {}
        self._batch = batch  # bulk loads (demo data): one transaction for many service calls

    # -- transaction ------------------------------------------------------------------
    def __enter__(self) -> "SqlUnitOfWork":
        if self.session is None:
            self.session = Session(self.engine, expire_on_commit=False)
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._batch and exc[0] is None:
            return
        assert self.session is not None
        self.session.rollback()
        self.session.close()
        self.session = None

    def commit(self) -> None:
        assert self.session is not None
        if self._batch:
            self.session.flush()
            return
        crash_point("before_commit")
        self.session.commit()
        crash_point("after_commit")

    def finish(self) -> None:
        """End a batch: commit everything at once."""
        assert self.session is not None
        self.session.commit()
        self.session.close()
        self.session = None

    @property
    def s(self) -> Session:
        assert self.session is not None, "use the unit of work inside `with uow:`"
        return self.session

    @property
    def terminal_id(self) -> str:
        if self._terminal is None:
            self._terminal = self.setting("terminal_id") or "T-01"
        return self._terminal

    def setting(self, key: str) -> Optional[str]:
        row = self.s.get(Setting, key)
        return row.value if row else None

    def set_setting(self, key: str, value: str) -> None:
        row = self.s.get(Setting, key)
        if row is None:
            self.s.add(Setting(key=key, value=value))
        else:
            row.value = value

    # -- programs ---------------------------------------------------------------------
    def _parse_program(self, row: ProgramRow) -> Program:
        if row.version not in self._programs:
            self._programs[row.version] = validate(Program, parse_json(row.body, what="program"), what="program")
        return self._programs[row.version]

    def active_program(self) -> Optional[Program]:
        row = self.s.scalars(select(ProgramRow).where(ProgramRow.active.is_(True))).first()
        return self._parse_program(row) if row else None

    def program(self, version: int) -> Optional[Program]:
        row = self.s.get(ProgramRow, version)
        return self._parse_program(row) if row else None

    def publish_program(self, program: Program, body: str, at: datetime) -> None:
        self.s.execute(update(ProgramRow).values(active=False))
        existing = self.s.get(ProgramRow, program.version)
        if existing is not None:
            raise ValueError(f"program version {program.version} already exists")
        self.s.add(ProgramRow(version=program.version, body=body, published_at=at, active=True))
        self.s.flush()

    # -- members ----------------------------------------------------------------------
    def member(self, member_id: str) -> Optional[Member]:
        row = self.s.get(MemberRow, member_id)
        return _member(row) if row else None

    def member_by_card(self, serial: str) -> Optional[Member]:
        row = self.s.get(MembershipCardRow, serial)
        return self.member(row.member_id) if row else None

    def member_by_phone(self, phone: str) -> Optional[Member]:
        row = self.s.scalars(select(MemberRow).where(MemberRow.phone == phone)).first()
        return _member(row) if row else None

    def find_members(self, text: str, limit: int = 20) -> list[Member]:
        if not text:
            return []
        digits = "".join(ch for ch in text if ch.isdigit())
        query = select(MemberRow)
        if digits and len(digits) >= 3 and len(digits) == len(text.replace("-", "").replace(" ", "")):
            query = query.where(MemberRow.phone.like(f"%{digits}"))
        else:
            query = query.where(MemberRow.name.like(f"{text}%"))
        return [_member(row) for row in self.s.scalars(query.limit(limit))]

    def add_member(self, member: Member, at: datetime) -> None:
        self.s.add(MemberRow(id=member.id, name=member.name, phone=member.phone, birthday=member.birthday,
                             joined=member.joined, consent=member.consent, points=0, created_at=at))
        self.s.flush()

    def next_member_id(self) -> str:
        number = int(self.setting("next_member") or "1")
        self.set_setting("next_member", str(number + 1))
        return f"M{number:07d}"

    def member_state(self, member: Member, *, spend_since: datetime) -> MemberState:
        lots = self.s.execute(select(PointLotRow.id, PointLotRow.remaining, PointLotRow.earned_at)
                              .where(PointLotRow.member_id == member.id, PointLotRow.remaining > 0)).all()
        stamps = self.s.execute(select(StampBalanceRow.card_id, StampBalanceRow.count, StampBalanceRow.last_stamp)
                                .where(StampBalanceRow.member_id == member.id)).all()
        history = self.s.execute(select(SpendRow.at, SpendRow.amount)
                                 .where(SpendRow.member_id == member.id, SpendRow.at >= spend_since)).all()
        uses: dict[str, list[datetime]] = {}
        for promotion, at in self.s.execute(select(PromotionUseRow.promotion_id, PromotionUseRow.at).where(
                PromotionUseRow.member_id == member.id, PromotionUseRow.reversed.is_(False))):
            uses.setdefault(promotion, []).append(at)
        return MemberState(
            id=member.id, joined=member.joined, birthday=member.birthday,
            point_lots=tuple(PointLot(points=r, earned=e, id=i) for i, r, e in sorted(lots, key=lambda l: l[2])),
            stamps={card: CardState(count=count, last_stamp=last) for card, count, last in stamps},
            history=tuple(SpendRecord(at=at, spend=amount) for at, amount in history),
            uses={promotion: tuple(times) for promotion, times in uses.items()})

    def member_lots(self, member_id: str) -> dict[str, int]:
        return dict(self.s.execute(select(PointLotRow.id, PointLotRow.remaining)
                                   .where(PointLotRow.member_id == member_id, PointLotRow.remaining > 0)).all())

    # -- receipts and refunds ---------------------------------------------------------
    def add_receipt(self, receipt_id: str, body: dict, tenders: list[dict]) -> None:
        self.s.execute(insert(ReceiptRow).values(
            id=receipt_id, terminal_id=self.terminal_id, member_id=body["member"],
            at=datetime.fromisoformat(body["at"]), program_version=body["program_version"],
            subtotal=body["subtotal"], discount_total=body["discount_total"], points_used=body["points_used"],
            total=body["total"], points_earned=body["points_earned"], tenders=tenders, body=body))
        crash_point("after_receipt")
        self.s.execute(insert(ReceiptLineRow), [
            dict(receipt_id=receipt_id, line=l["line"], sku=l["sku"], name=l["name"], category=l["category"],
                 price=l["price"], qty=l["qty"], discount=l["item_discount"] + l["order_discount"], paid=l["paid"])
            for l in body["lines"]])
        if body["adjustments"]:
            self.s.execute(insert(AdjustmentRow), [
                dict(receipt_id=receipt_id, source=a["source"], amount=a["amount"], explain=a["explain"])
                for a in body["adjustments"]])
        crash_point("after_lines")

    def receipt(self, receipt_id: str) -> Optional[dict]:
        row = self.s.get(ReceiptRow, receipt_id)
        if row is None:
            return None
        return {**row.body, "id": row.id, "tenders": row.tenders}

    def recent_receipts(self, limit: int = 50) -> list[dict]:
        rows = self.s.scalars(select(ReceiptRow).order_by(ReceiptRow.at.desc()).limit(limit))
        return [{**row.body, "id": row.id, "tenders": row.tenders} for row in rows]

    def refunded_lines(self, receipt_id: str) -> set[int]:
        return set(self.s.scalars(select(RefundedLineRow.line).where(RefundedLineRow.receipt_id == receipt_id)))

    def add_refund(self, refund_id: str, receipt_id: str, lines: list[int], amount: int, at: datetime,
                   body: dict) -> None:
        self.s.execute(insert(RefundRow).values(id=refund_id, receipt_id=receipt_id, at=at, amount=amount, body=body))
        self.s.execute(insert(RefundedLineRow), [dict(receipt_id=receipt_id, line=line, refund_id=refund_id)
                                                 for line in lines])

    def ledger_for_receipt(self, receipt_id: str) -> list[LedgerEntry]:
        rows = self.s.scalars(select(LedgerRow).where(LedgerRow.receipt_id == receipt_id).order_by(LedgerRow.seq))
        return [_entry(row) for row in rows]

    def reverse_uses(self, receipt_id: str) -> None:
        self.s.execute(update(PromotionUseRow).where(PromotionUseRow.receipt_id == receipt_id).values(reversed=True))

    # -- ledger and caches ------------------------------------------------------------
    def next_seq(self, count: int) -> int:
        first = int(self.setting("next_seq") or "1")
        self.set_setting("next_seq", str(first + count))
        return first

    def append(self, entries: list[LedgerEntry]) -> None:
        """Append entries and move the caches (member points, stamps, lots) in the same transaction."""
        if not entries:
            return
        self.s.execute(insert(LedgerRow), [dict(
            id=e.id, terminal_id=e.terminal, seq=e.seq, member_id=e.member, kind=e.kind, at=e.at, points=e.points,
            stamps=e.stamps, card_id=e.card, promotion_id=e.promotion, lot_id=e.lot, receipt_id=e.receipt,
            program_version=e.program_version, reason=e.reason, synced=False) for e in entries])
        crash_point("after_ledger")
        points: dict[str, int] = {}
        for e in entries:
            if e.points:
                points[e.member] = points.get(e.member, 0) + e.points
                if e.opens_lot:
                    self.s.execute(insert(PointLotRow).values(id=e.id, member_id=e.member, earned_at=e.at,
                                                              remaining=e.points))
                elif e.lot is not None:
                    self.s.execute(update(PointLotRow).where(PointLotRow.id == e.lot)
                                   .values(remaining=PointLotRow.remaining + e.points))
            if e.card is not None and (e.stamps or e.kind == "stamp"):
                self._move_stamps(e)
        for member, delta in points.items():
            self.s.execute(update(MemberRow).where(MemberRow.id == member).values(points=MemberRow.points + delta))
        crash_point("after_caches")

    def _move_stamps(self, e: LedgerEntry) -> None:
        row = self.s.get(StampBalanceRow, (e.member, e.card))
        stamped = e.kind == "stamp" and e.stamps > 0
        if row is None:
            self.s.add(StampBalanceRow(member_id=e.member, card_id=e.card, count=e.stamps,
                                       last_stamp=e.at if stamped else None))
            self.s.flush()
        else:
            row.count += e.stamps
            if stamped:
                row.last_stamp = e.at

    def add_spend(self, member_id: str, at: datetime, amount: int, receipt_id: str) -> None:
        self.s.execute(insert(SpendRow).values(member_id=member_id, at=at, amount=amount, receipt_id=receipt_id))

    def add_uses(self, member_id: str, promotions: list[str], at: datetime, receipt_id: str) -> None:
        if promotions:
            self.s.execute(insert(PromotionUseRow), [dict(member_id=member_id, promotion_id=p, at=at,
                                                          receipt_id=receipt_id, reversed=False) for p in promotions])

    def lapsed_lots(self, before: datetime, limit: int) -> list[tuple[str, str, int]]:
        rows = self.s.execute(select(PointLotRow.id, PointLotRow.member_id, PointLotRow.remaining)
                              .where(PointLotRow.remaining > 0, PointLotRow.earned_at <= before).limit(limit))
        return [tuple(row) for row in rows]  # type: ignore[misc]

    def lapsed_cards(self, card_id: str, before: datetime, limit: int) -> list[tuple[str, int]]:
        rows = self.s.execute(select(StampBalanceRow.member_id, StampBalanceRow.count).where(
            StampBalanceRow.card_id == card_id, StampBalanceRow.count > 0,
            StampBalanceRow.last_stamp <= before).limit(limit))
        return [tuple(row) for row in rows]  # type: ignore[misc]

    def ledger_totals(self) -> LedgerTotals:
        points = dict(self.s.execute(select(LedgerRow.member_id, func.sum(LedgerRow.points))
                                     .group_by(LedgerRow.member_id)).all())
        stamps = {(m, c): n for m, c, n in self.s.execute(
            select(LedgerRow.member_id, LedgerRow.card_id, func.sum(LedgerRow.stamps))
            .where(LedgerRow.card_id.is_not(None)).group_by(LedgerRow.member_id, LedgerRow.card_id))}
        lot_key = func.coalesce(LedgerRow.lot_id, LedgerRow.id)
        lots = dict(self.s.execute(select(lot_key, func.sum(LedgerRow.points))
                                   .where(LedgerRow.points != 0,
                                          (LedgerRow.lot_id.is_not(None)) |
                                          (LedgerRow.kind.in_(("earn", "adjust")) & (LedgerRow.points > 0)))
                                   .group_by(lot_key)).all())
        return LedgerTotals(points={k: v for k, v in points.items() if v},
                            stamps={k: v for k, v in stamps.items() if v}, lots={k: v for k, v in lots.items() if v})

    def cached_totals(self) -> LedgerTotals:
        points = dict(self.s.execute(select(MemberRow.id, MemberRow.points).where(MemberRow.points != 0)).all())
        stamps = {(m, c): n for m, c, n in self.s.execute(
            select(StampBalanceRow.member_id, StampBalanceRow.card_id, StampBalanceRow.count)
            .where(StampBalanceRow.count != 0))}
        lots = dict(self.s.execute(select(PointLotRow.id, PointLotRow.remaining).where(PointLotRow.remaining != 0)).all())
        return LedgerTotals(points=points, stamps=stamps, lots=lots)

    def pending_sync(self) -> int:
        return self.s.scalar(select(func.count()).select_from(LedgerRow).where(LedgerRow.synced.is_(False))) or 0

    def audit(self, action: str, detail: dict, at: datetime, actor: str = "till") -> None:
        self.s.execute(insert(AuditRow).values(at=at, actor=actor, action=action, detail=detail))

    # -- products (the till's catalogue) ----------------------------------------------
    def product_by_code(self, code: str) -> Optional[ProductRow]:
        row = self.s.scalars(select(ProductRow).where(ProductRow.barcode == code)).first()
        return row or self.s.get(ProductRow, code)

    def products(self, category: Optional[str] = None, text: str = "", limit: int = 200) -> list[ProductRow]:
        query = select(ProductRow)
        if category:
            query = query.where(ProductRow.category == category)
        if text:
            query = query.where(ProductRow.name.like(f"%{text}%") | ProductRow.name_zh.like(f"%{text}%")
                                | ProductRow.sku.like(f"{text}%"))
        return list(self.s.scalars(query.order_by(ProductRow.category, ProductRow.name).limit(limit)))

    def categories(self) -> list[str]:
        return list(self.s.scalars(select(ProductRow.category).distinct().order_by(ProductRow.category)))


def _entry(row: LedgerRow) -> LedgerEntry:
    return LedgerEntry(id=row.id, terminal=row.terminal_id, seq=row.seq, member=row.member_id, kind=row.kind,
                       at=row.at, points=row.points, stamps=row.stamps, card=row.card_id, promotion=row.promotion_id,
                       lot=row.lot_id, receipt=row.receipt_id, program_version=row.program_version, reason=row.reason)


__all__ = ["SqlUnitOfWork", "open_engine", "crash_point", "CRASH_ENV"]
