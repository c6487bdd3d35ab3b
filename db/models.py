"""SQLAlchemy 2 models of the local store. The ledger is the truth; the rest is cache or record.

Schema changes go through Alembic (db/migrations); `python main.py init` upgrades to head.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import (
    func,
    JSON, BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import DateTime, TypeDecorator


class UtcDateTime(TypeDecorator):
    """Aware datetimes stored as UTC ISO text (sortable, exact, portable to PostgreSQL)."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: Optional[datetime], dialect) -> Optional[str]:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        from datetime import timezone
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")

    def process_result_value(self, value: Optional[str], dialect) -> Optional[datetime]:
        return None if value is None else datetime.fromisoformat(value)


class Base(DeclarativeBase):
    pass


class Setting(Base):
    """Terminal settings: its id, the next ledger sequence number, the next member number."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ProgramRow(Base):
    __tablename__ = "programs"
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UtcDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=False)


class MemberRow(Base):
    __tablename__ = "members"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[Optional[str]] = mapped_column(String(32), unique=True)
    birthday: Mapped[Optional[date]] = mapped_column(Date)
    joined: Mapped[date] = mapped_column(Date)
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    points: Mapped[int] = mapped_column(Integer, default=0)  # cache of the ledger
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The terminal that enrolled the member when it was another one (pulled from the chain); None: here.
    origin: Mapped[Optional[str]] = mapped_column(String(32))
    __table_args__ = (
        Index("ix_members_name", "name"),
        # Cashiers look members up by the last digits of their phone ("the one ending 678").
        Index("ix_members_phone_last3", func.substr(text("phone"), -3)),
    )


class MemberAliasRow(Base):
    """A number the member had before the till registered with the chain (M0000001... of a
    standalone till, renumbered into the till's block): printed cards, signed codes and people
    still carry it, so look-ups by it find the member. Kept on this till only."""

    __tablename__ = "member_aliases"
    old_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"))
    renamed_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CardAliasRow(Base):
    """A printed card's serial from before the till registered (renumbered into the till's block
    with its member): the code on the card carries the old one, so revocations and look-ups map it."""

    __tablename__ = "card_aliases"
    old_serial: Mapped[str] = mapped_column(String(64), primary_key=True)
    serial: Mapped[str] = mapped_column(String(64), index=True)


class MembershipCardRow(Base):
    """A printed or phone card: its serial is what the QR code carries."""

    __tablename__ = "membership_cards"
    serial: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)
    replaced_by: Mapped[Optional[str]] = mapped_column(String(64))


class DeviceKeyRow(Base):
    """A member's phone key, certified by the central issuer; rotating codes are signed with it."""

    __tablename__ = "device_keys"
    key_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    public_key: Mapped[str] = mapped_column(Text)      # base64 or hex, as pos_loyalty.cards writes it
    certificate: Mapped[str] = mapped_column(Text)     # the issuer's signature over (member, key)
    enrolled_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)


class SeenPhoneCodeRow(Base):
    """Phone codes this terminal already accepted: a rotating code is good once (replay protection)."""

    __tablename__ = "seen_phone_codes"
    code_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    forget_after: Mapped[int] = mapped_column(BigInteger, index=True)  # Unix seconds


class StampBalanceRow(Base):
    """A member's stamps on one card (cache of the ledger). WITHOUT ROWID: the member's rows are one leaf."""

    __tablename__ = "stamp_balances"
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), primary_key=True)
    card_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    last_stamp: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)
    __table_args__ = {"sqlite_with_rowid": False}


class PointLotRow(Base):
    """Points earned together (cache of the ledger); `remaining` falls as they are used.

    Keyed (member, earned, id) WITHOUT ROWID: a sale reads and moves a member's lots on one leaf
    page (migration 0009). A lot's id (its earn entry's) is unique on its own."""

    __tablename__ = "point_lots"
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), primary_key=True)
    earned_at: Mapped[datetime] = mapped_column(UtcDateTime, primary_key=True)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    remaining: Mapped[int] = mapped_column(Integer)
    __table_args__ = {"sqlite_with_rowid": False}


class SpendRow(Base):
    """Spend for tiers: + at a checkout, - at a refund (dated like the sale it reverses)."""

    __tablename__ = "spend"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    amount: Mapped[int] = mapped_column(Integer)
    receipt_id: Mapped[str] = mapped_column(String(36))
    # Covering (amount too): a sale reads the member's spend from the index alone.
    __table_args__ = (Index("ix_spend_member_at", "member_id", "at", "amount"),)


class PromotionUseRow(Base):
    __tablename__ = "promotion_uses"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"))
    promotion_id: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    receipt_id: Mapped[str] = mapped_column(String(36))
    reversed: Mapped[bool] = mapped_column(Boolean, default=False)
    # Covering: a sale reads the member's unreversed uses from the index alone.
    __table_args__ = (Index("ix_uses_member", "member_id", "reversed", "promotion_id", "at"),)


class ReceiptRow(Base):
    __tablename__ = "receipts"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[Optional[str]] = mapped_column(ForeignKey("members.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    program_version: Mapped[int] = mapped_column(ForeignKey("programs.version"))
    subtotal: Mapped[int] = mapped_column(BigInteger)
    discount_total: Mapped[int] = mapped_column(BigInteger)
    points_used: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(BigInteger)
    points_earned: Mapped[int] = mapped_column(Integer)
    tenders: Mapped[list] = mapped_column(JSON)
    body: Mapped[dict] = mapped_column(JSON)  # the full receipt as printed (Receipt.to_dict())
    __table_args__ = (Index("ix_receipts_member", "member_id", "at"),)


class ReceiptLineRow(Base):
    __tablename__ = "receipt_lines"
    receipt_id: Mapped[str] = mapped_column(ForeignKey("receipts.id"), primary_key=True)
    line: Mapped[int] = mapped_column(Integer, primary_key=True)
    sku: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[Optional[str]] = mapped_column(String(100))
    price: Mapped[int] = mapped_column(BigInteger)
    qty: Mapped[int] = mapped_column(Integer)
    discount: Mapped[int] = mapped_column(BigInteger)
    paid: Mapped[int] = mapped_column(BigInteger)


class AdjustmentRow(Base):
    __tablename__ = "receipt_adjustments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    receipt_id: Mapped[str] = mapped_column(ForeignKey("receipts.id"), index=True)
    source: Mapped[str] = mapped_column(String(120))
    amount: Mapped[int] = mapped_column(BigInteger)
    explain: Mapped[str] = mapped_column(Text)


class RefundRow(Base):
    __tablename__ = "refunds"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    receipt_id: Mapped[str] = mapped_column(ForeignKey("receipts.id"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    amount: Mapped[int] = mapped_column(BigInteger)
    body: Mapped[dict] = mapped_column(JSON)


class RefundedLineRow(Base):
    """One row per refunded line: the primary key is what makes a second refund impossible."""

    __tablename__ = "refunded_lines"
    receipt_id: Mapped[str] = mapped_column(ForeignKey("receipts.id"), primary_key=True)
    line: Mapped[int] = mapped_column(Integer, primary_key=True)
    refund_id: Mapped[str] = mapped_column(ForeignKey("refunds.id"))


class LedgerRow(Base):
    __tablename__ = "ledger"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(32))
    seq: Mapped[int] = mapped_column(BigInteger)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"))
    kind: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    points: Mapped[int] = mapped_column(Integer, default=0)
    stamps: Mapped[int] = mapped_column(Integer, default=0)
    card_id: Mapped[Optional[str]] = mapped_column(String(100))
    promotion_id: Mapped[Optional[str]] = mapped_column(String(100))
    lot_id: Mapped[Optional[str]] = mapped_column(String(36))
    receipt_id: Mapped[Optional[str]] = mapped_column(String(36))
    program_version: Mapped[Optional[int]] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    synced: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (
        UniqueConstraint("terminal_id", "seq", name="uq_ledger_terminal_seq"),
        Index("ix_ledger_member", "member_id"),
        Index("ix_ledger_receipt", "receipt_id"),
        # Only entries still waiting for sync: the status bar counts them on every sale.
        Index("ix_ledger_unsynced", "seq", sqlite_where=text("synced = 0"), postgresql_where=text("NOT synced")),
    )


class SyncQuarantineRow(Base):
    """What the central server could not take (it keeps it in its quarantine for the manager).
    The entries stay in this terminal's ledger; this only says which and why."""

    __tablename__ = "sync_quarantine"
    what: Mapped[str] = mapped_column(String(16), primary_key=True)
    ref: Mapped[str] = mapped_column(String(64), primary_key=True)
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class AuditRow(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    detail: Mapped[dict] = mapped_column(JSON)


class StaffRow(Base):
    """A person who signs in: cashier or manager. The PIN is kept only as an argon2id hash."""

    __tablename__ = "staff"
    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    pin_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class HeldBasketRow(Base):
    """A basket set aside at the till (an open ticket, or the sale left open when the till closed).

    Not the ledger: nothing here is money or points until the basket is paid; recalling a basket
    removes its row."""

    __tablename__ = "held_baskets"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    held_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    label: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(String(16))   # "held" by the cashier, "closed" with the till
    body: Mapped[dict] = mapped_column(JSON)


class JoinLinkRow(Base):
    """Join links (from the customer display's QR code) already used: each works once."""

    __tablename__ = "join_links_used"
    nonce: Mapped[str] = mapped_column(String(32), primary_key=True)
    till: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime] = mapped_column(UtcDateTime)
    outcome: Mapped[str] = mapped_column(String(32))  # join, move, move refused
    __table_args__ = (Index("ix_join_links_till_used", "till", "used_at"),)


class ProductRow(Base):
    __tablename__ = "products"
    sku: Mapped[str] = mapped_column(String(100), primary_key=True)
    barcode: Mapped[Optional[str]] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_zh: Mapped[Optional[str]] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(100), index=True)
    price: Mapped[int] = mapped_column(BigInteger)


__all__ = [name for name in dir() if name.endswith("Row")] + ["Base", "UtcDateTime", "DateTime"]
