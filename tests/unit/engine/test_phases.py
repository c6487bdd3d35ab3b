"""The seven phases in order, and the figures the receipt adds up."""
from __future__ import annotations

from .builders import (
    amount_off, card, checkout, coffee, line, make_program, match, member, nth_item, percent_off, points, promo,
    redeem, sources, tiers, when,
)


def test_phase_1_free_item_is_taken_before_item_promotions_see_the_basket():
    program = make_program(stamp_cards=[card()], promotions=[promo("second", nth_item(2, 50, match("coffee")))])
    receipt = checkout(program, [coffee(80, 1), coffee(60, 2, sku="DRIP")], member=member(stamps={"coffee": 10}))
    # free DRIP (60); the rest ranked 80, 60: the 2nd (60) is half price
    assert sources(receipt) == {"stamp_card:coffee": 60, "promotion:second": 30}


def test_full_checkout_runs_every_phase_in_order():
    program = make_program(
        points=points(redeem=redeem(max_percent=50)),
        tiers=tiers(),
        stamp_cards=[card(), card("cake", earn_match=match("cake"), reward={"type": "amount_off", "amount": 40})],
        promotions=[promo("second", nth_item(2, 50, match("coffee"))),
                    promo("member-day", percent_off(10), conditions={"weekdays": [2]})])
    basket = [coffee(100, 3), line("CAKE", 200, 1, "cake")]
    receipt = checkout(program, basket, member=member(points=1000, stamps={"coffee": 10, "cake": 10},
                                                      history=[(when("2026-10-05T12:00"), 6000)]),
                       redeem_points="max")
    # phase 1: 1 coffee free (100). phase 2: coffees 100, 100 -> 2nd half: 50.
    # phase 3: left 500 - 50... : subtotal 500, after items 350; cake card 40 (priority 0) -> 310;
    #          member day 10% = 31 -> 279; gold 2% = 5.58 -> 6 -> 273.
    # phase 4: floor(273 x 50%) = 136 points.  phase 5: 273 - 136 = 137.
    # phase 6: N = E = 350, D = 137 -> 137 -> 1 x gold 2 = 2 points.
    assert [(a.source, a.amount) for a in receipt.adjustments] == [
        ("stamp_card:coffee", 100), ("promotion:second", 50), ("stamp_card:cake", 40),
        ("promotion:member-day", 31), ("tier:gold", 6)]
    assert (receipt.subtotal, receipt.discount_total, receipt.points_used, receipt.total) == (500, 227, 136, 137)
    assert (receipt.points_earned, receipt.points_balance) == (2, 1000 - 136 + 2)
    assert receipt.stamps == {"coffee": 2, "cake": 1}
    assert receipt.spend == 137 + 136


def test_total_is_subtotal_minus_discounts_minus_points_tender():
    program = make_program(points=points(redeem=redeem(value=3)), promotions=[promo("p", amount_off(7))])
    receipt = checkout(program, [line("A", 500)], member=member(points=50), redeem_points=50)
    assert receipt.total == 500 - 7 - 150


def test_earning_uses_net_after_item_promotions_and_the_amount_due():
    program = make_program(points=points(exclude_categories=["x"]),
                           promotions=[promo("half", percent_off(50, "items", match("x"))), promo("p", amount_off(100))])
    receipt = checkout(program, [line("X", 1000, 1, "x"), line("B", 1000)], member=member())
    # N = 500 + 1000 = 1500, E = 1000, D = 1400: floor(1000 x 1400 / 1500) = 933 -> 9
    assert receipt.points_earned == 9


def test_nothing_left_to_pay_earns_nothing():
    program = make_program(points=points(), promotions=[promo("p", amount_off(5000))])
    receipt = checkout(program, [line("A", 1000)], member=member())
    assert (receipt.total, receipt.points_earned) == (0, 0)


def test_a_zero_priced_basket_is_fine():
    receipt = checkout(make_program(points=points()), [line("BAG", 0)], member=member())
    assert (receipt.subtotal, receipt.total, receipt.points_earned) == (0, 0, 0)


def test_discount_total_counts_every_discount():
    program = make_program(stamp_cards=[card()], promotions=[promo("p", amount_off(10))])
    receipt = checkout(program, [coffee(65, 2)], member=member(stamps={"coffee": 10}))
    assert receipt.discount_total == 65 + 10


def test_per_line_figures_add_up_to_the_receipt():
    program = make_program(points=points(redeem=redeem()), promotions=[promo("p", percent_off(7))])
    receipt = checkout(program, [line("A", 333), line("B", 101, 3), line("C", 7)], member=member(points=99),
                       redeem_points=99)
    assert sum(l.item_discount + l.order_discount for l in receipt.lines) == receipt.discount_total
    assert sum(l.points_tender for l in receipt.lines) == receipt.points_value
    assert sum(l.points_used for l in receipt.lines) == receipt.points_used
    assert sum(l.points_earned for l in receipt.lines) == receipt.points_earned
    assert sum(l.paid for l in receipt.lines) == receipt.total


def test_order_discount_is_shared_by_largest_remainder():
    receipt = checkout(make_program(promotions=[promo("p", amount_off(10))]),
                       [line("A", 100), line("B", 100), line("C", 100)], member=member())
    assert [l.order_discount for l in receipt.lines] == [4, 3, 3]


def test_points_tender_is_shared_in_proportion_to_line_nets():
    program = make_program(points=points(redeem=redeem()))
    receipt = checkout(program, [line("GIFT", 500), line("WINE", 1500)], member=member(points=500),
                       redeem_points=200)
    assert [l.points_tender for l in receipt.lines] == [50, 150]
