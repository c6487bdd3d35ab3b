"""Tills of a chain for tests: a real SQLite store each, registered with a real central server."""
from __future__ import annotations

import json
import random
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

from db.demo import create_store
from db.store import SqlUnitOfWork, open_engine
from db.sync_store import TillSyncStore
from pos_loyalty.central.db import open_central
from pos_loyalty.central.terminals import new_code
from pos_loyalty.engine import BasketLine
from pos_loyalty.services.adjustments import PointsAdjustment, adjust_points
from pos_loyalty.services.checkout import CheckoutCommand, checkout
from pos_loyalty.services.identity import MemberIdentity
from pos_loyalty.services.enrolment import Enrolment, enrol
from pos_loyalty.services.members import member_summary
from pos_loyalty.sync.client import SyncClient
from pos_loyalty.sync.http import HttpTransport, register
from pos_loyalty.sync.registering import register_till
from pos_loyalty.sync.signing import Signer
from pos_loyalty.cards.key_directory import KeyDirectory
from tests.integration.conftest import PROGRAM, at

LATTE = BasketLine(sku="LATTE", name="Latte", category="coffee", price=100, qty=1)
CAKE = BasketLine(sku="CAKE", name="Cake", category="bakery", price=200, qty=1)


def wall() -> datetime:
    return datetime.now(timezone.utc)


def code_for(db_url: str, store: str = "Main store") -> str:
    engine = open_central(db_url)
    try:
        return new_code(engine, store=store, at=wall())
    finally:
        engine.dispose()


_BLANK: dict[str, Path] = {}


def blank_till(path: Path) -> None:
    """A new till store at `path`: a copy of one built (and migrated) once per process, with its own
    store id, so a fault run does not pay the migrations 3,000 times."""
    import sqlite3
    import uuid
    if "store" not in _BLANK:
        import atexit
        import shutil
        import tempfile
        folder = Path(tempfile.mkdtemp(prefix="blank-till-"))
        atexit.register(shutil.rmtree, folder, True)
        create_store(folder / "blank.sqlite", program_text=json.dumps(PROGRAM), now=at("2026-01-01 09:00"))
        _BLANK["store"] = folder / "blank.sqlite"
    with sqlite3.connect(_BLANK["store"]) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
        copy.execute("UPDATE settings SET value = ? WHERE key = 'store_id'", (uuid.uuid4().hex,))
    copy.close()
    source.close()


def registered_tills(central_server, folder: Path) -> Iterator[Callable[..., ChainTill]]:  # noqa: ANN001
    """For a fixture to `yield from`: makes tills registered with the central server (their stores in
    `folder`), and closes every one made when the test is done."""
    made: list[ChainTill] = []

    def make(name: str = "till", seed: int = 1, store: str = "Main store") -> ChainTill:
        made.append(ChainTill(folder / f"{name}.sqlite", seed))
        made[-1].register(central_server.url, code_for(central_server.db_url, store))
        return made[-1]
    try:
        yield make
    finally:
        for till in made:
            till.close()


class ChainTill:
    """A till of the chain on its own SQLite store. A new store is a copy of one `create_store` built
    once per process (`blank_till`: the same file but its own store id; the migrations cost ~0.2 s a
    till, more under load); `blank=False` builds it with `create_store` itself."""

    def __init__(self, path: Path, seed: int, *, blank: bool = True) -> None:
        self.path = path
        if not path.exists() and blank:
            blank_till(path)
        elif not path.exists():
            create_store(path, program_text=json.dumps(PROGRAM), now=at("2026-01-01 09:00"))
        self.engine = open_engine(path)
        self.now = at("2026-06-02 10:00")
        self.rng = random.Random(seed)
        self.sync_store = TillSyncStore(self.engine)
        self.transport: HttpTransport | None = None
        self.client: SyncClient | None = None

    def clock(self) -> datetime:
        return self.now

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine)

    def register(self, server_url: str, code: str):
        registered, _moved = register_till(self.sync_store, KeyDirectory.next_to(self.path), server=server_url,
                                           code=code, name=self.path.stem, at=wall(), send=register)
        self.connect(server_url)
        return registered

    def connect(self, server_url: str | None = None) -> SyncClient:
        settings = self.sync_store.settings()
        if self.transport is not None:
            self.transport.close()
        self.transport = HttpTransport(server_url or settings["sync_server"],
                                       Signer(settings["terminal_id"], settings["sync_key"]), wall, timeout=10)
        self.client = SyncClient(self.sync_store, self.transport, wall, batch=500)
        return self.client

    def sync(self):
        assert self.client is not None
        return self.client.run_once()

    def enrol(self, name: str, phone: str | None = None):
        return enrol(Enrolment(name=name, phone=phone, birthday=date(1990, 11, 3)), uow=self.uow(), clock=self.clock)

    def pay(self, member_id, *lines: BasketLine, redeem_points: int = 0):
        identity = MemberIdentity.attached(member_id, "card") if member_id is not None else None  # a scanned card
        return checkout(CheckoutCommand(basket=list(lines), identity=identity, redeem_points=redeem_points),
                        uow=self.uow(), clock=self.clock, rng=self.rng, ids=self.rng)

    def adjust(self, member_id: str, points: int, reason: str = "goodwill"):
        return adjust_points(PointsAdjustment(member_id=member_id, points=points, reason=reason),
                             uow=self.uow(), clock=self.clock, ids=self.rng)

    def points(self, member_id: str) -> int:
        return member_summary(member_id, uow=self.uow(), clock=self.clock).points

    def ledger_ids(self) -> list[str]:
        from sqlalchemy import text
        with self.engine.connect() as c:
            return sorted(c.execute(text("SELECT id FROM ledger")).scalars())

    def verify(self) -> list:
        from pos_loyalty.services.verify import verify_ledger
        return verify_ledger(uow=self.uow())

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()
        self.engine.dispose()
