"""Points: earning (phase 6), exclusions, points as tender (phase 4) and FIFO expiry of lots."""
from __future__ import annotations

from datetime import timedelta

from .builders import (
    AT, checkout, line, make_program, member, multiplier, bonus, notes, points, promo, redeem, tiers, when,
)


def test_one_point_for_each_full_hundred_spent():
    receipt = checkout(make_program(points=points()), [line("A", 1999)], member=member())
    assert receipt.points_earned == 19


def test_points_per_spend_step_can_be_more_than_one():
    receipt = checkout(make_program(points=points(spend=50, earn=3)), [line("A", 175)], member=member())
    assert receipt.points_earned == 9  # floor(175 / 50) = 3 steps x 3


def test_excluded_categories_earn_nothing():
    program = make_program(points=points(exclude_categories=["tobacco"]))
    receipt = checkout(program, [line("CIGS", 900, category="tobacco"), line("A", 250)], member=member())
    assert receipt.points_earned == 2


def test_points_tender_is_shared_over_excluded_and_earning_lines():
    program = make_program(points=points(exclude_categories=["gift-cards"], redeem=redeem(min_points=50, max_percent=50)))
    receipt = checkout(program, [line("GIFT", 500, category="gift-cards"), line("WINE", 1500)],
                       member=member(points=500), redeem_points=200)
    # E=1500, D=1800, N=2000: floor(1500 x 1800 / 2000) = 1350 -> 13 points
    assert (receipt.points_used, receipt.total, receipt.points_earned, receipt.points_balance) == (200, 1800, 13, 313)


def test_order_discount_lowers_eligible_spend_in_proportion():
    program = make_program(points=points(exclude_categories=["tobacco"]),
                           promotions=[promo("ten", {"type": "amount_off", "amount": 300})])
    receipt = checkout(program, [line("CIGS", 1000, category="tobacco"), line("A", 1000)], member=member())
    # D=1700, E=1000, N=2000: floor(1000 x 1700 / 2000) = 850 -> 8
    assert receipt.points_earned == 8


def test_tier_multiplier_is_exact_floor_100_x_1_15_is_115():
    program = make_program(points=points(), tiers=tiers("previous_month", {"name": "club", "min_spend": 0,
                                                                          "earn_multiplier": 1.15}))
    receipt = checkout(program, [line("A", 10000)], member=member())
    assert receipt.points_earned == 115


def test_promotion_multiplier_is_exact_too():
    program = make_program(points=points(), promotions=[promo("x", multiplier(1.15))])
    assert checkout(program, [line("A", 10000)], member=member()).points_earned == 115


def test_multipliers_multiply_before_a_single_floor_and_bonus_is_added_after():
    program = make_program(points=points(), tiers=tiers("previous_month", {"name": "s", "min_spend": 0,
                                                                          "earn_multiplier": 1.5}),
                           promotions=[promo("double", multiplier(2)), promo("half-more", multiplier(1.5)),
                                       promo("ten", bonus(10))])
    receipt = checkout(program, [line("A", 799)], member=member())
    # base 7 x 1.5 x 2 x 1.5 = 31.5 -> 31, + 10
    assert receipt.points_earned == 41


def test_bonus_points_come_even_without_eligible_spend():
    program = make_program(points=points(), promotions=[promo("b", bonus(25))])
    assert checkout(program, [line("A", 50)], member=member()).points_earned == 25


def test_guest_earns_nothing_and_has_no_balance():
    receipt = checkout(make_program(points=points()), [line("A", 1000)])
    assert (receipt.points_earned, receipt.points_balance) == (0, None)


def test_balance_after_is_balance_minus_used_plus_earned():
    program = make_program(points=points(redeem=redeem()))
    receipt = checkout(program, [line("A", 1000)], member=member(points=300), redeem_points=100)
    assert receipt.points_balance == 300 - 100 + 9


def test_points_pay_for_what_was_asked():
    program = make_program(points=points(redeem=redeem()))
    receipt = checkout(program, [line("A", 1000)], member=member(points=300), redeem_points=120)
    assert (receipt.points_used, receipt.total, notes(receipt)) == (120, 880, [])


def test_points_value_multiplies_the_tender():
    program = make_program(points=points(redeem=redeem(value=2)))
    receipt = checkout(program, [line("A", 1000)], member=member(points=300), redeem_points=100)
    assert (receipt.points_used, receipt.points_value, receipt.total) == (100, 200, 800)


def test_points_under_the_minimum_are_not_used_and_the_receipt_says_why():
    program = make_program(points=points(redeem=redeem(min_points=50)))
    receipt = checkout(program, [line("A", 1000)], member=member(points=300), redeem_points=40)
    assert receipt.points_used == 0 and receipt.total == 1000
    assert len(notes(receipt)) == 1 and "minimum of 50" in notes(receipt)[0]


def test_max_percent_caps_the_points_and_the_receipt_says_so():
    program = make_program(points=points(redeem=redeem(min_points=50, max_percent=50)))
    receipt = checkout(program, [line("A", 300)], member=member(points=1000), redeem_points=500)
    assert (receipt.points_used, receipt.total, receipt.points_earned, receipt.points_balance) == (150, 150, 1, 851)
    assert len(notes(receipt)) == 1 and "50%" in notes(receipt)[0]


def test_cap_is_floored_to_whole_points():
    program = make_program(points=points(redeem=redeem(value=2, max_percent=50)))
    receipt = checkout(program, [line("A", 301)], member=member(points=1000), redeem_points="max")
    assert receipt.points_used == 75  # floor(301 x 50 / 100 / 2) = floor(75.25)


def test_asking_more_than_the_balance_uses_the_balance_and_says_so():
    program = make_program(points=points(redeem=redeem()))
    receipt = checkout(program, [line("A", 1000)], member=member(points=120), redeem_points=300)
    assert receipt.points_used == 120
    assert len(notes(receipt)) == 1 and "balance is 120" in notes(receipt)[0]


def test_max_uses_as_many_points_as_allowed_without_a_note():
    program = make_program(points=points(redeem=redeem(max_percent=50)))
    receipt = checkout(program, [line("A", 300)], member=member(points=1000), redeem_points="max")
    assert (receipt.points_used, notes(receipt)) == (150, [])


def test_max_below_the_minimum_uses_nothing_and_says_why():
    program = make_program(points=points(redeem=redeem(min_points=50)))
    receipt = checkout(program, [line("A", 300)], member=member(points=30), redeem_points="max")
    assert receipt.points_used == 0 and len(notes(receipt)) == 1


def test_points_pay_on_what_is_left_after_discounts():
    program = make_program(points=points(redeem=redeem(max_percent=50)),
                           promotions=[promo("ten", {"type": "percent_off", "percent": 10, "scope": "order"})])
    receipt = checkout(program, [line("A", 1000)], member=member(points=1000), redeem_points="max")
    assert (receipt.points_used, receipt.total) == (450, 450)


def test_expired_lots_are_not_usable_and_the_oldest_live_lot_is_used_first():
    program = make_program(points=points(redeem=redeem(), expire_days=365))
    lots = [(50, when("2026-01-01T10:00")), (100, when("2025-11-20T10:00")), (70, when("2026-06-01T10:00"))]
    receipt = checkout(program, [line("A", 1000)], member=member(lots=lots), redeem_points=60)
    assert receipt.points.balance_before == 120
    assert [(lot.points, taken) for lot, taken in receipt.points.used_from] == [(50, 50), (70, 10)]
    assert receipt.points_balance == 120 - 60 + 9


def test_a_lot_expires_exactly_expire_days_after_it_was_earned():
    program = make_program(points=points(expire_days=365))
    exact = member(lots=[(100, AT - timedelta(days=365))])
    just_inside = member(lots=[(100, AT - timedelta(days=365) + timedelta(seconds=1))])
    assert checkout(program, [line("A", 50)], member=exact).points_balance == 0
    assert checkout(program, [line("A", 50)], member=just_inside).points_balance == 100


def test_lots_never_expire_without_expire_days():
    program = make_program(points=points())
    receipt = checkout(program, [line("A", 50)], member=member(lots=[(100, when("2010-01-01T00:00"))]))
    assert receipt.points_balance == 100


def test_a_plain_points_number_is_one_undated_lot_used_first_and_never_expiring():
    program = make_program(points=points(redeem=redeem(), expire_days=30))
    lots = [(40, when("2026-11-20T10:00")), (30, None)]
    receipt = checkout(program, [line("A", 1000)], member=member(lots=lots), redeem_points=50)
    assert [(lot.earned, taken) for lot, taken in receipt.points.used_from] == [(None, 30), (when("2026-11-20T10:00"), 20)]


def test_expired_points_are_not_a_why_not_note():
    program = make_program(points=points(expire_days=30))
    receipt = checkout(program, [line("A", 50)], member=member(lots=[(100, when("2026-01-01T00:00"))]))
    assert notes(receipt) == [] and receipt.points.expired[0].points == 100


def test_points_balance_never_goes_negative_when_everything_is_used():
    program = make_program(points=points(redeem=redeem()))
    receipt = checkout(program, [line("A", 100)], member=member(points=100), redeem_points="max")
    assert (receipt.points_used, receipt.total, receipt.points_balance) == (100, 0, 0)


def test_redeeming_nothing_is_allowed_for_a_guest():
    receipt = checkout(make_program(points=points(redeem=redeem())), [line("A", 100)], redeem_points=0)
    assert receipt.total == 100


def test_expired_points_are_reported_with_the_expiries():
    program = make_program(points=points(expire_days=30))
    receipt = checkout(program, [line("A", 50)], member=member(lots=[(100, when("2026-01-01T00:00"))]))
    assert receipt.to_dict()["expired"] == [{"source": "points", "points": -100, "explain": "100 points expired",
                                              "explain_i18n": receipt.expiries[0].explain}]


def test_each_line_pays_in_whole_points_when_a_point_is_worth_more_than_one():
    program = make_program(points=points(redeem=redeem(value=3)))
    receipt = checkout(program, [line("A", 100), line("B", 200), line("C", 50)], member=member(points=300),
                       redeem_points=77)
    assert [ln.points_tender for ln in receipt.lines] == [ln.points_used * 3 for ln in receipt.lines]
    assert sum(ln.points_used for ln in receipt.lines) == 77
    assert sum(ln.points_tender for ln in receipt.lines) == receipt.points_value == 231
