"""The central view of one member, built from the merged ledger with the till's own services,
so `central member show` prints the same fields, computed the same way, as `member show`."""
from __future__ import annotations

import threading
from datetime import datetime
from typing import Any, Optional

from sqlalchemy import Engine, func, select

from pos_loyalty.central.models import ledger, members, programs, receipts, spend
from pos_loyalty.engine.member import CardState, MemberId, MemberState, PointLot, SpendRecord
from pos_loyalty.members import Member
from pos_loyalty.program import Program
from pos_loyalty.reading import parse_json, validate
from pos_loyalty.sync.protocol import utc_text


class CentralMemberView:
    """Read-only, the part of a UnitOfWork that `member_summary` uses, over the central store."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._connection: Any = None

    def reading(self) -> "CentralMemberView":
        return self   # it only ever reads

    def __enter__(self) -> "CentralMemberView":
        self._connection = self.engine.connect()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._connection.close()
        self._connection = None

    def active_program(self) -> Optional[Program]:
        body = self._connection.execute(select(programs.c.body).order_by(programs.c.version.desc()).limit(1)).scalar()
        return None if body is None else validate(Program, parse_json(body, what="program"), what="program")

    def member(self, member_id: str) -> Optional[Member]:
        row = self._connection.execute(select(members).where(members.c.id == member_id)).first()
        if row is None:
            return None
        return Member(id=MemberId(row.id), name=row.name, phone=row.phone, birthday=row.birthday,
                      joined=row.joined, consent=row.consent)

    def member_state(self, member: Member, *, spend_since: datetime) -> MemberState:
        c = self._connection
        rows = c.execute(select(ledger.c.id, ledger.c.kind, ledger.c.at, ledger.c.points, ledger.c.stamps,
                                ledger.c.card_id, ledger.c.lot_id, ledger.c.promotion_id)
                         .where(ledger.c.member_id == member.id)).all()
        lots: dict[str, int] = {}
        earned: dict[str, datetime] = {}
        stamps: dict[str, int] = {}
        last_stamp: dict[str, datetime] = {}
        uses: dict[str, list[datetime]] = {}
        for row in rows:
            at = datetime.fromisoformat(row.at)
            if row.points:
                opens = row.points > 0 and row.kind in ("earn", "adjust") and row.lot_id is None
                lot = row.id if opens else row.lot_id
                if lot is not None:
                    lots[lot] = lots.get(lot, 0) + row.points
                    if opens:
                        earned[lot] = at
            if row.card_id is not None:
                stamps[row.card_id] = stamps.get(row.card_id, 0) + row.stamps
                if row.kind == "stamp" and row.stamps > 0:
                    last_stamp[row.card_id] = max(at, last_stamp.get(row.card_id, at))
            if row.kind == "use" and row.promotion_id:
                uses.setdefault(row.promotion_id, []).append(at)
        history = [(datetime.fromisoformat(at), amount) for at, amount in c.execute(
            select(spend.c.at, spend.c.amount).where(spend.c.member_id == member.id,
                                                     spend.c.at >= utc_text(spend_since)))]
        return MemberState(
            id=member.id, joined=member.joined, birthday=member.birthday,
            point_lots=tuple(sorted((PointLot(points=r, earned=earned[i], id=i) for i, r in lots.items()
                                     if r > 0 and i in earned), key=lambda lot: (lot.earned, lot.id))),
            stamps={card: CardState(count=n, last_stamp=last_stamp.get(card)) for card, n in stamps.items()},
            history=tuple(SpendRecord(at=at, spend=amount) for at, amount in history),
            uses={p: tuple(times) for p, times in uses.items()})


    def member_visits(self, member_id: str, limit: int) -> list[dict]:
        """The member's latest receipts at any till of the chain (the phone page's recent visits)."""
        rows = self._connection.execute(select(receipts.c.at, receipts.c.total, receipts.c.body)
                                        .where(receipts.c.member_id == member_id)
                                        .order_by(receipts.c.at.desc()).limit(limit))
        return [{"at": datetime.fromisoformat(row.at), "total": row.total,
                 "points_earned": int((row.body or {}).get("points_earned", 0))} for row in rows]


class Balances:
    """A member's points in the chain, for look-ups by the tills: the sum of the member's entries
    (one range of the `(member_id, points)` index, read from the index alone), one statement on a
    connection kept open in autocommit, so a call is one round trip: no pool check-out, pre-ping,
    BEGIN or ROLLBACK around it (on SQLite not the store's BEGIN IMMEDIATE either, a write lock
    for a read). A connection the server dropped is opened again once."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._raw: Any = None
        marker = "?" if engine.dialect.paramstyle == "qmark" else "%s"
        self._sql = f"SELECT coalesce(sum(points), 0) FROM ledger WHERE member_id = {marker}"

    def __call__(self, member_id: str) -> int:
        with self._lock:
            for attempt in (1, 2):
                try:
                    if self._raw is None:
                        self._raw = self._open()
                    cursor = self._raw.cursor()
                    try:
                        cursor.execute(self._sql, (member_id,))
                        return int(cursor.fetchone()[0])
                    finally:
                        cursor.close()
                except self.engine.dialect.loaded_dbapi.OperationalError:
                    self.close()
                    if attempt == 2:
                        raise
        raise AssertionError("unreachable")

    def _open(self) -> Any:
        raw = self.engine.raw_connection()   # the pool's connect-time settings (PRAGMAs) apply
        driver = raw.driver_connection
        if hasattr(driver, "autocommit"):     # psycopg: no transaction around a single read
            driver.autocommit = True
        return raw

    def close(self) -> None:
        if self._raw is not None:
            try:
                self._raw.invalidate()
            except Exception:  # noqa: BLE001 - a dead connection may fail to close; it is dropped either way
                pass
            self._raw = None


_BALANCES_LOCK = threading.Lock()


def balance(engine: Engine, member_id: str) -> int:
    """A member's points in the chain: the sum of its entries (one index range, one round trip)."""
    reader = getattr(engine, "_chain_balances", None)   # one per engine, kept with it
    if reader is None:
        with _BALANCES_LOCK:
            reader = getattr(engine, "_chain_balances", None) or Balances(engine)
            engine._chain_balances = reader  # type: ignore[attr-defined]
    return reader(member_id)
