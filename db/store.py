"""The local store: SQLite (WAL, foreign keys, synchronous=FULL) behind the services' UnitOfWork.

Statements are SQLAlchemy Core on the session's connection (built once, compiled once): the
ORM's per-statement overhead was most of a checkout's time.
"""
from __future__ import annotations

import os
import signal
import sqlite3
import weakref
from datetime import date, datetime
from pathlib import Path
from typing import Any, Optional

from sqlalchemy import (
    Connection, Engine, bindparam, create_engine, event, func, literal_column, or_, select,
)
from sqlalchemy.orm import Session

from db.held_baskets import HeldBasketRows
from db.models import Base
from db.sale_rows import SQL as SALE_SQL, adjustment_rows, instant as _instant, ledger_row, line_rows, new_lot_row, \
    receipt_row, utc_text as _utc_text
from pos_loyalty.errors import LoyaltyError, StoreBusy, StoreGone, StoreUnavailable
from pos_loyalty.engine.member import CardState, MemberId, MemberState, PointLot, SpendRecord
from pos_loyalty.ledger import LedgerEntry, replay
from pos_loyalty.members import Member
from pos_loyalty.program import Program
from pos_loyalty.reading import parse_json, validate
from pos_loyalty.services.offline_allowance import SyncStanding
from pos_loyalty.services.ports import LedgerFacts, LedgerTotals

CRASH_ENV = "POS_CRASH_AT"
BUSY_ENV = "POS_BUSY_MS"  # how long a write waits for another writer (ms); tests shorten it
BUSY_MS = 5000
T = Base.metadata.tables
SETTINGS, PROGRAMS, MEMBERS, CARDS = T["settings"], T["programs"], T["members"], T["membership_cards"]
STAMPS, LOTS, SPEND, USES = T["stamp_balances"], T["point_lots"], T["spend"], T["promotion_uses"]
RECEIPTS, LINES, ADJUSTMENTS = T["receipts"], T["receipt_lines"], T["receipt_adjustments"]
REFUNDS, REFUNDED, LEDGER, AUDIT, PRODUCTS = T["refunds"], T["refunded_lines"], T["ledger"], T["audit_log"], T["products"]
SEEN_CODES, ALIASES, CARD_ALIASES = T["seen_phone_codes"], T["member_aliases"], T["card_aliases"]
PHONE_LAST3 = func.substr(MEMBERS.c.phone, literal_column("-3"))  # the expression of ix_members_phone_last3

_MEMBER_COLUMNS = (MEMBERS.c.id, MEMBERS.c.name, MEMBERS.c.phone, MEMBERS.c.birthday, MEMBERS.c.joined,
                   MEMBERS.c.consent)
_Q = {  # the statements a sale runs are plain SQL in _SALE_SQL (driver cursor); these are the others
    "set_setting": SETTINGS.update().where(SETTINGS.c.key == bindparam("k")).values(value=bindparam("v")),
    "member_by_phone": select(*_MEMBER_COLUMNS).where(MEMBERS.c.phone == bindparam("phone")),
    "card": select(CARDS.c.member_id).where(CARDS.c.serial == bindparam("serial"), CARDS.c.revoked_at.is_(None)),
    "card_by_alias": select(CARDS.c.member_id).join(CARD_ALIASES, CARD_ALIASES.c.serial == CARDS.c.serial)
    .where(CARD_ALIASES.c.old_serial == bindparam("serial"), CARDS.c.revoked_at.is_(None)),
    "lots": select(LOTS.c.id, LOTS.c.remaining, LOTS.c.earned_at).where(
        LOTS.c.member_id == bindparam("member"), LOTS.c.remaining > 0).order_by(LOTS.c.earned_at, LOTS.c.id),
}


def crash_point(name: str) -> None:
    """Test hook: `POS_CRASH_AT=name` kills this process right here, as a power cut would."""
    if os.environ.get(CRASH_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def open_engine(url_or_path: str | Path, *, idle_checkpoints: bool = False) -> Engine:
    """An engine on the terminal's SQLite file (a path or a sqlite:/// URL) with the pragmas durability needs.

    `idle_checkpoints=True` is for a long-running till: SQLite's automatic WAL checkpoint would
    otherwise run inside every ~20th sale's commit (25-55 ms on the benchmark store), so the
    till turns it off and calls `checkpoint()` when it is idle instead. Durability is the same:
    commits are synced to the WAL either way.
    """
    url = str(url_or_path)
    if "://" not in url:
        url = f"sqlite:///{Path(url).expanduser()}"
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        busy_ms = int(os.environ.get(BUSY_ENV) or BUSY_MS)

        @event.listens_for(engine, "connect")
        def _pragmas(connection, _record) -> None:  # noqa: ANN001
            # The driver's own transaction handling begins a transaction only at the first write, so
            # a sale's reads ran outside it and two tills could spend the same points. Transactions
            # begin here instead (the "begin" hook below), before the first read.
            connection.isolation_level = None
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            # FULL: a sale acknowledged on screen survives a power cut (the WAL is synced per commit).
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
            # A till's working set (index pages of members, lots, ledger) stays in memory: the default
            # 2 MB page cache made every sale re-read B-tree pages of a large store. 16 MB: the till must
            # stay under 250 MB resident, and 64 MB bought nothing more on the 1M-member store.
            cursor.execute("PRAGMA cache_size=-16384")
            if idle_checkpoints:
                cursor.execute("PRAGMA wal_autocheckpoint=0")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection: Connection) -> None:
            # A unit of work that writes takes the write lock before it reads (BEGIN IMMEDIATE): what
            # it reads cannot change before it commits. Other writers wait up to the busy timeout.
            write = connection.get_execution_options().get(WRITE_OPTION, False)
            connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
    return engine


WRITE_OPTION = "pos_write"


def store_error(error: BaseException) -> Optional[LoyaltyError]:
    """SQLite's failures as one line a cashier can act on (None: not a storage failure)."""
    cause = getattr(error, "orig", None) or error
    if not isinstance(cause, sqlite3.Error):
        return None
    text = str(cause).lower()
    if "locked" in text or "busy" in text:
        return StoreBusy()
    if "full" in text:
        return StoreUnavailable("the store's disk is full: nothing was written")
    if "readonly" in text or "read-only" in text:
        return StoreUnavailable("the store is read-only: nothing was written")
    if "not a database" in text or "malformed" in text or "no such table" in text:
        return StoreUnavailable("the file is not a loyalty store (or it is damaged): nothing was written")
    if "unable to open" in text:
        return StoreUnavailable("the store cannot be opened: nothing was written")
    if "disk i/o" in text:
        return StoreUnavailable("the store's disk failed: nothing was written")
    return None


_IDENTITY: "weakref.WeakKeyDictionary[Engine, tuple[int, int, Optional[str]]]" = weakref.WeakKeyDictionary()


def _file_of(engine: Engine) -> Optional[str]:
    database = engine.url.database
    return database if database and database != ":memory:" and not database.startswith("file:") else None


def checkpoint(engine: Engine, *, mode: str = "PASSIVE") -> tuple[int, int, int]:
    """Copy the WAL back into the database (PASSIVE: never waits for a writer; TRUNCATE at exit).

    Returns SQLite's (busy, wal pages, pages checkpointed)."""
    if mode not in ("PASSIVE", "FULL", "RESTART", "TRUNCATE"):
        raise ValueError(f"checkpoint mode {mode!r}")
    if engine.dialect.name != "sqlite":
        return (0, 0, 0)
    raw = engine.raw_connection()  # outside any transaction: a checkpoint cannot run inside one
    try:
        row = raw.cursor().execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
    finally:
        raw.close()
    return (row[0], row[1], row[2])


_SALE_SQL = {
    **SALE_SQL,
    "ledger_synced": SALE_SQL["ledger"].replace(", 0)", ", 1)"),
    "lots": "SELECT id, remaining, earned_at FROM point_lots WHERE member_id = ? AND remaining > 0 "
            "ORDER BY earned_at, id",
    "stamps": "SELECT card_id, count, last_stamp FROM stamp_balances WHERE member_id = ?",
    "spend": "SELECT at, amount FROM spend WHERE member_id = ? AND at >= ?",
    "uses": "SELECT promotion_id, at FROM promotion_uses WHERE member_id = ? AND reversed = 0",
    # The member is named too: point_lots is keyed (member, earned, id), so this is one leaf.
    "lot_move": "UPDATE point_lots SET remaining = remaining + ? WHERE member_id = ? AND id = ?",
    "points_move": "UPDATE members SET points = points + ? WHERE id = ?",
    "setting": "SELECT value FROM settings WHERE key = ?",
    "active_program": "SELECT version FROM programs WHERE active = 1",
    "member": "SELECT id, name, phone, birthday, joined, consent FROM members WHERE id = ?",
    "member_by_alias": "SELECT m.id, m.name, m.phone, m.birthday, m.joined, m.consent FROM member_aliases a "
                       "JOIN members m ON m.id = a.member_id WHERE a.old_id = ?",
    "advance_seq": "UPDATE settings SET value = CAST(CAST(value AS INTEGER) + ? AS TEXT) WHERE key = 'next_seq' "
                   "RETURNING value",
    "stamp_move": "UPDATE stamp_balances SET count = count + ? WHERE member_id = ? AND card_id = ?",
    "stamp_earn": "UPDATE stamp_balances SET count = count + ?, last_stamp = ? WHERE member_id = ? AND card_id = ?",
    "stamp_new": "INSERT INTO stamp_balances (member_id, card_id, count, last_stamp) VALUES (?, ?, ?, ?)",
    "spend_add": "INSERT INTO spend (member_id, at, amount, receipt_id) VALUES (?, ?, ?, ?)",
    "use_add": "INSERT INTO promotion_uses (member_id, promotion_id, at, receipt_id, reversed) VALUES (?, ?, ?, ?, 0)",
    "sync_standing": "SELECT key, value FROM settings WHERE key IN "
                     "('sync_server', 'offline_allowance', 'last_sync', 'sync_unreachable_since')",
}


def _member(row: Any) -> Member:
    return Member(id=MemberId(row.id), name=row.name, phone=row.phone, birthday=row.birthday,
                  joined=row.joined, consent=row.consent)


def _member_of_driver_row(row: tuple) -> Member:
    """A members row as the driver returns it (dates as ISO text, the flag as 0/1)."""
    member_id, name, phone, birthday, joined, consent = row
    return Member(id=MemberId(member_id), name=name, phone=phone, birthday=_day(birthday), joined=_day(joined),
                  consent=bool(consent))


def _day(text: Optional[str]) -> Optional[date]:
    return None if text is None else date.fromisoformat(text)


_PARSED: dict[tuple[str, int], Program] = {}


class SqlUnitOfWork(HeldBasketRows):
    """One transaction on the store; `with uow:` opens it, `commit()` makes it durable."""

    def __init__(self, engine: Engine, terminal_id: Optional[str] = None, *, batch: bool = False) -> None:
        self.engine = engine
        self._terminal = terminal_id
        self.session: Optional[Session] = None
        self._batch = batch  # bulk loads (demo data): one transaction for many service calls
        self._connection: Optional[Connection] = None
        self._write = True
        if engine.dialect.name != "sqlite":
            raise ValueError("the terminal's local store is SQLite; the central server keeps its own store")

    def reading(self) -> "SqlUnitOfWork":
        """This unit of work only reads: a plain BEGIN, so it never waits for (or holds up) a writer.
        (For its next transaction only; an open transaction keeps the kind it began with.)"""
        if self.session is None:
            self._write = False
        return self

    # -- transaction ------------------------------------------------------------------
    def __enter__(self) -> "SqlUnitOfWork":
        if self.session is None:
            self.session = Session(self.engine, expire_on_commit=False)
            try:
                if self._write:
                    self._check_file()
                    self._connection = self.session.connection(execution_options={WRITE_OPTION: True})
                    self._check_store()
            except BaseException as error:
                self.__exit__(type(error), error, None)
                raise
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._batch and exc[0] is None:
            return
        assert self.session is not None
        self._connection = None
        self._write = True
        try:
            self.session.rollback()
            self.session.close()
        finally:
            self.session = None
        failure = store_error(exc[1]) if exc[1] is not None else None
        if failure is not None:
            raise failure from None

    def _check_file(self) -> None:
        """The file this engine opened is still the one at its path (a till must stop selling, not
        write into a deleted file, or a new empty one, when someone removes or replaces it)."""
        path = _file_of(self.engine)
        if path is None:
            return
        known = _IDENTITY.get(self.engine)
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            if known is None:
                raise StoreUnavailable(f"no store at {path}: nothing was written") from None
            raise StoreGone(f"the store {path} was deleted while open: stop selling and restart the till") from None
        if known is not None and (stat.st_dev, stat.st_ino) != known[:2]:
            raise StoreGone(f"the store {path} was replaced while open: stop selling and restart the till")

    def _check_store(self) -> None:
        path = _file_of(self.engine)
        if path is None:
            return
        store_id = self.setting("store_id")
        known = _IDENTITY.get(self.engine)
        if known is None:
            stat = os.stat(path)
            _IDENTITY[self.engine] = (stat.st_dev, stat.st_ino, store_id)
        elif known[2] is not None and store_id != known[2]:
            raise StoreGone(f"the store {path} was replaced while open: stop selling and restart the till")

    def commit(self) -> None:
        assert self.session is not None
        if self._batch:
            return
        crash_point("before_commit")
        self._connection = None
        self.session.commit()
        crash_point("after_commit")

    def finish(self) -> None:
        """End a batch: commit everything at once."""
        assert self.session is not None
        self._connection = None
        self.session.commit()
        self.session.close()
        self.session = None

    @property
    def s(self) -> Session:
        assert self.session is not None, "use the unit of work inside `with uow:`"
        return self.session

    @property
    def c(self) -> Connection:
        """The transaction's connection (asked of the session once per transaction: it is not free)."""
        connection = self._connection
        if connection is None:
            options = {WRITE_OPTION: True} if self._write else None
            connection = self._connection = self.s.connection(execution_options=options)
        return connection

    def _cursor(self) -> Any:
        """A DB-API cursor inside this unit of work's transaction. The statements every sale runs
        go straight to the driver: SQLAlchemy's per-statement work was a quarter of a checkout on
        the 1M-member store (p99 10.6 -> 7.8 ms). Same transaction, same commit and rollback."""
        return self.c.connection.driver_connection.cursor()

    @property
    def terminal_id(self) -> str:
        if self._terminal is None:
            self._terminal = self.setting("terminal_id") or "T-01"
        return self._terminal

    def setting(self, key: str) -> Optional[str]:
        row = self._cursor().execute(_SALE_SQL["setting"], (key,)).fetchone()
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> None:
        if self.c.execute(_Q["set_setting"], {"k": key, "v": value}).rowcount == 0:
            self.c.execute(SETTINGS.insert(), {"key": key, "value": value})

    # -- programs ---------------------------------------------------------------------
    def active_program(self) -> Optional[Program]:
        row = self._cursor().execute(_SALE_SQL["active_program"]).fetchone()
        version = row[0] if row else None
        return self.program(version) if version is not None else None

    def program(self, version: int) -> Optional[Program]:
        # Published versions never change, so a parsed program is kept for the process's life.
        key = (str(self.engine.url), version)
        if key not in _PARSED:
            body = self.c.execute(select(PROGRAMS.c.body).where(PROGRAMS.c.version == version)).scalar()
            if body is None:
                return None
            _PARSED[key] = validate(Program, parse_json(body, what="program"), what="program")
        return _PARSED[key]

    def publish_program(self, program: Program, body: str, at: datetime) -> None:
        if self.c.execute(select(PROGRAMS.c.version).where(PROGRAMS.c.version == program.version)).first():
            raise ValueError(f"program version {program.version} already exists")
        self.c.execute(PROGRAMS.update().values(active=False))
        self.c.execute(PROGRAMS.insert(), {"version": program.version, "body": body, "published_at": at,
                                           "active": True})

    def program_body(self, version: int) -> Optional[str]:
        """The program file exactly as it was published."""
        return self.c.execute(select(PROGRAMS.c.body).where(PROGRAMS.c.version == version)).scalar()

    def program_versions(self) -> list[tuple[int, datetime, bool]]:
        """Every published version, newest first: (version, published at, active)."""
        return [(row[0], row[1], row[2]) for row in self.c.execute(
            select(PROGRAMS.c.version, PROGRAMS.c.published_at, PROGRAMS.c.active).order_by(PROGRAMS.c.version.desc()))]

    # -- members ----------------------------------------------------------------------
    def member(self, member_id: str) -> Optional[Member]:
        cursor = self._cursor()
        row = cursor.execute(_SALE_SQL["member"], (member_id,)).fetchone()
        if row is None:   # a number the member had before the till registered (db/member_renumbering.py)
            row = cursor.execute(_SALE_SQL["member_by_alias"], (member_id,)).fetchone()
        return _member_of_driver_row(row) if row else None

    def member_by_card(self, serial: str) -> Optional[Member]:
        member_id = self.c.execute(_Q["card"], {"serial": serial}).scalar()
        if member_id is None:   # the serial printed before the till registered (db/member_renumbering.py)
            member_id = self.c.execute(_Q["card_by_alias"], {"serial": serial}).scalar()
        return self.member(member_id) if member_id else None

    def member_by_phone(self, phone: str) -> Optional[Member]:
        row = self.c.execute(_Q["member_by_phone"], {"phone": phone}).first()
        return _member(row) if row else None

    def find_members(self, text: str, limit: int = 20) -> list[Member]:
        if not text:
            return []
        digits = "".join(ch for ch in text if ch.isdigit())
        query = select(*_MEMBER_COLUMNS)
        if digits and len(digits) >= 3 and len(digits) == len(text.replace("-", "").replace(" ", "")):
            # The expression index on the last three digits narrows 1M members to about a thousand.
            # (-3 must be written into the SQL, not bound: SQLite matches an expression index by its text.)
            query = query.where(PHONE_LAST3 == digits[-3:], MEMBERS.c.phone.like(f"%{digits}"))
        else:
            query = query.where(_name_prefix(text))
        return [_member(row) for row in self.c.execute(query.limit(limit))]

    def add_member(self, member: Member, at: datetime) -> None:
        self.c.execute(MEMBERS.insert(), {"id": member.id, "name": member.name, "phone": member.phone,
                                          "birthday": member.birthday, "joined": member.joined,
                                          "consent": member.consent, "points": 0, "created_at": at})

    def add_card(self, serial: str, member_id: str, at: datetime) -> None:
        self.c.execute(CARDS.insert(), {"serial": serial, "member_id": member_id, "issued_at": at})

    def revoke_card(self, serial: str, at: datetime, replaced_by: Optional[str] = None) -> None:
        self.c.execute(CARDS.update().where(CARDS.c.serial == serial).values(revoked_at=at, replaced_by=replaced_by))

    def next_member_id(self) -> str:
        """M0000001... on a standalone till; once registered with the chain, M + the terminal's
        number (4 digits) + its own count (6 digits) + a check digit: unique across the chain
        even when enrolled offline (see pos_loyalty.members.chain_member_number)."""
        prefix = self.setting("member_prefix")
        if prefix is None:
            number = int(self.setting("next_member") or "1")
            self.set_setting("next_member", str(number + 1))
            return f"M{number:07d}"
        from pos_loyalty.members import chain_member_number
        number = int(self.setting("next_chain_member") or "1")
        self.set_setting("next_chain_member", str(number + 1))
        return chain_member_number(int(prefix), number)

    def member_state(self, member: Member, *, spend_since: datetime) -> MemberState:
        cursor, key = self._cursor(), (member.id,)
        lots = [(i, r, _instant(e)) for i, r, e in cursor.execute(_SALE_SQL["lots"], key).fetchall()]
        stamps = [(c, n, _instant(t)) for c, n, t in cursor.execute(_SALE_SQL["stamps"], key).fetchall()]
        history = [(_instant(t), a) for t, a in
                   cursor.execute(_SALE_SQL["spend"], (member.id, _utc_text(spend_since))).fetchall()]
        use_rows = [(p, _instant(t)) for p, t in cursor.execute(_SALE_SQL["uses"], key).fetchall()]
        uses: dict[str, list[datetime]] = {}
        for promotion, at in use_rows:
            uses.setdefault(promotion, []).append(at)
        return MemberState(
            id=member.id, joined=member.joined, birthday=member.birthday,
            point_lots=tuple(PointLot(points=r, earned=e, id=i) for i, r, e in lots),
            stamps={card: CardState(count=count, last_stamp=last) for card, count, last in stamps},
            history=tuple(SpendRecord(at=at, spend=amount) for at, amount in history),
            uses={promotion: tuple(times) for promotion, times in uses.items()})

    def member_lots(self, member_id: str) -> dict[str, int]:
        return {i: r for i, r, _ in self.c.execute(_Q["lots"], {"member": member_id})}

    # -- receipts and refunds ---------------------------------------------------------
    def add_receipt(self, receipt_id: str, body: dict, tenders: list[dict]) -> None:
        cursor = self._cursor()
        cursor.execute(_SALE_SQL["receipt"], receipt_row(receipt_id, self.terminal_id, body, tenders))
        crash_point("after_receipt")
        cursor.executemany(_SALE_SQL["line"], line_rows(receipt_id, body))
        if body["adjustments"]:
            cursor.executemany(_SALE_SQL["adjustment"], adjustment_rows(receipt_id, body))
        crash_point("after_lines")

    def receipt(self, receipt_id: str) -> Optional[dict]:
        row = self.c.execute(select(RECEIPTS.c.id, RECEIPTS.c.body, RECEIPTS.c.tenders)
                             .where(RECEIPTS.c.id == receipt_id)).first()
        return {**row.body, "id": row.id, "tenders": row.tenders} if row else None

    def recent_receipts(self, limit: int = 50) -> list[dict]:
        rows = self.c.execute(select(RECEIPTS.c.id, RECEIPTS.c.body, RECEIPTS.c.tenders)
                              .order_by(RECEIPTS.c.at.desc()).limit(limit))
        return [{**row.body, "id": row.id, "tenders": row.tenders} for row in rows]

    def member_visits(self, member_id: str, limit: int) -> list[dict]:
        rows = self.c.execute(select(RECEIPTS.c.at, RECEIPTS.c.total, RECEIPTS.c.points_earned)
                              .where(RECEIPTS.c.member_id == member_id)
                              .order_by(RECEIPTS.c.at.desc()).limit(limit))
        return [{"at": row.at, "total": row.total, "points_earned": row.points_earned} for row in rows]

    def refunded_lines(self, receipt_id: str) -> set[int]:
        return set(self.c.execute(select(REFUNDED.c.line).where(REFUNDED.c.receipt_id == receipt_id)).scalars())

    def add_refund(self, refund_id: str, receipt_id: str, lines: list[int], amount: int, at: datetime,
                   body: dict) -> None:
        self.c.execute(REFUNDS.insert(), {"id": refund_id, "receipt_id": receipt_id, "at": at, "amount": amount,
                                          "body": body})
        self.c.execute(REFUNDED.insert(), [{"receipt_id": receipt_id, "line": line, "refund_id": refund_id}
                                           for line in lines])

    def ledger_for_receipt(self, receipt_id: str) -> list[LedgerEntry]:
        rows = self.c.execute(select(LEDGER).where(LEDGER.c.receipt_id == receipt_id).order_by(LEDGER.c.seq))
        return [_entry(row) for row in rows]

    def reverse_uses(self, receipt_id: str, promotions: Optional[list[str]] = None) -> None:
        # By the receipt's member first (ix_uses_member): promotion_uses has no receipt index.
        member = select(RECEIPTS.c.member_id).where(RECEIPTS.c.id == receipt_id).scalar_subquery()
        query = USES.update().where(USES.c.member_id == member, USES.c.receipt_id == receipt_id,
                                    USES.c.reversed.is_(False))
        if promotions is not None:
            query = query.where(USES.c.promotion_id.in_(promotions))
        self.c.execute(query.values(reversed=True))

    def refunds_of(self, receipt_id: str) -> list[dict]:
        rows = self.c.execute(select(REFUNDS.c.body).where(REFUNDS.c.receipt_id == receipt_id).order_by(REFUNDS.c.at))
        return [row.body for row in rows]

    def member_entries(self, member_id: str, *, since: datetime) -> list[LedgerEntry]:
        rows = self.c.execute(select(LEDGER).where(LEDGER.c.member_id == member_id, LEDGER.c.at >= since)
                              .order_by(LEDGER.c.at, LEDGER.c.seq))
        return [_entry(row) for row in rows]

    def member_state_before(self, member_id: str, receipt_id: str) -> Optional[MemberState]:
        """A member as the ledger says they were just before a sale (receipts written before sales kept
        the state they were evaluated with). Spend and promotion uses are as recorded now."""
        member = self.member(member_id)
        sale = self.receipt(receipt_id)
        if member is None or sale is None:
            return None
        sale_at = datetime.fromisoformat(sale["at"])
        own = [e for e in self.ledger_for_receipt(receipt_id) if e.kind != "refund"]
        first = min((e.seq for e in own), default=None)
        rows = self.c.execute(select(LEDGER).where(LEDGER.c.member_id == member_id, LEDGER.c.at <= sale_at))
        earlier = [e for e in map(_entry, rows) if e.at < sale_at or (first is not None and e.seq < first
                                                                       and e.terminal == self.terminal_id)]
        balances = replay(earlier).get(member_id)
        opened = {e.id: e.at for e in earlier if e.opens_lot}
        last_stamp: dict[str, datetime] = {}
        for e in earlier:
            if e.kind == "stamp" and e.stamps > 0 and e.card is not None:
                last_stamp[e.card] = max(e.at, last_stamp.get(e.card, e.at))
        history = self.c.execute(select(SPEND.c.at, SPEND.c.amount).where(
            SPEND.c.member_id == member_id, SPEND.c.at < sale_at)).all()
        uses: dict[str, list[datetime]] = {}
        for promotion, at in self.c.execute(select(USES.c.promotion_id, USES.c.at).where(
                USES.c.member_id == member_id, USES.c.at < sale_at, USES.c.reversed.is_(False))):
            uses.setdefault(promotion, []).append(at)
        return MemberState(
            id=member.id, joined=member.joined, birthday=member.birthday,
            point_lots=tuple(PointLot(points=left, earned=opened.get(lot), id=lot)
                             for lot, left in sorted((balances.lots if balances else {}).items(),
                                                     key=lambda item: (opened.get(item[0]) is not None, item[0]))
                             if left > 0),
            stamps={card: CardState(count=count, last_stamp=last_stamp.get(card))
                    for card, count in (balances.stamps if balances else {}).items()},
            history=tuple(SpendRecord(at=at, spend=amount) for at, amount in history),
            uses={promotion: tuple(times) for promotion, times in uses.items()})

    # -- ledger and caches ------------------------------------------------------------
    def next_seq(self, count: int) -> int:
        """Reserve `count` sequence numbers for this terminal's next entries (one statement)."""
        row = self._cursor().execute(_SALE_SQL["advance_seq"], (count,)).fetchone()
        after = row[0] if row else None
        if after is None:
            self.c.execute(SETTINGS.insert(), {"key": "next_seq", "value": str(1 + count)})
            return 1
        return int(after) - count

    def append(self, entries: list[LedgerEntry], *, synced: bool = False) -> None:
        """Append entries and move the caches (member points, stamps, lots) in the same transaction.
        `synced`: entries the chain holds already (pulled from it), so never pushed back."""
        if not entries:
            return
        cursor = self._cursor()
        cursor.executemany(_SALE_SQL["ledger_synced" if synced else "ledger"], [ledger_row(e) for e in entries])
        crash_point("after_ledger")
        new_lots = [new_lot_row(e) for e in entries if e.opens_lot]
        if new_lots:
            cursor.executemany(_SALE_SQL["lot"], new_lots)
        lot_moves = [(e.points, e.member, e.lot) for e in entries if e.points and not e.opens_lot and e.lot]
        if lot_moves:
            cursor.executemany(_SALE_SQL["lot_move"], lot_moves)
        points: dict[str, int] = {}
        for e in entries:
            if e.points:
                points[e.member] = points.get(e.member, 0) + e.points
            if e.card is not None and (e.stamps or e.kind == "stamp"):
                self._move_stamps(e)
        if points:
            cursor.executemany(_SALE_SQL["points_move"], [(d, m) for m, d in points.items()])
        crash_point("after_caches")

    def _move_stamps(self, e: LedgerEntry) -> None:
        stamped = e.kind == "stamp" and e.stamps > 0
        cursor = self._cursor()
        if stamped:
            cursor.execute(_SALE_SQL["stamp_earn"], (e.stamps, _utc_text(e.at), e.member, e.card))
        else:
            cursor.execute(_SALE_SQL["stamp_move"], (e.stamps, e.member, e.card))
        if cursor.rowcount == 0:
            cursor.execute(_SALE_SQL["stamp_new"], (e.member, e.card, e.stamps, _utc_text(e.at) if stamped else None))

    def add_spend(self, member_id: str, at: datetime, amount: int, receipt_id: str) -> None:
        self._cursor().execute(_SALE_SQL["spend_add"], (member_id, _utc_text(at), amount, receipt_id))

    def add_uses(self, member_id: str, promotions: list[str], at: datetime, receipt_id: str) -> None:
        if promotions:
            when = _utc_text(at)
            self._cursor().executemany(_SALE_SQL["use_add"], [(member_id, p, when, receipt_id) for p in promotions])

    def lapsed_lots(self, before: datetime, limit: int) -> list[tuple[str, str, int]]:
        rows = self.c.execute(select(LOTS.c.id, LOTS.c.member_id, LOTS.c.remaining)
                              .where(LOTS.c.remaining > 0, LOTS.c.earned_at <= before).limit(limit))
        return [(row[0], row[1], row[2]) for row in rows]

    def lapsed_cards(self, card_id: str, before: datetime, limit: int) -> list[tuple[str, int]]:
        rows = self.c.execute(select(STAMPS.c.member_id, STAMPS.c.count).where(
            STAMPS.c.card_id == card_id, STAMPS.c.count > 0, STAMPS.c.last_stamp <= before).limit(limit))
        return [(row[0], row[1]) for row in rows]

    def ledger_totals(self) -> LedgerTotals:
        points = dict(self.c.execute(select(LEDGER.c.member_id, func.sum(LEDGER.c.points))
                                     .group_by(LEDGER.c.member_id)).all())
        stamps = {(m, c): n for m, c, n in self.c.execute(
            select(LEDGER.c.member_id, LEDGER.c.card_id, func.sum(LEDGER.c.stamps))
            .where(LEDGER.c.card_id.is_not(None)).group_by(LEDGER.c.member_id, LEDGER.c.card_id))}
        lot_key = func.coalesce(LEDGER.c.lot_id, LEDGER.c.id)
        lots = dict(self.c.execute(select(lot_key, func.sum(LEDGER.c.points)).where(
            LEDGER.c.points != 0,
            LEDGER.c.lot_id.is_not(None) | (LEDGER.c.kind.in_(("earn", "adjust")) & (LEDGER.c.points > 0)))
            .group_by(lot_key)).all())
        return LedgerTotals(points={k: v for k, v in points.items() if v},
                            stamps={k: v for k, v in stamps.items() if v}, lots={k: v for k, v in lots.items() if v})

    def cached_totals(self) -> LedgerTotals:
        points = dict(self.c.execute(select(MEMBERS.c.id, MEMBERS.c.points).where(MEMBERS.c.points != 0)).all())
        stamps = {(m, c): n for m, c, n in self.c.execute(
            select(STAMPS.c.member_id, STAMPS.c.card_id, STAMPS.c.count).where(STAMPS.c.count != 0))}
        lots = dict(self.c.execute(select(LOTS.c.id, LOTS.c.remaining).where(LOTS.c.remaining != 0)).all())
        return LedgerTotals(points=points, stamps=stamps, lots=lots)

    def last_entry_at(self) -> Optional[datetime]:
        """When this terminal's newest entry (by sequence number) was made."""
        row = self._cursor().execute("SELECT at FROM ledger WHERE terminal_id = ? ORDER BY seq DESC LIMIT 1",
                                     (self.terminal_id,)).fetchone()
        return _instant(row[0]) if row else None

    def ledger_facts(self) -> LedgerFacts:
        from db.ledger_facts import ledger_facts
        return ledger_facts(self._cursor(), self.terminal_id, int(self.setting("next_seq") or "1"))

    def pending_sync(self) -> int:
        """Entries not yet acknowledged by the central server, in O(1): the status bar asks per sale.

        Sequence numbers are dense per terminal, so this is the entries written minus the
        `synced_entries` counter that the sync client moves with the rows' `synced` flags.
        """
        written = int(self.setting("next_seq") or "1") - 1
        return written - int(self.setting("synced_entries") or "0")

    def sync_standing(self) -> Optional[SyncStanding]:
        """This till's link to the chain (services.offline_allowance); None for a standalone till."""
        rows = dict(self._cursor().execute(_SALE_SQL["sync_standing"]).fetchall())
        if not rows.get("sync_server"):
            return None
        return SyncStanding(allowance=int(rows.get("offline_allowance") or "0"),
                            last_sync=_instant(rows.get("last_sync")),
                            unreachable_since=_instant(rows.get("sync_unreachable_since") or None))

    def unconfirmed_redeemed(self, member_id: str, *, since: datetime) -> int:
        """Points this terminal redeemed for the member since `since` that the server has not confirmed."""
        row = self._cursor().execute(
            "SELECT COALESCE(-SUM(points), 0) FROM ledger WHERE member_id = ? AND terminal_id = ? AND kind = 'redeem' "
            "AND synced = 0 AND at >= ?", (member_id, self.terminal_id, _utc_text(since))).fetchone()
        return int(row[0])

    def audit(self, action: str, detail: dict, at: datetime, actor: str = "till") -> None:
        self.c.execute(AUDIT.insert(), {"at": at, "actor": actor, "action": action, "detail": detail})

    # -- products (the till's catalogue) ----------------------------------------------
    def product_by_code(self, code: str) -> Optional[Any]:
        row = self.c.execute(select(PRODUCTS).where(PRODUCTS.c.barcode == code)).first()
        return row or self.c.execute(select(PRODUCTS).where(PRODUCTS.c.sku == code)).first()

    def products(self, category: Optional[str] = None, text: str = "", limit: int = 200) -> list[Any]:
        query = select(PRODUCTS)
        if category:
            query = query.where(PRODUCTS.c.category == category)
        if text:
            query = query.where(PRODUCTS.c.name.like(f"%{text}%") | PRODUCTS.c.name_zh.like(f"%{text}%")
                                | PRODUCTS.c.sku.like(f"{text}%"))
        return list(self.c.execute(query.order_by(PRODUCTS.c.category, PRODUCTS.c.name).limit(limit)))

    def categories(self) -> list[str]:
        return list(self.c.execute(select(PRODUCTS.c.category).distinct().order_by(PRODUCTS.c.category)).scalars())


def _name_prefix(text: str) -> Any:
    """Names starting with `text`, as index ranges on ix_members_name (SQLite's LIKE is case-blind,
    so `name LIKE 'x%'` cannot use that index: a full scan, ~0.1 s at 1,000,000 members). The
    usual spellings of the prefix (as typed, lower, upper, Capitalised, Title Case) stand in for
    case-blindness; `%` and `_` are plain characters here."""
    ranges = []
    for variant in dict.fromkeys((text, text.lower(), text.upper(), text.capitalize(), text.title())):
        if ord(variant[-1]) < 0x10FFFF:
            ranges.append((MEMBERS.c.name >= variant) & (MEMBERS.c.name < variant[:-1] + chr(ord(variant[-1]) + 1)))
    return or_(*ranges) if ranges else MEMBERS.c.name == text


def _entry(row: Any) -> LedgerEntry:
    return LedgerEntry(id=row.id, terminal=row.terminal_id, seq=row.seq, member=row.member_id, kind=row.kind,
                       at=row.at, points=row.points, stamps=row.stamps, card=row.card_id, promotion=row.promotion_id,
                       lot=row.lot_id, receipt=row.receipt_id, program_version=row.program_version, reason=row.reason)


__all__ = ["SqlUnitOfWork", "open_engine", "checkpoint", "crash_point", "CRASH_ENV"]
