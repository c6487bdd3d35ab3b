"""A real SQLite store per test, with a small program and a member, wired like the till."""
from __future__ import annotations

import json
import random
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from db.demo import create_store
from db.store import SqlUnitOfWork, open_engine
from pos_loyalty.engine import BasketLine
from pos_loyalty.services.checkout import CheckoutCommand, checkout
from pos_loyalty.services.enrolment import Enrolment, enrol
from pos_loyalty.services.identity import MemberIdentity

TAIPEI = ZoneInfo("Asia/Taipei")

PROGRAM = {
    "version": 1,
    "currency": {"code": "TWD", "exponent": 0},
    "timezone": "Asia/Taipei",
    "points": {"earn": {"spend": 10, "points": 1}, "exclude_categories": ["tobacco"],
               "redeem": {"value": 1, "min_points": 0, "max_percent": 100}, "expire_days": 365},
    "tiers": {"basis": "previous_month", "levels": [{"name": "bronze", "min_spend": 0},
                                                    {"name": "silver", "min_spend": 2000, "earn_multiplier": 2}]},
    "stamp_cards": [{"id": "coffee", "name": "Coffee card", "earn": {"per": "item", "match": {"categories": ["coffee"]}},
                     "required": 3, "starter_stamps": 1,
                     "reward": {"type": "free_item", "match": {"categories": ["coffee"]}}}],
    "promotions": [{"id": "birthday", "name": "Birthday 10% off",
                    "effect": {"type": "percent_off", "percent": 10, "scope": "order"},
                    "conditions": {"birthday": {"window_days": 3}, "max_uses": {"count": 1, "per": "year"}}}],
}


DEMO_NOW = datetime.fromisoformat("2026-11-30T12:00:00+08:00")


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 40-member demo shop whose history ends on DEMO_NOW, one per test module (backtests read it)."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    create_store(path, demo=True, members=40, now=DEMO_NOW)
    return path


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TAIPEI)


LATTE = BasketLine(sku="LATTE", name="Latte", category="coffee", price=100, qty=1)
CAKE = BasketLine(sku="CAKE", name="Cake", category="bakery", price=200, qty=1)
SMOKES = BasketLine(sku="CIG", name="Cigarettes", category="tobacco", price=125, qty=1)


class Till:
    """The services as a till calls them, on one store, with a settable clock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.engine = open_engine(path)
        self.now = at("2026-06-02 10:00")
        self.rng = random.Random(1)

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine)

    def clock(self) -> datetime:
        return self.now

    def enrol(self, name: str = "陳小华", phone: str = "0912345678", birthday: date | None = date(1990, 11, 3),
              when: str = "2026-01-01 10:00"):
        """A member who joined at `when` (by default the day the store opened: every sale may be theirs)."""
        return enrol(Enrolment(name=name, phone=phone, birthday=birthday), uow=self.uow(), clock=lambda: at(when))

    def pay(self, member_id, *lines: BasketLine, redeem_points=0, when: str | None = None, via: str = "card"):
        """A sale for the member (None: a guest), attached as by a scan of their card unless `via` says otherwise."""
        if when:
            self.now = at(when)
        identity = MemberIdentity.attached(member_id, via) if member_id is not None else None
        return checkout(CheckoutCommand(basket=list(lines), identity=identity, redeem_points=redeem_points),
                        uow=self.uow(), clock=self.clock, rng=self.rng, ids=self.rng)


@pytest.fixture
def till(tmp_path: Path) -> Till:
    path = tmp_path / "till.sqlite"
    create_store(path, program_text=json.dumps(PROGRAM), now=at("2026-01-01 09:00"))
    return Till(path)
