"""Property: no sequence of sales and refunds ends with more than buying only what was kept.

Random baskets, random points asked, random partial refunds (with or without the prize handed
back, with or without a year passing and the expiry run in between), on a real SQLite store
through the services. After every refund the ledger verifies clean, and the member has no more
points, stamps or prizes, and has paid no less for the goods, than a twin member who bought only
the lines kept, at the same instant, from the same starting balance.

REFUND_EXAMPLES sets the number of examples (default 20, a few seconds each on this machine).
"""
from __future__ import annotations

import json
import os
import random
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.demo import create_store
from db.store import checkpoint, open_engine
from pos_loyalty.engine import BasketLine
from pos_loyalty.errors import Refused
from pos_loyalty.services.adjustments import PointsAdjustment, adjust_points
from pos_loyalty.services.checkout import CheckoutCommand, checkout
from pos_loyalty.services.identity import MemberIdentity
from pos_loyalty.services.enrolment import Enrolment, enrol
from pos_loyalty.services.expiry import expire
from pos_loyalty.services.members import member_summary
from pos_loyalty.services.refund import RefundCommand, refund
from pos_loyalty.services.verify import verify_ledger
from tests.integration.conftest import PROGRAM, Till, at
from tests.integration.test_refund_settlement import DRAW_PROMOTION, MIN_SPEND_PROMOTION

PERCENT_DRAW = {"id": "wheel", "name": "Wheel", "conditions": {"min_spend": 400},
                "effect": {"type": "lucky_draw", "prizes": [{"name": "Five off", "weight": 1, "percent_off": 5}]}}
BONUS = {"id": "bonus", "name": "Bakery bonus", "conditions": {"min_qty": 2, "match": {"categories": ["bakery"]}},
         "effect": {"type": "bonus_points", "points": 7}}
SHOP = {**PROGRAM, "promotions": [*PROGRAM["promotions"], MIN_SPEND_PROMOTION, DRAW_PROMOTION, PERCENT_DRAW, BONUS]}
CATALOGUE = [
    BasketLine(sku="LATTE", name="Latte", category="coffee", price=100, qty=1),
    BasketLine(sku="CAKE", name="Cake", category="bakery", price=200, qty=1),
    BasketLine(sku="MUF", name="Muffin", category="bakery", price=51, qty=1),
    BasketLine(sku="TEA", name="Tea", category="tea", price=49, qty=1),
    BasketLine(sku="CIG", name="Cigarettes", category="tobacco", price=125, qty=1),
    BasketLine(sku="WINE", name="Wine", category="wine", price=5000, qty=1),
]
EXAMPLES = int(os.environ.get("REFUND_EXAMPLES", "20"))


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "shop.sqlite"
    create_store(path, program_text=json.dumps(SHOP), now=at("2026-01-01 09:00"))
    engine = open_engine(path)
    checkpoint(engine, mode="TRUNCATE")
    engine.dispose()
    return path


@st.composite
def stories(draw):
    lines = draw(st.lists(st.tuples(st.sampled_from(range(len(CATALOGUE))), st.integers(1, 2)), min_size=1, max_size=5))
    order = draw(st.permutations(range(len(lines))))
    cuts = sorted(draw(st.sets(st.integers(1, len(lines)), min_size=1, max_size=len(lines))))
    groups = [sorted(order[a:b]) for a, b in zip([0, *cuts], cuts)]
    return {
        "basket": [BasketLine(**{**CATALOGUE[i].__dict__, "qty": qty}) for i, qty in lines],
        "start_points": draw(st.sampled_from([0, 30, 120, 400])),
        "redeem": draw(st.one_of(st.just(0), st.just("max"), st.integers(1, 300))),
        "full_card": draw(st.booleans()),
        "refunds": [{"lines": group, "prizes_returned": draw(st.booleans()), "a_year_later": draw(st.booleans())}
                    for group in groups],
    }


class World:
    """One store; the member who refunds and the twins who bought only what was kept."""

    def __init__(self, path: Path) -> None:
        self.till = Till(path)
        self.till.rng = random.Random(7)

    def customer(self, story: dict, name: str):
        till = self.till
        till.now = at("2026-01-02 10:00")
        member = enrol(Enrolment(name=name, open_cards=True), uow=till.uow(), clock=till.clock, ids=till.rng)
        if story["start_points"]:
            adjust_points(PointsAdjustment(member.id, story["start_points"], "welcome"), uow=till.uow(),
                          clock=till.clock, ids=till.rng)
        if story["full_card"]:
            till.pay(member.id, CATALOGUE[0], CATALOGUE[0], when="2026-02-01 10:00")
        return member

    def buy(self, member_id: str, lines: list[BasketLine], redeem):
        till = self.till
        till.now = at("2026-03-02 10:00")
        return checkout(CheckoutCommand(basket=lines, identity=MemberIdentity.attached(member_id, "card"),
                                        redeem_points=redeem),
                        uow=till.uow(), clock=till.clock, rng=till.rng, ids=till.rng)

    def holdings(self, member_id: str) -> tuple[int, dict[str, int]]:
        summary = member_summary(member_id, uow=self.till.uow(), clock=self.till.clock)
        return summary.points, {c.card: c.count for c in summary.cards}


def prize_items(receipt) -> int:
    return sum(1 for d in receipt.draws if d.item)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])
@given(story=stories())
def test_no_sequence_of_sales_and_refunds_ends_with_more_than_buying_only_what_was_kept(template, tmp_path, story):
    path = Path(tempfile.mkdtemp(dir=tmp_path)) / "shop.sqlite"  # a fresh store per example
    shutil.copy(template, path)
    world = World(path)
    basket, redeem = story["basket"], story["redeem"]
    member = world.customer(story, "Refunder")
    twins, kept, keeps = [], list(range(len(basket))), []
    for step in story["refunds"]:
        kept = [n for n in kept if n not in step["lines"]]
        keeps.append(kept)
        twins.append(world.customer(story, f"Twin {len(twins)}"))
    sale = world.buy(member.id, basket, redeem)
    bought = [world.buy(twin.id, [basket[n] for n in kept], redeem).receipt if kept else None
              for twin, kept in zip(twins, keeps)]
    paid, prizes = sale.receipt.total, prize_items(sale.receipt)
    world.till.now = at("2026-03-02 11:00")
    for step, twin, alone in zip(story["refunds"], twins, bought):
        if step["a_year_later"]:
            world.till.now += timedelta(days=400)
            expire(uow=world.till.uow(), clock=world.till.clock)
        try:
            result = refund(RefundCommand(receipt_id=sale.receipt_id, lines=step["lines"],
                                          prizes_returned=step["prizes_returned"]),
                            uow=world.till.uow(), clock=world.till.clock, ids=world.till.rng)
        except Refused as refused:
            assert "whole receipt" in str(refused) or "ask a manager" in str(refused)
            assert verify_ledger(uow=world.till.uow()) == []
            return
        paid -= result.amount
        for prize in result.prizes:
            prizes -= 1
            paid -= prize["kept_back"]       # money that bought the prize, not the goods
        assert verify_ledger(uow=world.till.uow()) == []
        points, stamps = world.holdings(member.id)
        twin_points, twin_stamps = world.holdings(twin.id)
        assert points <= twin_points
        assert all(count <= twin_stamps.get(card, 0) for card, count in stamps.items())
        assert prizes <= (prize_items(alone) if alone else 0)
        assert paid >= (alone.total if alone else 0)
