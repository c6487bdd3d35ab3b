"""A payment split over several tenders is recorded tender by tender on the receipt."""
from __future__ import annotations

import pytest

from pos_loyalty.errors import Refused
from pos_loyalty.services.checkout import CheckoutCommand, Tender, checkout
from tests.integration.conftest import CAKE, LATTE


def _pay(till, *tenders):
    return checkout(CheckoutCommand(basket=[LATTE, CAKE], tenders=list(tenders)), uow=till.uow(), clock=till.clock,
                    rng=till.rng, ids=till.rng)


def test_card_and_cash_together_are_both_on_the_receipt(till):
    result = _pay(till, Tender("card", 250), Tender("cash", 100))
    with till.uow() as uow:
        body = uow.receipt(result.receipt_id)
    assert [(t.method, t.amount) for t in result.tenders] == [("card", 250), ("cash", 100)]
    assert body["total"] == 300
    assert [(t["method"], t["amount"]) for t in body["tenders"]] == [("card", 250), ("cash", 100)]


def test_a_card_cannot_pay_more_than_the_total(till):
    with pytest.raises(Refused, match="change is given from cash only"):
        _pay(till, Tender("card", 350))
    with pytest.raises(Refused, match="change is given from cash only"):
        _pay(till, Tender("mobile", 200), Tender("card", 200))


def test_split_tenders_short_of_the_total_are_refused(till):
    with pytest.raises(Refused, match="less than the total"):
        _pay(till, Tender("card", 100), Tender("cash", 100))
