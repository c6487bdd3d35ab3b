"""A point lot expires once across the chain, whatever the tills saw: two offline tills that both
expire a member's lapsed lot, or one that expires it while another spent from it, leave the
member with what a single till would have left once they sync."""
from __future__ import annotations

from datetime import timedelta

import pytest

from pos_loyalty.central.db import open_central
from pos_loyalty.central.member_view import balance
from pos_loyalty.sync.client import Unreachable
from tests.central.chain import CAKE, LATTE, ChainTill, registered_tills

NOWHERE = "http://127.0.0.1:9"   # nothing listens there: the till is offline


@pytest.fixture
def tills(central_server, tmp_path):
    yield from registered_tills(central_server, tmp_path)


def go_offline(till: ChainTill) -> None:
    till.connect(NOWHERE)
    with pytest.raises(Unreachable):
        till.sync()


def back_online(till: ChainTill, url: str) -> None:
    till.connect(url)
    till.sync()


def ledger_points(till: ChainTill, member_id: str) -> int:
    from sqlalchemy import text
    with till.engine.connect() as c:
        return c.execute(text("SELECT COALESCE(SUM(points), 0) FROM ledger WHERE member_id = :m"),
                         {"m": member_id}).scalar()


def central_points(db_url: str, member_id: str) -> int:
    engine = open_central(db_url)
    try:
        return balance(engine, member_id)
    finally:
        engine.dispose()


def everyone_agrees(central_server, member_id: str, *tills: ChainTill) -> int:
    for _round in range(2):
        for till in tills:
            till.sync()
    seen = {ledger_points(till, member_id) for till in tills} | {central_points(central_server.db_url, member_id)}
    assert len(seen) == 1, f"balances differ: {seen}"
    return seen.pop()


@pytest.fixture
def two_tills_and_a_lot(tills, central_server):
    """Alice has a 40-point lot (earned 2026-06-02), a newer 25-point lot a month later; both tills know them."""
    a, b = tills("a", 1), tills("b", 2)
    alice = a.enrol("Alice Wang", "0911000111").id
    a.adjust(alice, 40, "welcome")
    a.now = b.now = a.now + timedelta(days=30)
    a.adjust(alice, 25, "birthday")
    a.sync()
    b.sync()
    assert b.points(alice) == 65
    return a, b, alice


def test_a_lot_that_two_offline_tills_both_expire_is_expired_once(two_tills_and_a_lot, central_server):
    a, b, alice = two_tills_and_a_lot
    go_offline(a)
    go_offline(b)
    a.now = b.now = a.now + timedelta(days=340)        # the first lot has lapsed, the second not yet
    a.pay(alice, LATTE)                                 # each sale expires the lapsed lot on its own till
    b.pay(alice, LATTE)
    back_online(a, central_server.url)
    back_online(b, central_server.url)
    # 25 left of the second lot, plus 10 + 10 earned by the two lattes; the 40 lapsed once
    assert everyone_agrees(central_server, alice, a, b) == 25 + 10 + 10


def test_a_lot_one_till_spent_from_while_another_expired_it_expires_only_what_was_left(
        two_tills_and_a_lot, central_server):
    a, b, alice = two_tills_and_a_lot
    go_offline(b)
    b.pay(alice, CAKE, redeem_points=30)                # b spends 30 of the first lot, offline
    a.now = b.now = a.now + timedelta(days=340)
    a.pay(alice, LATTE)                                 # a expires the first lot whole: it never saw b's 30
    a.sync()
    back_online(b, central_server.url)
    # the first lot: 40 - 30 spent, 10 lapsed; the second 25; earned: 17 for the cake (200 - 30 paid) + 10
    assert everyone_agrees(central_server, alice, a, b) == 25 + 17 + 10


def test_points_two_tills_overspent_from_the_oldest_lot_come_out_of_the_next_lot_when_it_lapses(
        tills, central_server):
    a, b = tills("a", 1), tills("b", 2)
    alice = a.enrol("Alice Wang", "0911000111").id
    a.adjust(alice, 40, "welcome")                      # day 0: the oldest lot
    a.now = b.now = a.now + timedelta(days=10)
    a.adjust(alice, 25, "birthday")                     # day 10
    a.sync()
    b.sync()
    go_offline(a)
    go_offline(b)
    a.now = b.now = a.now + timedelta(days=10)          # day 20: each till spends 30 of the oldest lot
    a.pay(alice, CAKE, redeem_points=30)
    b.pay(alice, CAKE, redeem_points=30)
    back_online(a, central_server.url)
    back_online(b, central_server.url)
    a.sync()
    a.now = b.now = a.now + timedelta(days=356)         # day 376: both first lots have lapsed, not the cakes'
    a.pay(alice, LATTE)                                 # a expires the second lot whole: 25
    # of 65, 60 were spent: 5 lapsed, not 25; kept: 17 + 17 earned by the cakes, 10 by the latte
    assert everyone_agrees(central_server, alice, a, b) == 17 + 17 + 10
    assert a.verify() == [] and b.verify() == []        # no lot is left overdrawn or with lapsed points
    b.pay(alice, LATTE)                                 # and no till finds a lapsed lot to expire again
    assert everyone_agrees(central_server, alice, a, b) == 17 + 17 + 10 + 10


def test_a_chain_that_syncs_in_time_needs_no_settlement(tills, central_server):
    a, b = tills("a", 1), tills("b", 2)
    alice = a.enrol("Alice Wang", "0911000111").id
    a.adjust(alice, 40, "welcome")
    a.sync()
    b.sync()
    b.pay(alice, CAKE, redeem_points=30)
    b.sync()
    a.sync()
    a.now = b.now = a.now + timedelta(days=366)
    a.pay(alice, LATTE)                                 # expires the 10 left and the cake's 17
    a.sync()
    b.sync()
    assert everyone_agrees(central_server, alice, a, b) == 10
    engine = open_central(central_server.db_url)
    try:
        from sqlalchemy import text
        with engine.connect() as c:
            assert c.execute(text("SELECT count(*) FROM terminals WHERE name = 'chain settlement'")).scalar() == 0
    finally:
        engine.dispose()


def card_stamps(engine, member_id: str) -> int:  # noqa: ANN001 - a till's or the server's store
    from sqlalchemy import text
    with engine.connect() as c:
        return c.execute(text("SELECT COALESCE(SUM(stamps), 0) FROM ledger WHERE member_id = :m AND card_id = 'coffee'"),
                         {"m": member_id}).scalar()


def test_a_stamp_card_two_offline_tills_both_expire_keeps_the_stamp_one_of_them_gave_since(tills, central_server):
    import json
    from pos_loyalty.central.programs import publish_program
    from tests.integration.conftest import PROGRAM
    lapsing = json.loads(json.dumps(PROGRAM))
    lapsing["version"] = 2
    lapsing["stamp_cards"][0]["expire_days"] = 30       # the coffee card's stamps lapse a month after the last
    engine = open_central(central_server.db_url)
    a, b = tills("a", 1), tills("b", 2)
    try:
        publish_program(engine, json.dumps(lapsing), a.now)
        alice = a.enrol("Alice Wang", "0911000111").id     # 1 starter stamp
        a.pay(alice, LATTE)                                 # 2 stamps
        a.sync()
        b.sync()
        assert card_stamps(b.engine, alice) == 2
        go_offline(a)
        go_offline(b)
        a.now = a.now + timedelta(days=31)
        b.now = a.now + timedelta(minutes=5)
        a.pay(alice, LATTE)                                 # a: the 2 lapsed, 1 new stamp
        b.pay(alice, CAKE)                                  # b, 5 minutes later, never saw a's stamp: expires the 2 again
        back_online(a, central_server.url)
        back_online(b, central_server.url)
        for till in (a, b, a, b):
            till.sync()
        seen = {card_stamps(a.engine, alice), card_stamps(b.engine, alice), card_stamps(engine, alice)}
        assert seen == {1}, f"stamps on a, b and the server: {seen}"
        b.pay(alice, LATTE)                                 # the card goes on from 1: 2 stamps, nothing expires again
        b.sync()
        a.sync()
        assert {card_stamps(a.engine, alice), card_stamps(b.engine, alice), card_stamps(engine, alice)} == {2}
    finally:
        engine.dispose()
