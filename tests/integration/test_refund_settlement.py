"""A refund settles as if the kept lines had been bought alone (real SQLite store, the till's services)."""
from __future__ import annotations

import json
import random

import pytest

from db.demo import create_store
from pos_loyalty.engine import BasketLine
from pos_loyalty.errors import Refused
from pos_loyalty.services.adjustments import PointsAdjustment, adjust_points
from pos_loyalty.services.expiry import expire
from pos_loyalty.services.members import member_summary
from pos_loyalty.services.refund import RefundCommand, refund
from pos_loyalty.services.verify import verify_ledger
from tests.integration.conftest import CAKE, LATTE, PROGRAM, Till, at

DRAW_PROMOTION = {"id": "spin", "name": "Big spender spin", "conditions": {"min_spend": 5000},
                  "effect": {"type": "lucky_draw", "prizes": [
                      {"name": "Tote bag", "weight": 1, "item": {"sku": "TOTE", "name": "Tote bag", "cost": 150}}]}}
MIN_SPEND_PROMOTION = {"id": "big300", "name": "300 and up: 30 off", "conditions": {"min_spend": 300},
                       "effect": {"type": "amount_off", "amount": 30, "scope": "order"}}

WINE = BasketLine(sku="WINE", name="Wine", category="wine", price=5000, qty=1)
MUFFIN = BasketLine(sku="MUF", name="Muffin", category="bakery", price=51, qty=1)
TEA = BasketLine(sku="TEA", name="Tea", category="tea", price=49, qty=1)
HALF = BasketLine(sku="HALF", name="Half", category="bakery", price=50, qty=1)


def till_with(tmp_path, *promotions: dict) -> Till:
    path = tmp_path / "till.sqlite"
    program = {**PROGRAM, "promotions": [*PROGRAM["promotions"], *promotions]}
    create_store(path, program_text=json.dumps(program), now=at("2026-01-01 09:00"))
    return Till(path)


def give_back(till: Till, sale, lines=None, **options):
    return refund(RefundCommand(receipt_id=sale.receipt_id, lines=lines, **options), uow=till.uow(), clock=till.clock)


def points_of(till: Till, member_id: str) -> int:
    return member_summary(member_id, uow=till.uow(), clock=till.clock).points


def lots_of(till: Till, member_id: str) -> dict[str, int]:
    with till.uow() as uow:
        return uow.member_lots(member_id)


def add_lot(till: Till, member_id: str, points: int, when: str) -> str:
    till.now = at(when)
    adjust_points(PointsAdjustment(member_id, points, "welcome"), uow=till.uow(), clock=till.clock, ids=till.rng)
    return max(lots_of(till, member_id))  # uuid7: the newest lot


def english(result) -> str:
    return "\n".join(line["en"] for line in result.explain)


# -- points kept are what the kept lines earn alone ------------------------------------------

def test_refunding_the_51_of_51_plus_49_leaves_only_what_the_49_earns_alone(tmp_path):
    till = till_with(tmp_path)
    member = till.enrol()
    sale = till.pay(member.id, MUFFIN, TEA)             # 100 spent: 10 points; alone the 49 earns 4
    give_back(till, sale, lines=[0])
    assert points_of(till, member.id) == 4
    assert verify_ledger(uow=till.uow()) == []


def test_buying_51_plus_49_and_returning_the_51_again_and_again_farms_nothing(tmp_path):
    till = till_with(tmp_path)
    member = till.enrol()
    for _ in range(5):
        give_back(till, till.pay(member.id, MUFFIN, TEA), lines=[0])
    assert points_of(till, member.id) == 5 * 4


def test_refunding_lines_one_refund_at_a_time_re_evaluates_everything_still_kept(tmp_path):
    till = till_with(tmp_path)
    member = till.enrol()
    sale = till.pay(member.id, MUFFIN, TEA, HALF)        # 150: 15 points
    give_back(till, sale, lines=[0])                      # 49 + 50 = 99 kept: 9 points
    assert points_of(till, member.id) == 9
    give_back(till, sale, lines=[2])                      # 49 kept: 4 points
    assert points_of(till, member.id) == 4
    give_back(till, sale)
    assert points_of(till, member.id) == 0
    assert verify_ledger(uow=till.uow()) == []


# -- a threshold lost is taken from the money refunded ----------------------------------------

def test_a_min_spend_discount_the_kept_lines_no_longer_reach_is_kept_from_the_money(tmp_path):
    till = till_with(tmp_path, MIN_SPEND_PROMOTION)
    member = till.enrol()
    sale = till.pay(member.id, LATTE, CAKE)              # 300 - 30 = 270 paid
    assert sale.receipt.total == 270
    result = give_back(till, sale, lines=[0])            # the cake alone costs 200
    assert result.amount == 270 - 200
    assert "300 and up: 30 off" in english(result)


def test_a_refund_that_would_give_back_less_than_nothing_is_refused_and_writes_nothing(tmp_path):
    big = {**MIN_SPEND_PROMOTION, "effect": {"type": "amount_off", "amount": 250, "scope": "order"}}
    till = till_with(tmp_path, big)
    member = till.enrol()
    sale = till.pay(member.id, LATTE, CAKE)              # 300 - 250 = 50 paid; the cake alone is 200
    with pytest.raises(Refused, match="the whole receipt") as refused:
        give_back(till, sale, lines=[0])
    assert "\n" not in str(refused.value)
    with till.uow() as uow:
        assert uow.refunded_lines(sale.receipt_id) == set()
    assert points_of(till, member.id) == sale.receipt.points_earned


# -- lucky draws ------------------------------------------------------------------------------

def test_ten_rounds_of_buy_5000_and_refund_leave_no_free_prize(tmp_path):
    till = till_with(tmp_path, DRAW_PROMOTION)
    member = till.enrol()
    refunds = []
    for _ in range(10):
        sale = till.pay(member.id, WINE)
        assert [d.prize for d in sale.receipt.draws] == ["Tote bag"]
        refunds.append(give_back(till, sale))
    assert all(r.amount == 5000 - 150 for r in refunds)   # the tote bag stayed with the customer: paid for
    assert all(r.prizes[0]["kept_back"] == 150 for r in refunds)
    assert "Tote bag" in english(refunds[0])


def test_a_prize_handed_back_is_not_charged(tmp_path):
    till = till_with(tmp_path, DRAW_PROMOTION)
    member = till.enrol()
    sale = till.pay(member.id, WINE)
    result = give_back(till, sale, prizes_returned=True)
    assert result.amount == 5000
    assert result.prizes == [{"promotion": "spin", "prize": "Tote bag", "item": "Tote bag", "returned": True,
                              "kept_back": 0}]
    with till.uow() as uow:
        undone = [e for e in uow.ledger_for_receipt(sale.receipt_id) if e.kind == "refund" and e.promotion == "spin"]
    assert len(undone) == 1


def test_where_the_kept_lines_still_qualify_the_draw_keeps_its_outcome_and_nothing_is_drawn_again(tmp_path):
    till = till_with(tmp_path, DRAW_PROMOTION)
    member = till.enrol()
    sale = till.pay(member.id, WINE, CAKE)

    class NoDrawing(random.Random):
        def random(self) -> float:
            raise AssertionError("a refund must not draw again")

    result = refund(RefundCommand(receipt_id=sale.receipt_id, lines=[1]), uow=till.uow(), clock=till.clock,
                    ids=NoDrawing(3))
    assert result.amount == CAKE.price and result.prizes == []
    assert "still qualify" in english(result)


# -- points go back to the very lots they came from -------------------------------------------

def test_points_used_go_back_to_the_lots_they_came_from_across_partial_refunds(tmp_path):
    till = till_with(tmp_path)
    member = till.enrol()
    older = add_lot(till, member.id, 40, "2026-01-02 10:00")
    newer = add_lot(till, member.id, 60, "2026-03-02 10:00")
    sale = till.pay(member.id, HALF, HALF, redeem_points=100, when="2026-03-03 10:00")   # 40 from older, 60 newer
    give_back(till, sale, lines=[0])       # the other half alone uses 50: 40 older + 10 newer
    assert lots_of(till, member.id) == {newer: 50}
    give_back(till, sale, lines=[1])
    assert lots_of(till, member.id) == {older: 40, newer: 60}
    till.now = at("2027-01-03 10:00")      # the older lot lapses, the newer not yet
    expire(uow=till.uow(), clock=till.clock)
    assert points_of(till, member.id) == 60
    assert verify_ledger(uow=till.uow()) == []


# -- points that have since expired ------------------------------------------------------------

def test_points_earned_that_have_since_expired_are_not_charged_to_the_refund(tmp_path):
    till = till_with(tmp_path)
    member = till.enrol()
    sale = till.pay(member.id, CAKE, when="2026-01-05 10:00")     # +20 points, lapsing a year later
    till.now = at("2027-01-06 10:00")
    expire(uow=till.uow(), clock=till.clock)
    result = give_back(till, sale)
    assert result.amount == CAKE.price
    assert (result.points_reversed, result.points_short) == (0, 0)
    assert "expired" in english(result)
    assert verify_ledger(uow=till.uow()) == []


def test_points_paid_with_from_a_lot_that_has_since_expired_are_not_returned(tmp_path):
    till = till_with(tmp_path)
    member = till.enrol()
    lot = add_lot(till, member.id, 20, "2026-01-02 10:00")
    sale = till.pay(member.id, CAKE, redeem_points=20, when="2026-06-02 10:00")
    till.now = at("2027-01-03 10:00")
    expire(uow=till.uow(), clock=till.clock)
    result = give_back(till, sale)
    assert result.points_returned == 0 and result.points_lost == 20
    assert result.amount == CAKE.price - 20
    assert lots_of(till, member.id).get(lot, 0) == 0 and points_of(till, member.id) == 0
    assert verify_ledger(uow=till.uow()) == []


# -- time ----------------------------------------------------------------------------------------

def test_a_refund_dated_before_its_sale_is_refused_with_one_line_and_writes_nothing(tmp_path):
    till = till_with(tmp_path)
    member = till.enrol()
    sale = till.pay(member.id, CAKE, when="2026-06-02 10:00")
    till.now = at("2026-06-02 09:59")
    with pytest.raises(Refused, match="before its sale") as refused:
        give_back(till, sale)
    assert "\n" not in str(refused.value)
    with till.uow() as uow:
        assert uow.refunded_lines(sale.receipt_id) == set()
    assert points_of(till, member.id) == 20


# -- what the customer is told ------------------------------------------------------------------

def test_every_refund_explains_itself_in_english_and_traditional_chinese(tmp_path):
    till = till_with(tmp_path, MIN_SPEND_PROMOTION)
    member = till.enrol()
    result = give_back(till, till.pay(member.id, LATTE, CAKE), lines=[0])
    assert result.explain and all(set(line) == {"en", "zh_TW"} and all(line.values()) for line in result.explain)
    assert result.to_dict()["explain"] == [line["en"] for line in result.explain]



# -- guests and receipts written before the sale basis was kept ---------------------------------

def test_a_guest_refund_also_keeps_back_the_discount_the_kept_lines_lose(tmp_path):
    till = till_with(tmp_path, {**MIN_SPEND_PROMOTION, "members_only": False})
    sale = till.pay(None, LATTE, CAKE)                   # 270 paid
    assert sale.receipt.total == 270
    result = give_back(till, sale, lines=[0])
    assert result.amount == 270 - 200
    with till.uow() as uow:
        assert uow.ledger_for_receipt(sale.receipt_id) == []


def test_a_receipt_without_its_sale_basis_is_settled_from_the_ledger_as_it_was_before_the_sale(tmp_path):
    till = till_with(tmp_path)
    member = till.enrol()
    older = add_lot(till, member.id, 40, "2026-01-02 10:00")
    newer = add_lot(till, member.id, 60, "2026-03-02 10:00")
    sale = till.pay(member.id, HALF, HALF, redeem_points=100, when="2026-03-03 10:00")
    till.pay(member.id, CAKE, when="2026-03-04 10:00")   # a later sale the rebuilt state must not see
    with till.engine.begin() as connection:               # as written before receipts kept their basis
        connection.exec_driver_sql("UPDATE receipts SET body = json_remove(body, '$.refund_basis') WHERE id = ?",
                                   (sale.receipt_id,))
    give_back(till, sale, lines=[0])
    assert {lot: left for lot, left in lots_of(till, member.id).items() if lot in (older, newer)} == {newer: 50}
    give_back(till, sale)
    assert {lot: left for lot, left in lots_of(till, member.id).items() if lot in (older, newer)} == \
        {older: 40, newer: 60}
    assert verify_ledger(uow=till.uow()) == []


def test_a_card_that_lapsed_since_the_sale_is_left_as_it_is(tmp_path):
    path = tmp_path / "till.sqlite"
    card = {**PROGRAM["stamp_cards"][0], "expire_days": 30}
    create_store(path, program_text=json.dumps({**PROGRAM, "stamp_cards": [card]}), now=at("2026-01-01 09:00"))
    till = Till(path)
    member = till.enrol()
    sale = till.pay(member.id, LATTE, CAKE, when="2026-03-02 10:00")     # the card opens: 1 + 1 stamps
    till.now = at("2026-04-05 10:00")
    expire(uow=till.uow(), clock=till.clock)                             # ... and lapses a month later
    result = give_back(till, sale, lines=[0])
    assert result.stamps_reversed == {}
    assert member_summary(member.id, uow=till.uow(), clock=till.clock).cards[0].count == 0
    assert "lapsed" in english(result)
    assert verify_ledger(uow=till.uow()) == []
