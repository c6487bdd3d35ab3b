"""Exclusive groups: only the candidate worth most to the member applies."""
from __future__ import annotations

from datetime import date

import pytest

from pos_loyalty.errors import InvalidInput

from .builders import (
    amount_off, bonus, checkout, line, lucky_draw, make_program, match, member, multiplier, nth_item, percent_off,
    points, promo, sources, tiers,
)


def test_birthday_discount_beats_member_day_discount():
    program = make_program(promotions=[
        promo("member-day", percent_off(10), exclusive_group="benefit", conditions={"days_of_month": [24]}),
        promo("birthday", percent_off(15), exclusive_group="benefit",
              conditions={"birthday": {"window_days": 7}, "max_uses": {"count": 1, "per": "year"}})])
    receipt = checkout(program, [line("CAKE", 500)], member=member(birthday=date(1990, 11, 26)))
    assert (receipt.discount_total, receipt.total, receipt.promotions_used) == (75, 425, ["birthday"])


def test_a_candidate_whose_conditions_fail_does_not_compete():
    program = make_program(promotions=[
        promo("small", percent_off(5), exclusive_group="g"),
        promo("big", percent_off(50), exclusive_group="g", conditions={"weekdays": [1]})])
    assert sources(checkout(program, [line("A", 1000)], member=member())) == {"promotion:small": 50}


def test_a_tie_goes_to_the_lower_priority():
    program = make_program(promotions=[promo("a", amount_off(50), exclusive_group="g", priority=20),
                                       promo("b", percent_off(5), exclusive_group="g", priority=10)])
    assert checkout(program, [line("A", 1000)], member=member()).promotions_used == ["b"]


def test_a_tie_at_equal_priority_goes_to_the_lower_id():
    program = make_program(promotions=[promo("b", amount_off(50), exclusive_group="g"),
                                       promo("a", percent_off(5), exclusive_group="g")])
    assert checkout(program, [line("A", 1000)], member=member()).promotions_used == ["a"]


def test_an_item_effect_can_beat_an_order_effect_in_the_same_group():
    program = make_program(promotions=[promo("second-half", nth_item(2, 50), exclusive_group="g"),
                                       promo("ten", percent_off(10), exclusive_group="g")])
    receipt = checkout(program, [line("A", 100, 2)], member=member())
    assert sources(receipt) == {"promotion:second-half": 50}


def test_an_order_effect_can_beat_an_item_effect_in_the_same_group():
    program = make_program(promotions=[promo("second-half", nth_item(2, 50), exclusive_group="g"),
                                       promo("thirty", percent_off(30), exclusive_group="g")])
    receipt = checkout(program, [line("A", 100, 2)], member=member())
    assert sources(receipt) == {"promotion:thirty": 60}


def test_group_with_an_item_effect_is_decided_on_the_basket_at_the_start_of_phase_2():
    # Valued alone at the start of phase 2: "half" = 50 + 40 = 90, "cheapest" = 80: "half" wins.
    # Then "first" (priority 10, no group) takes the 100 unit, and "half" gets only the 80 unit.
    program = make_program(promotions=[
        promo("first", percent_off(10, "items", match(skus=["BIG"])), priority=10),
        promo("half", percent_off(50, "items"), exclusive_group="g", priority=50),
        promo("cheapest", percent_off(100, "cheapest"), exclusive_group="g", priority=200)])
    receipt = checkout(program, [line("BIG", 100), line("SMALL", 80)], member=member())
    assert sources(receipt) == {"promotion:first": 10, "promotion:half": 40}


def test_group_with_an_item_effect_values_order_candidates_after_free_items():
    # A free latte (phase 1) leaves 100 to pay: "ten" is worth 10 there, "second" nothing.
    program = make_program(
        stamp_cards=[{"id": "c", "name": "Card", "earn": {"per": "item"}, "required": 5,
                      "reward": {"type": "free_item", "match": match(skus=["LATTE"])}}],
        promotions=[promo("second", nth_item(2, 10, match(skus=["LATTE"])), exclusive_group="g"),
                    promo("ten", percent_off(10), exclusive_group="g")])
    receipt = checkout(program, [line("LATTE", 100), line("CAKE", 100)], member=member(stamps={"c": 5}))
    assert sources(receipt) == {"stamp_card:c": 100, "promotion:ten": 10}


def test_order_only_group_is_decided_on_what_is_left_after_item_promotions():
    # After the 2-for-1 only 100 is left: 10 % is worth 10, 30 off is worth 30.
    program = make_program(promotions=[promo("b1g1", {"type": "buy_x_get_y", "buy": 1, "get": 1}),
                                       promo("pct", percent_off(10), exclusive_group="g"),
                                       promo("flat", amount_off(30), exclusive_group="g")])
    receipt = checkout(program, [line("A", 100, 2)], member=member())
    assert sources(receipt) == {"promotion:b1g1": 100, "promotion:flat": 30}


def test_points_group_picks_the_candidate_that_earns_most():
    program = make_program(points=points(), promotions=[promo("double", multiplier(2), exclusive_group="g"),
                                                        promo("fifty", bonus(50), exclusive_group="g")])
    small = checkout(program, [line("A", 3000)], member=member())
    large = checkout(program, [line("A", 10000)], member=member())
    assert (small.points_earned, small.promotions_used) == (80, ["fifty"])
    assert (large.points_earned, large.promotions_used) == (200, ["double"])


def test_points_candidates_are_valued_with_the_tier_multiplier():
    program = make_program(points=points(),
                           tiers=tiers("previous_month", {"name": "s", "min_spend": 0, "earn_multiplier": 1.5}),
                           promotions=[promo("double", multiplier(2), exclusive_group="g"),
                                       promo("fifty", bonus(50), exclusive_group="g")])
    receipt = checkout(program, [line("A", 4000)], member=member())
    # base 40: with double floor(40 x 1.5 x 2) = 120 (+60); with fifty 60 + 50 (+50)
    assert receipt.points_earned == 120


def test_points_groups_are_decided_in_group_name_order():
    # Listed "b" first. Group "a" (x2) is decided first; then in "b" x3 adds 160 and the bonus 100.
    program = make_program(points=points(), promotions=[
        promo("triple", multiplier(3), exclusive_group="b"),
        promo("hundred", bonus(100), exclusive_group="b"),
        promo("double", multiplier(2), exclusive_group="a")])
    receipt = checkout(program, [line("A", 4000)], member=member())
    assert receipt.points_earned == 240


def test_groups_may_not_mix_price_and_points_effects():
    with pytest.raises(InvalidInput, match="mixes"):
        make_program(promotions=[promo("a", percent_off(5), exclusive_group="g"),
                                 promo("b", bonus(5), exclusive_group="g")])


def test_a_lucky_draw_may_not_be_in_a_group():
    with pytest.raises(InvalidInput, match="lucky draw"):
        make_program(promotions=[promo("a", lucky_draw({"name": "x", "weight": 1}), exclusive_group="g")])


def test_the_loser_is_not_a_use():
    program = make_program(promotions=[promo("a", percent_off(5), exclusive_group="g"),
                                       promo("b", percent_off(10), exclusive_group="g")])
    assert checkout(program, [line("A", 1000)], member=member()).promotions_used == ["b"]
