"""Checkout and refund on a real SQLite store: the ledger and every balance stay exact."""
from __future__ import annotations

import pytest

from pos_loyalty.errors import InvalidInput, NotFound, Refused
from pos_loyalty.services.adjustments import PointsAdjustment, adjust_points
from pos_loyalty.services.enrolment import Enrolment, enrol
from pos_loyalty.services.expiry import expire
from pos_loyalty.services.members import member_summary
from pos_loyalty.services.refund import RefundCommand, refund
from pos_loyalty.services.verify import verify_ledger
from tests.integration.conftest import CAKE, LATTE, SMOKES, at


def points_of(till, member_id):
    return member_summary(member_id, uow=till.uow(), clock=till.clock).points


def stamps_of(till, member_id):
    return {c.card: c.count for c in member_summary(member_id, uow=till.uow(), clock=till.clock).cards}


def test_a_member_checkout_stores_the_receipt_and_moves_points_and_stamps(till):
    member = till.enrol()
    result = till.pay(member.id, LATTE, CAKE)
    with till.uow() as uow:
        assert uow.receipt(result.receipt_id)["total"] == result.receipt.total
        kinds = sorted(entry.kind for entry in uow.ledger_for_receipt(result.receipt_id))
    assert kinds == ["earn", "stamp"]
    assert points_of(till, member.id) == result.receipt.points_earned == 30
    assert stamps_of(till, member.id) == {"coffee": 2}  # one starter stamp + one latte
    assert verify_ledger(uow=till.uow()) == []


def test_a_guest_checkout_stores_a_receipt_and_no_ledger_entries(till):
    result = till.pay(None, CAKE)
    with till.uow() as uow:
        assert uow.receipt(result.receipt_id)["member"] is None
        assert uow.ledger_for_receipt(result.receipt_id) == []


def test_a_full_card_gives_the_latte_free_at_the_next_visit(till):
    member = till.enrol()
    till.pay(member.id, LATTE, LATTE)           # 1 starter + 2 = 3: full
    result = till.pay(member.id, LATTE, CAKE)   # the latte is free, and earns no stamp
    assert result.receipt.discount_total == 100
    assert stamps_of(till, member.id) == {"coffee": 0}
    assert verify_ledger(uow=till.uow()) == []


def test_points_pay_from_the_oldest_lot_first(till):
    member = till.enrol()
    first = till.pay(member.id, CAKE, when="2026-01-05 10:00")
    second = till.pay(member.id, CAKE, when="2026-02-05 10:00")
    till.pay(member.id, CAKE, redeem_points=25, when="2026-02-06 10:00")
    with till.uow() as uow:
        lots = uow.member_lots(member.id)
        earned_first = next(e for e in uow.ledger_for_receipt(first.receipt_id) if e.kind == "earn")
        earned_second = next(e for e in uow.ledger_for_receipt(second.receipt_id) if e.kind == "earn")
    assert earned_first.id not in lots          # the older lot is used up first
    assert lots[earned_second.id] == 20 - 5


def test_refunding_a_whole_receipt_reverses_exactly_what_it_earned_and_used(till):
    member = till.enrol()
    till.pay(member.id, CAKE, when="2026-01-05 10:00")                        # +20 points
    sale = till.pay(member.id, LATTE, CAKE, redeem_points=20, when="2026-01-06 10:00")
    before = points_of(till, member.id)
    result = refund(RefundCommand(receipt_id=sale.receipt_id), uow=till.uow(), clock=till.clock)
    assert result.points_returned == 20
    assert result.points_reversed == sale.receipt.points_earned
    assert result.amount == sale.receipt.total
    assert points_of(till, member.id) == before + 20 - sale.receipt.points_earned == 20
    assert stamps_of(till, member.id) == {"coffee": 1}
    assert verify_ledger(uow=till.uow()) == []


def test_a_second_refund_of_the_same_receipt_is_refused(till):
    member = till.enrol()
    sale = till.pay(member.id, LATTE)
    refund(RefundCommand(receipt_id=sale.receipt_id), uow=till.uow(), clock=till.clock)
    with pytest.raises(Refused, match="already refunded"):
        refund(RefundCommand(receipt_id=sale.receipt_id), uow=till.uow(), clock=till.clock)
    with pytest.raises(Refused, match="already refunded"):
        refund(RefundCommand(receipt_id=sale.receipt_id, lines=[0]), uow=till.uow(), clock=till.clock)


def test_refunding_line_by_line_reverses_in_total_exactly_what_the_sale_earned(till):
    member = till.enrol()
    sale = till.pay(member.id, LATTE, CAKE, SMOKES)
    earned = sale.receipt.points_earned
    parts = [refund(RefundCommand(receipt_id=sale.receipt_id, lines=[n]), uow=till.uow(), clock=till.clock)
             for n in (2, 0, 1)]
    assert sum(p.points_reversed for p in parts) == earned
    assert sum(p.amount for p in parts) == sale.receipt.total
    assert points_of(till, member.id) == 0
    assert verify_ledger(uow=till.uow()) == []


def test_points_earned_and_already_spent_are_kept_back_from_the_refund_money(till):
    member = till.enrol()
    sale = till.pay(member.id, CAKE, CAKE, when="2026-01-05 10:00")       # +40 points
    till.pay(member.id, CAKE, redeem_points=40, when="2026-01-06 10:00")  # all 40 spent
    result = refund(RefundCommand(receipt_id=sale.receipt_id), uow=till.uow(), clock=till.clock)
    assert result.points_short == 40 - result.points_reversed
    assert result.amount == sale.receipt.total - result.points_short
    assert points_of(till, member.id) >= 0
    assert verify_ledger(uow=till.uow()) == []


def test_returning_a_free_latte_gives_the_card_its_stamps_back(till):
    member = till.enrol()
    till.pay(member.id, LATTE, LATTE)
    free = till.pay(member.id, LATTE, CAKE)
    refund(RefundCommand(receipt_id=free.receipt_id, lines=[0]), uow=till.uow(), clock=till.clock)
    assert stamps_of(till, member.id) == {"coffee": 3}


def test_a_refund_of_an_unknown_receipt_or_line_is_refused_and_writes_nothing(till):
    member = till.enrol()
    sale = till.pay(member.id, LATTE)
    with pytest.raises(NotFound):
        refund(RefundCommand(receipt_id="nope"), uow=till.uow(), clock=till.clock)
    with pytest.raises(InvalidInput, match="no line 5"):
        refund(RefundCommand(receipt_id=sale.receipt_id, lines=[5]), uow=till.uow(), clock=till.clock)
    with till.uow() as uow:
        assert uow.refunded_lines(sale.receipt_id) == set()


def test_the_birthday_discount_is_used_once_a_year_and_a_refund_gives_the_use_back(till):
    member = till.enrol(birthday=__import__("datetime").date(1990, 11, 3))
    first = till.pay(member.id, CAKE, when="2026-11-02 10:00")
    again = till.pay(member.id, CAKE, when="2026-11-03 10:00")
    assert first.receipt.discount_total == 20 and again.receipt.discount_total == 0
    refund(RefundCommand(receipt_id=first.receipt_id), uow=till.uow(), clock=till.clock)
    after_refund = till.pay(member.id, CAKE, when="2026-11-04 10:00")
    assert after_refund.receipt.discount_total == 20


def test_a_phone_number_belongs_to_one_member_only(till):
    till.enrol(phone="0912345678")
    with pytest.raises(Refused, match="already belongs"):
        till.enrol(name="王明", phone="0912-345-678")


def test_a_manual_adjustment_needs_a_reason_and_cannot_go_below_zero(till):
    member = till.enrol()
    with pytest.raises(InvalidInput, match="reason"):
        adjust_points(PointsAdjustment(member.id, 10, " "), uow=till.uow(), clock=till.clock)
    assert adjust_points(PointsAdjustment(member.id, 50, "goodwill"), uow=till.uow(), clock=till.clock) == 50
    with pytest.raises(Refused, match="only 50"):
        adjust_points(PointsAdjustment(member.id, -60, "typo"), uow=till.uow(), clock=till.clock)
    assert adjust_points(PointsAdjustment(member.id, -30, "typo"), uow=till.uow(), clock=till.clock) == 20
    assert verify_ledger(uow=till.uow()) == []


def test_the_expiry_run_expires_lapsed_lots_once(till):
    member = till.enrol(when="2025-01-01 10:00")
    till.pay(member.id, CAKE, when="2025-01-05 10:00")
    till.now = at("2026-01-06 10:00")
    first = expire(uow=till.uow(), clock=till.clock)
    second = expire(uow=till.uow(), clock=till.clock)
    assert (first.points, second.points) == (20, 0)
    assert points_of(till, member.id) == 0
    assert verify_ledger(uow=till.uow()) == []


def test_ledger_verify_reports_a_cache_that_drifted_from_the_ledger(till):
    member = till.enrol()
    till.pay(member.id, CAKE)
    with till.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE members SET points = points + 7")
    drifts = verify_ledger(uow=till.uow())
    assert [(d.what, d.key, d.ledger, d.cached) for d in drifts] == [("points", member.id, 20, 27)]


def test_enrolment_refuses_a_blank_name_and_a_wrong_phone(till):
    with pytest.raises(InvalidInput, match="name"):
        enrol(Enrolment(name="  "), uow=till.uow(), clock=till.clock)
    with pytest.raises(InvalidInput, match="phone"):
        enrol(Enrolment(name="Amy", phone="12ab"), uow=till.uow(), clock=till.clock)


def test_a_till_that_checkpoints_when_idle_keeps_every_sale(tmp_path):
    import json

    from db.demo import create_store
    from db.store import checkpoint, open_engine
    from tests.integration.conftest import PROGRAM, Till

    path = tmp_path / "idle.sqlite"
    create_store(path, program_text=json.dumps(PROGRAM))
    till = Till(path)
    till.engine = open_engine(path, idle_checkpoints=True)
    member = till.enrol()
    for _ in range(30):
        till.pay(member.id, CAKE)
    busy, wal_pages, copied = checkpoint(till.engine)
    assert busy == 0 and copied == wal_pages > 0
    checkpoint(till.engine, mode="TRUNCATE")
    assert points_of(till, member.id) == 30 * 20
    assert verify_ledger(uow=till.uow()) == []


def test_a_checkout_that_fails_halfway_leaves_nothing_behind(till, monkeypatch):
    from db.store import SqlUnitOfWork

    member = till.enrol()

    def broken_add_spend(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(SqlUnitOfWork, "add_spend", broken_add_spend)  # after receipt and ledger writes
    with pytest.raises(RuntimeError):
        till.pay(member.id, LATTE, CAKE)
    monkeypatch.undo()
    with till.uow() as uow:
        counts = [uow.c.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
                  for table in ("receipts", "receipt_lines", "ledger", "point_lots")]
    assert counts == [0, 0, 0, 0]
    assert points_of(till, member.id) == 0 and verify_ledger(uow=till.uow()) == []
