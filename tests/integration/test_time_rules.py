"""Time at the till: a sale cannot come before its member, nor spend points earned after it; a clock
that steps back changes no balance (the sequence number, not the clock, orders a terminal's entries)."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from db.demo import create_store
from pos_loyalty.clock import SteadyClock
from pos_loyalty.errors import Refused
from pos_loyalty.services.adjustments import PointsAdjustment, adjust_points
from pos_loyalty.services.verify import verify_ledger
from ui.till.backend import TillBackend

from tests.integration.conftest import CAKE, LATTE, PROGRAM, Till, at


def ledger_count(till: Till) -> int:
    with till.uow().reading() as uow:
        return uow.c.exec_driver_sql("SELECT count(*) FROM ledger").scalar()


def test_a_checkout_before_the_member_joined_is_refused(till):
    member = till.enrol(when="2026-06-02 10:00")
    before = ledger_count(till)
    with pytest.raises(Refused, match="before member .* joined"):
        till.pay(member.id, LATTE, when="2026-06-01 18:00")
    assert ledger_count(till) == before
    assert till.pay(member.id, LATTE, when="2026-06-02 08:00").receipt.points_earned == 10  # the same day is fine


def test_a_checkout_spending_points_earned_after_its_own_instant_is_refused(till):
    member = till.enrol()
    till.pay(member.id, CAKE, when="2026-06-10 10:00")             # 20 points, earned on the 10th
    before = ledger_count(till)
    with pytest.raises(Refused, match="earned after this sale"):
        till.pay(member.id, CAKE, redeem_points=20, when="2026-06-05 10:00")
    assert ledger_count(till) == before
    assert till.pay(member.id, CAKE, redeem_points=20, when="2026-06-11 10:00").receipt.points_used == 20


def test_the_steady_clock_never_gives_an_instant_before_one_it_gave():
    times = iter([at("2026-06-02 10:00"), at("2026-06-02 09:00"), at("2026-06-02 11:00")])
    clock = SteadyClock(lambda: next(times))
    assert [clock(), clock(), clock()] == [at("2026-06-02 10:00"), at("2026-06-02 10:00"), at("2026-06-02 11:00")]
    assert clock.stepped_back


def balances_after_sales(path, wall) -> tuple[dict, list]:
    backend = TillBackend(path, clock=wall)
    backend.open()
    member = backend.enrol(name="林小美", phone="0911222333", birthday=None, consent=False).view.summary.member.id
    backend.attach(member, "card")
    for lines in ([LATTE, CAKE], [CAKE], [LATTE, LATTE]):
        backend.pay(lines, member, 0, [("cash", 10_000)])
        backend.attach(member, "card")
    backend.pay([CAKE], member, 15, [("cash", 10_000)])
    with backend.uow().reading() as uow:
        points = uow.member(member) and uow.c.exec_driver_sql(
            "SELECT points FROM members WHERE id = ?", (member,)).scalar()
        stamps = uow.c.exec_driver_sql("SELECT count FROM stamp_balances WHERE member_id = ?", (member,)).all()
        instants = [row[0] for row in uow.c.exec_driver_sql("SELECT at FROM ledger ORDER BY seq")]
    assert verify_ledger(uow=backend.uow()) == []
    backend.engine.dispose()
    return {"points": points, "stamps": stamps}, instants


def test_a_till_clock_stepped_back_changes_no_balance_and_dates_nothing_before_an_earlier_entry(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        create_store(tmp_path / folder / "till.sqlite", program_text=json.dumps(PROGRAM), now=at("2026-01-01 09:00"))
    start = at("2026-06-02 10:00")
    steady = iter(start + timedelta(minutes=5 * n) for n in range(100))
    stepping = iter(start + timedelta(minutes=5 * n) - timedelta(hours=2 if n >= 3 else 0) for n in range(100))
    expected, _ = balances_after_sales(tmp_path / "a" / "till.sqlite", lambda: next(steady))
    clock = SteadyClock(lambda: next(stepping))
    got, instants = balances_after_sales(tmp_path / "b" / "till.sqlite", clock)
    assert clock.stepped_back
    assert got == expected
    assert instants == sorted(instants)  # in sequence order, no entry is dated before an earlier one
