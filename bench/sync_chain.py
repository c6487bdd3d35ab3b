"""Parts the sync benchmark puts together: entries to ingest, a registered till, offline sales,
and a central store of a million members (kept in bench/out between runs)."""
from __future__ import annotations

import gzip
import json
import random
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Optional

from sqlalchemy import Engine, text

from pos_loyalty.sync.protocol import Entry, MemberRecord


def wall() -> datetime:
    return datetime.now(timezone.utc)


# -- entries for the ingest figure ---------------------------------------------------------
def members_and_entries(terminal: str, *, members: int, entries: int, seed: int
                        ) -> tuple[list[MemberRecord], list[Entry]]:
    """`members` members of one terminal and `entries` entries for them, as a till would push them:
    mostly earns, some stamps, a few small redemptions (which the server checks for overdraws)."""
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, 9, tzinfo=timezone.utc)
    people = [MemberRecord(id=f"B{terminal}{n:07d}", name=f"Member {n}", joined=start.date(), created_at=start)
              for n in range(1, members + 1)]
    rows = []
    for seq in range(1, entries + 1):
        roll = rng.random()
        kind, points, stamps = ("earn", rng.randint(1, 60), 0) if roll < 0.8 else \
            ("stamp", 0, 1) if roll < 0.95 else ("redeem", -rng.randint(1, 5), 0)
        rows.append(Entry(id=str(uuid.UUID(int=rng.getrandbits(128), version=4)), terminal=terminal, seq=seq,
                          member=people[rng.randrange(members)].id, kind=kind, points=points, stamps=stamps,
                          card="COFFEE" if stamps else None, at=start + timedelta(seconds=seq),
                          receipt=str(uuid.UUID(int=seq, version=4)), program_version=1))
    return people, rows


# -- a till of the chain ----------------------------------------------------------------------
class CountingTransport:
    """The till's HTTP transport, also adding up what gzip would have made of each request body
    (the alternative to plain JSON on the wire); the time gzip takes is kept apart."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.gzip_bytes = 0
        self.gzip_seconds = 0.0

    def call(self, method: str, path: str, body: Optional[Any], **options: Any) -> tuple[int, Any]:
        if body is not None:
            started = time.perf_counter()
            content = body.model_dump_json().encode() if hasattr(body, "model_dump_json") else \
                json.dumps(body, separators=(",", ":")).encode()
            self.gzip_bytes += len(gzip.compress(content, 6))
            self.gzip_seconds += time.perf_counter() - started
        return self.inner.call(method, path, body, **options)


@dataclass
class Till:
    path: Path
    url: str
    transport: Any = None
    counting: Optional[CountingTransport] = None
    client: Any = None
    moved: int = 0
    extra: dict = field(default_factory=dict)

    def register(self, code: str, *, batch: Optional[int]) -> "Till":
        from db.store import open_engine
        from db.sync_store import TillSyncStore
        from pos_loyalty.sync.http import register
        from pos_loyalty.sync.signing import new_key
        self.engine = open_engine(self.path)
        self.store = TillSyncStore(self.engine)
        private, public = new_key()
        registered = register(self.url, code, public, self.path.stem)
        self.moved = self.store.register(registered, server=self.url, private_key=private, at=wall())
        return self.connect(self.url, batch=batch)

    def connect(self, url: str, *, batch: Optional[int]) -> "Till":
        from pos_loyalty.sync.client import SyncClient
        from pos_loyalty.sync.http import HttpTransport
        from pos_loyalty.sync.signing import Signer
        settings = self.store.settings()
        if self.transport is not None:
            self.transport.close()
        self.url = url
        self.transport = HttpTransport(url, Signer(settings["terminal_id"], settings["sync_key"]), wall, timeout=120)
        self.counting = CountingTransport(self.transport)
        self.client = SyncClient(self.store, self.counting, wall, batch=batch)
        return self

    def timed_sync(self) -> tuple[float, Any, float]:
        """(seconds without gzip's share, summary, gzip seconds) of one `sync --once`."""
        assert self.counting is not None
        before = self.counting.gzip_seconds
        started = time.perf_counter()
        summary = self.client.run_once()
        seconds = time.perf_counter() - started
        spent = self.counting.gzip_seconds - before
        return seconds - spent, summary, spent

    def entries(self) -> int:
        with self.engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM ledger")).scalar_one()

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()
        self.engine.dispose()


def sell_offline(till: Till, *, entries: int, seed: int) -> int:
    """Checkouts on the till (server down) until at least `entries` new ledger entries wait; returns sales."""
    from db.store import SqlUnitOfWork
    from pos_loyalty import demo
    from pos_loyalty.engine import BasketLine
    from pos_loyalty.services.checkout import CheckoutCommand, checkout
    from pos_loyalty.services.identity import MemberIdentity
    rng = random.Random(seed)
    products = demo.products()
    with till.engine.connect() as connection:
        people = [row[0] for row in connection.execute(text("SELECT id FROM members WHERE origin IS NULL"))]
        moment = datetime.fromisoformat(connection.execute(text("SELECT max(at) FROM ledger")).scalar_one())
    goal, sales = till.entries() + entries, 0
    uow = SqlUnitOfWork(till.engine, batch=True)   # setup only: one transaction for the whole day's sales
    while True:
        with uow:
            for _ in range(200):
                moment += timedelta(seconds=rng.randint(20, 90))
                basket = [BasketLine(sku=p.sku, name=p.name, category=p.category, price=p.price,
                                     qty=rng.randint(1, 2)) for p in rng.sample(products, rng.randint(1, 4))]
                checkout(CheckoutCommand(basket=basket,
                                         identity=MemberIdentity.attached(rng.choice(people), "card")),
                         uow=uow, clock=lambda at=moment: at, rng=rng, ids=rng)
                sales += 1
        uow.finish()
        if till.entries() >= goal:
            return sales


# -- a central store of many members ------------------------------------------------------------
def fill_central(engine: Engine, *, members: int, entries: int) -> None:
    """Members and entries written by PostgreSQL itself (generate_series), shaped like a chain's."""
    from pos_loyalty.central.db import migrate
    migrate(engine)
    with engine.begin() as c:
        c.execute(text("INSERT INTO stores (name, created_at) VALUES ('Bench store', '2026-01-01T00:00:00.000000+00:00')"))
        c.execute(text("INSERT INTO terminals (id, number, store_id, name, public_key, registered_at) "
                       "SELECT 'T' || lpad(n::text, 4, '0'), n, 1, 'bench', repeat('0', 64), "
                       "'2026-01-01T00:00:00.000000+00:00' FROM generate_series(1, 100) AS n"))
        c.execute(text(
            "INSERT INTO members (id, store_id, terminal_id, name, joined, consent, created_at, change) "
            "SELECT 'M' || lpad(n::text, 11, '0'), 1, 'T' || lpad((n % 100 + 1)::text, 4, '0'), 'Member ' || n, "
            "DATE '2025-01-01' + (n % 365), false, '2025-01-01T10:00:00.000000+00:00', n "
            "FROM generate_series(1, :members) AS n"), {"members": members})
        c.execute(text(
            "INSERT INTO ledger (id, change, terminal_id, seq, member_id, kind, at, points, stamps, body_hash) "
            "SELECT md5(n::text)::uuid::text, :members + n, 'T' || lpad((n % 100 + 1)::text, 4, '0'), n / 100 + 1, "
            "'M' || lpad(((n::bigint * 7919) % :members + 1)::text, 11, '0'), "
            "CASE WHEN n % 10 = 0 THEN 'redeem' ELSE 'earn' END, "
            "'2026-01-01T10:00:00.000000+00:00', CASE WHEN n % 10 = 0 THEN -(n % 7) ELSE n % 61 + 1 END, 0, "
            "md5(n::text) FROM generate_series(1, :entries) AS n"), {"members": members, "entries": entries})
        c.execute(text("UPDATE counters SET value = :top WHERE name = 'change'"), {"top": members + entries})
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.execute(text("VACUUM ANALYZE"))
