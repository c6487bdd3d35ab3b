"""Held baskets on a real store: set aside, listed, taken up once, and no ledger entry meanwhile."""
from __future__ import annotations

import pytest

from pos_loyalty.errors import InvalidInput, NotFound
from pos_loyalty.services.held_baskets import CLOSED, HeldBasket, held, hold, recall, recall_left_open
from tests.integration.conftest import CAKE, LATTE


def test_a_held_basket_comes_back_whole_and_leaves_the_list(till):
    member = till.enrol()
    kept = hold(HeldBasket(lines=[LATTE, CAKE], label="table 4", member_id=member.id, redeem=30,
                           names_zh={"LATTE": "拿鐵"}), uow=till.uow(), clock=till.clock, ids=till.rng)
    assert [b.id for b in held(uow=till.uow())] == [kept.id]
    back = recall(kept.id, uow=till.uow(), clock=till.clock)
    assert (back.lines, back.label, back.member_id, back.redeem, back.names_zh) == (
        [LATTE, CAKE], "table 4", member.id, 30, {"LATTE": "拿鐵"})
    assert held(uow=till.uow()) == []


def test_a_basket_recalled_twice_is_refused_the_second_time(till):
    kept = hold(HeldBasket(lines=[LATTE]), uow=till.uow(), clock=till.clock, ids=till.rng)
    recall(kept.id, uow=till.uow(), clock=till.clock)
    with pytest.raises(NotFound, match="already recalled"):
        recall(kept.id, uow=till.uow(), clock=till.clock)


def test_holding_writes_no_ledger_entry_and_an_empty_basket_is_refused(till):
    with till.uow() as uow:
        before = uow.setting("next_seq")
    hold(HeldBasket(lines=[LATTE]), uow=till.uow(), clock=till.clock, ids=till.rng)
    with till.uow() as uow:
        assert uow.setting("next_seq") == before
    with pytest.raises(InvalidInput, match="nothing to hold"):
        hold(HeldBasket(lines=[]), uow=till.uow(), clock=till.clock)


def test_the_sale_left_open_at_close_is_found_apart_from_the_held_tickets(till):
    hold(HeldBasket(lines=[CAKE], label="ticket"), uow=till.uow(), clock=till.clock, ids=till.rng)
    hold(HeldBasket(lines=[LATTE], reason=CLOSED), uow=till.uow(), clock=till.clock, ids=till.rng)
    left = recall_left_open(uow=till.uow(), clock=till.clock)
    assert left is not None and left.lines == [LATTE]
    assert recall_left_open(uow=till.uow(), clock=till.clock) is None
    assert [b.label for b in held(uow=till.uow())] == ["ticket"]
