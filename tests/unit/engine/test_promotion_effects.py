"""Promotion effects: what each price effect takes off, on which units, in which order."""
from __future__ import annotations

from .builders import (
    amount_off, buy_x_get_y, checkout, line, make_program, match, member, nth_item, open_promo, percent_off, promo,
    sources,
)


def discount(effect, basket, **promo_rest) -> int:
    receipt = checkout(make_program(promotions=[open_promo("p", effect, **promo_rest)]), basket)
    return receipt.discount_total


def test_percent_off_the_order():
    assert discount(percent_off(10), [line("CAKE", 500)]) == 50


def test_percent_off_rounds_half_up_to_a_whole_minor_unit():
    assert discount(percent_off(15), [line("A", 130)]) == 20  # 19.5
    assert discount(percent_off(15), [line("A", 129)]) == 19  # 19.35


def test_fractional_percent_is_exact():
    assert discount(percent_off(12.5), [line("A", 100)]) == 13  # 12.5 -> 13


def test_percent_off_items_is_rounded_per_unit():
    basket = [line("TEA", 25, 1, "drinks"), line("COLA", 30, 2, "drinks"), line("CHIPS", 35, 1, "snacks")]
    # 3.75 -> 4, 4.5 -> 5, 4.5 -> 5: 14 (the order-level figure would be 12.75 -> 13)
    assert discount(percent_off(15, "items", match("drinks")), basket) == 14


def test_percent_off_items_without_match_takes_every_unit():
    assert discount(percent_off(10, "items"), [line("A", 25, 2), line("B", 15)]) == 3 + 3 + 2


def test_percent_off_cheapest_takes_the_one_cheapest_matching_unit():
    basket = [line("BAGEL", 45, 2, "bakery"), line("SCONE", 35, 1, "bakery"), line("TEA", 40, 1, "drinks")]
    assert discount(percent_off(50, "cheapest", match("bakery")), basket) == 18  # 17.5


def test_cheapest_among_equal_prices_is_the_earlier_line():
    receipt = checkout(make_program(promotions=[open_promo("p", percent_off(50, "cheapest"))]),
                       [line("A", 40), line("B", 40)])
    assert (receipt.lines[0].item_discount, receipt.lines[1].item_discount) == (20, 0)


def test_amount_off_the_order():
    assert discount(amount_off(30), [line("A", 100)]) == 30


def test_amount_off_never_takes_more_than_is_left():
    assert discount(amount_off(300), [line("A", 80)]) == 80


def test_amount_off_may_name_its_order_scope():
    assert discount({"type": "amount_off", "amount": 30, "scope": "order"}, [line("A", 100)]) == 30


def test_every_second_drink_is_40_percent_off_highest_price_first():
    basket = [line("TEA", 25, 1, "drinks"), line("COLA", 30, 2, "drinks"), line("CHIPS", 35, 1, "snacks")]
    assert discount(nth_item(2, 40, match("drinks")), basket) == 12  # 30, [30], 25


def test_nth_item_takes_every_nth_unit():
    basket = [line(f"S{p}", p) for p in (70, 60, 50, 40, 30, 20, 10)]
    assert discount(nth_item(3, 50), basket) == 25 + 10  # 3rd (50) and 6th (20)


def test_buy_two_get_one_frees_the_cheapest_of_each_full_group():
    basket = [line(f"S{p}", p) for p in (20, 100, 30, 80, 40, 60, 50)]
    # 100 80 [60] | 50 40 [30] | 20 (incomplete)
    assert discount(buy_x_get_y(2, 1), basket) == 90


def test_buy_x_get_y_gives_nothing_without_a_full_group():
    assert discount(buy_x_get_y(2, 1), [line("A", 50, 2)]) == 0


def test_buy_one_get_two():
    assert discount(buy_x_get_y(1, 2), [line("A", 90), line("B", 50), line("C", 40)]) == 90


def test_a_unit_discounted_by_an_earlier_item_promotion_is_not_eligible_again():
    program = make_program(promotions=[
        open_promo("first", percent_off(10, "items", match(skus=["A"])), priority=10),
        open_promo("second", buy_x_get_y(1, 1), priority=20)])
    receipt = checkout(program, [line("A", 100), line("B", 80)])
    # "second" sees only B: no full group
    assert sources(receipt) == {"promotion:first": 10}


def test_item_promotions_go_by_priority_then_id():
    program = make_program(promotions=[open_promo("b", percent_off(50, "cheapest")),
                                       open_promo("a", percent_off(10, "cheapest")),
                                       open_promo("z", percent_off(20, "cheapest"), priority=5)])
    receipt = checkout(program, [line("A", 100), line("B", 200), line("C", 300)])
    assert [(a.source, a.amount) for a in receipt.adjustments] == [
        ("promotion:z", 20), ("promotion:a", 20), ("promotion:b", 150)]


def test_order_discounts_each_take_off_what_is_left():
    program = make_program(promotions=[open_promo("a", percent_off(10)), open_promo("b", percent_off(10))])
    assert checkout(program, [line("A", 1000)]).total == 810


def test_order_discounts_sort_promotion_before_tier_at_equal_priority():
    program = make_program(
        tiers={"basis": "previous_month", "levels": [{"name": "club", "min_spend": 0, "percent_off": 10}]},
        promotions=[promo("hundred", amount_off(100), priority=1000)])
    receipt = checkout(program, [line("A", 1000)], member=member())
    assert [(a.source, a.amount) for a in receipt.adjustments] == [("promotion:hundred", 100), ("tier:club", 90)]


def test_order_discount_after_item_discounts_is_on_the_rest():
    program = make_program(promotions=[open_promo("half", percent_off(50, "items")), open_promo("ten", percent_off(10))])
    assert checkout(program, [line("A", 1000)]).total == 450


def test_members_only_is_the_default():
    program = make_program(promotions=[promo("p", percent_off(10))])
    assert checkout(program, [line("A", 1000)]).discount_total == 0
    assert checkout(program, [line("A", 1000)], member=member()).discount_total == 100


def test_a_promotion_that_gives_nothing_is_not_a_use():
    program = make_program(promotions=[open_promo("p", buy_x_get_y(1, 1))])
    assert checkout(program, [line("A", 100)]).promotions_used == []
    assert checkout(program, [line("A", 100, 2)]).promotions_used == ["p"]


def test_buy_x_get_y_at_equal_prices_frees_the_later_line():
    receipt = checkout(make_program(promotions=[open_promo("p", buy_x_get_y(1, 1))]), [line("A", 50), line("B", 50)])
    assert (receipt.lines[0].item_discount, receipt.lines[1].item_discount) == (0, 50)


def test_cheapest_skips_zero_priced_units_and_takes_the_cheapest_paid_one():
    basket = [line("BAG", 0, 1, "food"), line("CAKE", 90, 1, "food")]
    assert discount(percent_off(50, "cheapest", match("food")), basket) == 45
