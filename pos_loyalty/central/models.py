"""The central store's tables (SQLAlchemy Core): stores, terminals, members, cards, device keys,
programs, the merged ledger, receipts, quarantine. Migrations live in ./migrations (own chain).

Every row a till pulls carries `change`: a number from one chain-wide counter, taken with a
row lock inside the writing transaction, so numbers become visible in commit order and a
pull cursor ("everything after change N") never skips a row committed late.
Growing past one database: see docs/central.md (member is the distribution key).
"""
from __future__ import annotations

from sqlalchemy import (
    JSON, BigInteger, Boolean, Column, Date, ForeignKey, Index, Integer, MetaData, String, Table, Text,
    UniqueConstraint, text,
)

metadata = MetaData()
Instant = String(32)  # UTC ISO text "YYYY-MM-DDTHH:MM:SS.ffffff+00:00": sortable, exact, portable

counters = Table(
    "counters", metadata,
    Column("name", String(32), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

stores = Table(
    "stores", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    # Points one member may redeem per day on one terminal while it is offline (store configuration).
    Column("offline_allowance", Integer, nullable=False, server_default="500"),
    Column("created_at", Instant, nullable=False),
)

terminals = Table(
    "terminals", metadata,
    Column("id", String(32), primary_key=True),             # "T0003"
    Column("number", Integer, nullable=False, unique=True),  # member numbers carry it (chain-unique)
    Column("store_id", ForeignKey("stores.id"), nullable=False, index=True),
    Column("name", String(100), nullable=False, server_default=""),
    Column("public_key", Text, nullable=False),              # Ed25519, hex; requests are signed with it
    Column("registered_at", Instant, nullable=False),
    Column("revoked_at", Instant),
    Column("acked_seq", BigInteger, nullable=False, server_default="0"),  # its entries the chain holds
    Column("last_seen", Instant),
    # Seals the join links its customer display shows, so the central page can check them (hex;
    # handed to the till at registration). NULL for tills registered before central joins.
    Column("join_key", String(64)),
)

registration_codes = Table(
    "registration_codes", metadata,
    Column("code_hash", String(64), primary_key=True),       # sha256 of the code: the code is never stored
    Column("store_id", ForeignKey("stores.id"), nullable=False),
    Column("created_at", Instant, nullable=False),
    Column("expires_at", Instant, nullable=False),
    Column("used_at", Instant),
    Column("terminal_id", String(32)),
)

request_nonces = Table(
    "request_nonces", metadata,
    Column("terminal_id", String(32), primary_key=True),
    Column("nonce", String(64), primary_key=True),
    Column("forget_after", BigInteger, nullable=False, index=True),  # Unix seconds
)

members = Table(
    "members", metadata,
    Column("id", String(32), primary_key=True),
    Column("store_id", ForeignKey("stores.id"), nullable=False),
    Column("terminal_id", String(32), nullable=False),       # where the member enrolled
    Column("name", String(200), nullable=False),
    Column("phone", String(32), unique=True),
    Column("birthday", Date),
    Column("joined", Date, nullable=False),
    Column("consent", Boolean, nullable=False, server_default="0"),
    Column("created_at", Instant, nullable=False),
    Column("change", BigInteger, nullable=False),
    Index("ix_central_members_store_change", "store_id", "change"),
)

cards = Table(
    "cards", metadata,
    Column("serial", String(64), primary_key=True),
    Column("member_id", ForeignKey("members.id"), nullable=False, index=True),
    Column("issued_at", Instant, nullable=False),
    Column("revoked_at", Instant),
    Column("replaced_by", String(64)),
    Column("change", BigInteger, nullable=False, index=True),
)

device_keys = Table(
    "device_keys", metadata,
    Column("key_id", String(64), primary_key=True),
    Column("member_id", ForeignKey("members.id"), nullable=False, index=True),
    Column("public_key", Text, nullable=False),
    Column("certificate", Text, nullable=False),
    Column("enrolled_at", Instant, nullable=False),
    Column("revoked_at", Instant),
    Column("change", BigInteger, nullable=False, index=True),
)

issuer_keys = Table(
    "issuer_keys", metadata,
    # Every card issuer key of the chain, by its chain-wide key id: a till's own (made at
    # registration, the private half stays on the till) or the central page's (private half here).
    Column("key_id", Integer, primary_key=True, autoincrement=False),
    Column("terminal_id", String(32), nullable=False),
    Column("public_key", String(64), nullable=False),        # Ed25519, hex
    Column("private_key", String(64)),                       # only for the central page's own key
    Column("added_at", Instant, nullable=False),
    Column("change", BigInteger, nullable=False, index=True),
)

join_links_used = Table(
    "join_links_used", metadata,
    # Join links spent on the central page: one INSERT on the nonce, so a link works once.
    Column("nonce", String(32), primary_key=True),
    Column("till", String(64), nullable=False),
    Column("used_at", Instant, nullable=False),
    Column("outcome", String(32), nullable=False),
    Index("ix_central_join_links_till_used", "till", "used_at"),
)

programs = Table(
    "programs", metadata,
    Column("version", Integer, primary_key=True),
    Column("body", Text, nullable=False),
    Column("published_at", Instant, nullable=False),
    Column("change", BigInteger, nullable=False, index=True),
)

ledger = Table(
    "ledger", metadata,
    Column("id", String(36), primary_key=True),              # the entry's UUID: its identity everywhere
    Column("change", BigInteger, nullable=False, unique=True),  # the chain's one global order
    Column("terminal_id", String(32), nullable=False),
    Column("seq", BigInteger, nullable=False),               # the terminal's own gap-free order
    Column("member_id", String(32), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("at", Instant, nullable=False),
    Column("points", BigInteger, nullable=False, server_default="0"),
    Column("stamps", BigInteger, nullable=False, server_default="0"),
    Column("card_id", String(100)),
    Column("promotion_id", String(100)),
    Column("lot_id", String(36)),
    Column("receipt_id", String(36)),
    Column("program_version", Integer),
    Column("reason", Text, nullable=False, server_default=""),
    Column("body_hash", String(64), nullable=False),          # same UUID, other body -> 409
    Column("flagged", String(200)),                           # e.g. an offline overdraw, for the manager
    UniqueConstraint("terminal_id", "seq", name="uq_central_ledger_terminal_seq"),
    # Balances are sums: (member, points, stamps) answers one member without touching the table.
    Index("ix_central_ledger_member", "member_id", "points"),
    # Members who have had an expiry: their spends and stamps ask for settlement (settlement.py).
    Index("ix_central_ledger_expiries", "member_id", postgresql_where=text("kind = 'expire'"),
          sqlite_where=text("kind = 'expire'")),
)

receipts = Table(
    "receipts", metadata,
    Column("id", String(36), primary_key=True),
    Column("terminal_id", String(32), nullable=False),
    Column("member_id", String(32)),
    Column("at", Instant, nullable=False),
    Column("total", BigInteger, nullable=False),
    Column("body", JSON, nullable=False),
    Column("change", BigInteger, nullable=False),
    Index("ix_central_receipts_member", "member_id", "at"),
)

spend = Table(
    "spend", metadata,
    # Tier spend as the tills recorded it: + at a checkout, - at a refund (dated like the sale).
    Column("id", String(64), primary_key=True),              # "<terminal>/<its local number>"
    Column("terminal_id", String(32), nullable=False),
    Column("member_id", String(32), nullable=False),
    Column("at", Instant, nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("receipt_id", String(36), nullable=False),
    Column("change", BigInteger, nullable=False, index=True),
    Index("ix_central_spend_member", "member_id", "at"),
)

quarantine = Table(
    "quarantine", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("terminal_id", String(32), nullable=False, index=True),
    Column("what", String(16), nullable=False),               # entry, member, card, receipt
    Column("ref", String(64), nullable=False),                # its id
    Column("seq", BigInteger),
    Column("reason", Text, nullable=False),
    Column("body", JSON, nullable=False),
    Column("at", Instant, nullable=False),
    Column("resolved_at", Instant),
    UniqueConstraint("terminal_id", "what", "ref", name="uq_central_quarantine_ref"),
)

member_follows = Table(
    "member_follows", metadata,
    # A member of another store this terminal fetched: its entries come down in the terminal's pulls.
    Column("terminal_id", String(32), primary_key=True),
    Column("member_id", String(32), primary_key=True),
)
