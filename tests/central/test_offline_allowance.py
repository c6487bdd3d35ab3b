"""Offline, a till lets a member redeem only the store's offline allowance per day; offline
redemptions on two tills that together overdraw a member are kept and flagged for the manager."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from pos_loyalty.central.db import open_central
from pos_loyalty.central.models import ledger
from pos_loyalty.central.member_view import balance
from pos_loyalty.central.terminals import set_offline_allowance
from pos_loyalty.errors import Refused
from pos_loyalty.sync.client import Unreachable
from tests.central.chain import CAKE, ChainTill, registered_tills, wall

NOWHERE = "http://127.0.0.1:9"   # nothing listens there: the till is offline


@pytest.fixture
def tills(central_server, tmp_path):
    yield from registered_tills(central_server, tmp_path)


def allowance(db_url: str, points: int) -> None:
    engine = open_central(db_url)
    try:
        set_offline_allowance(engine, "Main store", points, wall())
    finally:
        engine.dispose()


def ledger_sum(till: ChainTill, member_id: str) -> int:
    from sqlalchemy import text
    with till.engine.connect() as c:
        return c.execute(text("SELECT SUM(points) FROM ledger WHERE member_id = :m"), {"m": member_id}).scalar()


def go_offline(till: ChainTill) -> None:
    till.connect(NOWHERE)
    with pytest.raises(Unreachable):
        till.sync()


def member_with_points(till: ChainTill, points: int = 1000):
    member = till.enrol("Alice Wang", "0911000111")
    till.adjust(member.id, points)
    till.sync()
    return member


def test_the_store_allowance_set_on_the_server_reaches_the_till_in_its_next_pull(tills, central_server):
    till = tills("till", 1)
    allowance(central_server.db_url, 150)
    till.sync()
    assert till.sync_store.settings()["offline_allowance"] == "150"


def test_an_offline_till_refuses_a_redemption_past_the_allowance_with_one_line_and_writes_nothing(
        tills, central_server):
    till = tills("till", 1)
    allowance(central_server.db_url, 150)
    member = member_with_points(till)
    go_offline(till)
    till.pay(member.id, CAKE, redeem_points=100)
    entries = till.ledger_ids()
    with pytest.raises(Refused) as refused:
        till.pay(member.id, CAKE, redeem_points=100)
    assert str(refused.value) == (f"Offline: member {member.id} may redeem at most 150 points a day on this till "
                                  "while it cannot reach the server (100 used today, 50 left)")
    assert till.ledger_ids() == entries
    assert till.pay(member.id, CAKE, redeem_points=50).receipt.points_used == 50


def test_an_offline_till_still_earns_without_limit(tills, central_server):
    till = tills("till", 1)
    allowance(central_server.db_url, 0)
    member = member_with_points(till)
    go_offline(till)
    assert till.pay(member.id, CAKE, CAKE, CAKE).receipt.points_earned > 0


def test_an_online_till_lets_the_member_redeem_past_the_allowance(tills, central_server):
    till = tills("till", 1)
    allowance(central_server.db_url, 150)
    member = member_with_points(till)
    assert till.pay(member.id, CAKE, redeem_points=200).receipt.points_used == 200


def test_redemptions_the_server_confirmed_do_not_count_against_the_allowance(tills, central_server):
    till = tills("till", 1)
    allowance(central_server.db_url, 150)
    member = member_with_points(till)
    till.pay(member.id, CAKE, redeem_points=150)
    till.sync()                                  # online: confirmed by the chain
    go_offline(till)
    assert till.pay(member.id, CAKE, redeem_points=150).receipt.points_used == 150


def test_a_till_back_online_lifts_the_allowance(tills, central_server):
    till = tills("till", 1)
    allowance(central_server.db_url, 150)
    member = member_with_points(till)
    go_offline(till)
    till.pay(member.id, CAKE, redeem_points=150)
    till.connect(central_server.url)
    till.sync()
    assert till.pay(member.id, CAKE, redeem_points=200).receipt.points_used == 200


def test_offline_redemptions_on_two_tills_that_overdraw_are_kept_and_flagged_in_the_managers_audit_log(
        tills, central_server):
    from db.staff_store import SqlStaffBook
    first, second = tills("first", 1), tills("second", 2)
    member = member_with_points(first, 300)
    second.sync()
    assert second.points(member.id) == 300
    go_offline(first)
    go_offline(second)
    one = first.pay(member.id, CAKE, redeem_points=200)      # each within the allowance (500)
    two = second.pay(member.id, CAKE, redeem_points=200)
    for till in (first, second, first, second):
        till.connect(central_server.url)
        till.sync()
    engine = open_central(central_server.db_url)
    assert balance(engine, member.id) == ledger_sum(first, member.id) == ledger_sum(second, member.id) == -100
    with engine.connect() as c:
        flagged = c.execute(select(ledger.c.receipt_id).where(ledger.c.flagged.is_not(None))).scalars().all()
    engine.dispose()
    assert flagged == [two.receipt_id]
    with SqlStaffBook(second.engine).reading() as book:
        logged = book.audit_log(action="offline overdraw flagged")
    assert [(e.detail["member"], e.detail["receipt"], e.detail["points"]) for e in logged] == \
        [(member.id, two.receipt_id, -200)]
    assert one.receipt_id not in flagged
