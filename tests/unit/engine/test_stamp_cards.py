"""Stamp cards: earning, opening, redeeming (phase 1 and 3), carry-over and expiry."""
from __future__ import annotations

from datetime import timedelta

from .builders import (
    AT, buy_x_get_y, card, checkout, coffee, line, make_program, match, member, notes, open_promo, percent_off,
    promo, sources, when,
)

COFFEE = make_program(stamp_cards=[card(starter_stamps=2)])


def test_full_coffee_card_gives_the_cheapest_coffee_free():
    receipt = checkout(COFFEE, [coffee(65, 2), line("ESPRESSO", 50, 1, "coffee"), line("MUFFIN", 45, 1, "food")],
                       member=member(stamps={"coffee": 10}))
    assert sources(receipt) == {"stamp_card:coffee": 50}
    assert receipt.lines[1].item_discount == 50


def test_free_coffee_earns_no_stamp_and_carry_over_is_kept():
    receipt = checkout(COFFEE, [coffee(65, 2), line("MUFFIN", 45, 1, "food")], member=member(stamps={"coffee": 12}))
    assert (receipt.subtotal, receipt.discount_total, receipt.total) == (175, 65, 110)
    assert receipt.stamps == {"coffee": 12 - 10 + 1}


def test_a_card_gives_at_most_one_reward_per_checkout():
    receipt = checkout(COFFEE, [coffee(65, 3)], member=member(stamps={"coffee": 25}))
    assert receipt.discount_total == 65 and receipt.stamps == {"coffee": 25 - 10 + 2}


def test_a_card_reaching_required_is_redeemable_only_from_the_next_checkout():
    receipt = checkout(COFFEE, [coffee(65, 2)], member=member(stamps={"coffee": 9}))
    assert receipt.discount_total == 0 and receipt.stamps == {"coffee": 11}
    assert any("next visit" in e.explain["en"] for e in receipt.earnings)


def test_first_stamp_opens_the_card_with_its_starter_stamps():
    receipt = checkout(COFFEE, [coffee(65, 1)], member=member())
    assert receipt.stamps == {"coffee": 3}


def test_a_card_is_not_opened_without_a_stamp():
    receipt = checkout(COFFEE, [line("MUFFIN", 45, 1, "food")], member=member())
    assert receipt.stamps == {}


def test_an_opened_card_is_listed_even_without_stamps_today():
    receipt = checkout(COFFEE, [line("MUFFIN", 45, 1, "food")], member=member(stamps={"coffee": 0}))
    assert receipt.stamps == {"coffee": 0}


def test_a_guest_collects_no_stamps():
    receipt = checkout(COFFEE, [coffee(65, 3)])
    assert receipt.stamps == {} and receipt.discount_total == 0


def test_per_item_gives_one_stamp_per_matching_unit():
    receipt = checkout(COFFEE, [coffee(65, 3), line("TEA", 40, 2, "tea")], member=member(stamps={"coffee": 0}))
    assert receipt.stamps == {"coffee": 3}


def test_per_visit_gives_one_stamp_however_many_units():
    program = make_program(stamp_cards=[card(per="visit")])
    receipt = checkout(program, [coffee(65, 3)], member=member(stamps={"coffee": 4}))
    assert receipt.stamps == {"coffee": 5}


def test_per_visit_min_spend_must_be_reached_by_the_matching_lines():
    program = make_program(stamp_cards=[card(per="visit", min_spend=100)])
    short = checkout(program, [coffee(65, 1), line("CAKE", 500, 1, "food")], member=member(stamps={"coffee": 4}))
    enough = checkout(program, [coffee(65, 2)], member=member(stamps={"coffee": 4}))
    assert (short.stamps, enough.stamps) == ({"coffee": 4}, {"coffee": 5})


def test_per_visit_min_spend_is_read_after_the_free_item():
    program = make_program(stamp_cards=[card(per="visit", min_spend=100)])
    receipt = checkout(program, [coffee(65, 2)], member=member(stamps={"coffee": 10}))
    assert receipt.discount_total == 65 and receipt.stamps == {"coffee": 0}


def test_per_visit_stamp_goes_to_the_first_paying_matching_line():
    program = make_program(stamp_cards=[card(per="visit")])
    receipt = checkout(program, [line("ESPRESSO", 50, 1, "coffee"), coffee(65, 1)], member=member(stamps={"coffee": 10}))
    assert receipt.lines[0].item_discount == 50
    assert (receipt.lines[0].stamps, receipt.lines[1].stamps) == ({}, {"coffee": 1})


def test_a_visit_made_only_of_free_units_earns_no_stamp():
    program = make_program(stamp_cards=[card(per="visit")])
    receipt = checkout(program, [coffee(65, 1)], member=member(stamps={"coffee": 10}))
    assert receipt.stamps == {"coffee": 0}


def test_units_discounted_by_promotions_still_earn_stamps():
    program = make_program(stamp_cards=[card()], promotions=[promo("b1g1", buy_x_get_y(1, 1, match("coffee")))])
    receipt = checkout(program, [coffee(65, 2)], member=member(stamps={"coffee": 1}))
    assert receipt.discount_total == 65 and receipt.stamps == {"coffee": 3}


def test_free_item_reward_skips_zero_priced_units():
    receipt = checkout(COFFEE, [line("SAMPLE", 0, 1, "coffee"), coffee(65, 1)], member=member(stamps={"coffee": 10}))
    assert sources(receipt) == {"stamp_card:coffee": 65}


def test_free_item_reward_uses_its_own_match():
    program = make_program(stamp_cards=[card(reward={"type": "free_item", "match": match("cake")})])
    receipt = checkout(program, [coffee(65, 1), line("CAKE", 90, 1, "cake")], member=member(stamps={"coffee": 10}))
    assert sources(receipt) == {"stamp_card:coffee": 90} and receipt.stamps == {"coffee": 1}


def test_free_item_needs_something_to_give_otherwise_stamps_stay():
    receipt = checkout(COFFEE, [line("MUFFIN", 45, 1, "food")], member=member(stamps={"coffee": 10}))
    assert receipt.discount_total == 0 and receipt.stamps == {"coffee": 10} and notes(receipt) == []


def test_two_full_free_item_cards_take_different_units_in_program_order():
    program = make_program(stamp_cards=[card("a"), card("b")])
    receipt = checkout(program, [coffee(65, 1), line("ESPRESSO", 50, 1, "coffee")],
                       member=member(stamps={"a": 10, "b": 10}))
    assert sources(receipt) == {"stamp_card:a": 50, "stamp_card:b": 65}


def test_amount_off_reward_comes_off_the_order():
    program = make_program(stamp_cards=[card(reward={"type": "amount_off", "amount": 50})])
    receipt = checkout(program, [coffee(65, 2)], member=member(stamps={"coffee": 10}))
    assert (receipt.discount_total, receipt.total, receipt.stamps) == (50, 80, {"coffee": 2})


def test_amount_off_reward_never_exceeds_what_is_left():
    program = make_program(stamp_cards=[card(reward={"type": "amount_off", "amount": 500})])
    receipt = checkout(program, [coffee(65, 2)], member=member(stamps={"coffee": 10}))
    assert (receipt.discount_total, receipt.total) == (130, 0)


def test_percent_off_reward_is_on_what_is_left_after_item_promotions():
    program = make_program(stamp_cards=[card(reward={"type": "percent_off", "percent": 25})],
                           promotions=[promo("half", percent_off(50, "cheapest", match("food")))])
    receipt = checkout(program, [coffee(65, 2), line("MUFFIN", 46, 1, "food")], member=member(stamps={"coffee": 10}))
    # 176 - 23 = 153; 25% = 38.25 -> 38
    assert sources(receipt) == {"promotion:half": 23, "stamp_card:coffee": 38}


def test_an_order_reward_worth_nothing_keeps_the_stamps():
    program = make_program(stamp_cards=[card(reward={"type": "amount_off", "amount": 50})])
    receipt = checkout(program, [coffee(0, 1)], member=member(stamps={"coffee": 10}))
    assert receipt.discount_total == 0 and receipt.stamps == {"coffee": 11} and receipt.cards_redeemed == []


def test_stamp_rewards_come_off_the_order_in_program_order_before_promotions():
    cards = [card("pct", reward={"type": "percent_off", "percent": 10}),
             card("amt", reward={"type": "amount_off", "amount": 50})]
    program = make_program(stamp_cards=cards, promotions=[promo("p", {"type": "amount_off", "amount": 5}, priority=0)])
    receipt = checkout(program, [line("CAKE", 1000)], member=member(stamps={"pct": 10, "amt": 10}))
    # 1000 -10% = 900, -50 = 850, then the priority-0 promotion (kind after stamp rewards) -5
    assert [(a.source, a.amount) for a in receipt.adjustments] == [
        ("stamp_card:pct", 100), ("stamp_card:amt", 50), ("promotion:p", 5)]


def test_a_promotion_with_a_lower_priority_than_zero_goes_before_stamp_rewards():
    program = make_program(stamp_cards=[card(reward={"type": "amount_off", "amount": 50})],
                           promotions=[promo("p", percent_off(10), priority=-1)])
    receipt = checkout(program, [line("CAKE", 1000)], member=member(stamps={"coffee": 10}))
    assert [(a.source, a.amount) for a in receipt.adjustments] == [("promotion:p", 100), ("stamp_card:coffee", 50)]


def test_manual_card_is_not_redeemed_unless_asked():
    program = make_program(stamp_cards=[card(redeem="manual")])
    receipt = checkout(program, [coffee(65, 2)], member=member(stamps={"coffee": 10}))
    assert receipt.discount_total == 0 and receipt.stamps == {"coffee": 12} and notes(receipt) == []


def test_manual_card_is_redeemed_when_asked():
    program = make_program(stamp_cards=[card(redeem="manual")])
    receipt = checkout(program, [coffee(65, 2)], member=member(stamps={"coffee": 10}), redeem_cards=["coffee"])
    assert receipt.discount_total == 65 and receipt.stamps == {"coffee": 1}


def test_asking_for_a_card_that_is_not_full_says_why():
    program = make_program(stamp_cards=[card(redeem="manual")])
    receipt = checkout(program, [coffee(65, 1)], member=member(stamps={"coffee": 7}), redeem_cards=["coffee"])
    assert receipt.discount_total == 0 and notes(receipt) == ["Coffee card not redeemed: 7 of 10 stamps"]


def test_asking_for_a_card_whose_reward_gives_nothing_says_why_and_keeps_stamps():
    program = make_program(stamp_cards=[card(redeem="manual", reward={"type": "amount_off", "amount": 50})])
    receipt = checkout(program, [coffee(0, 1)], member=member(stamps={"coffee": 10}), redeem_cards=["coffee"])
    assert receipt.stamps == {"coffee": 11} and len(notes(receipt)) == 1


def test_asking_for_a_free_item_with_nothing_to_take_it_from_says_why():
    program = make_program(stamp_cards=[card(redeem="manual")])
    receipt = checkout(program, [line("MUFFIN", 45, 1, "food")], member=member(stamps={"coffee": 10}),
                       redeem_cards=["coffee"])
    assert receipt.stamps == {"coffee": 10} and len(notes(receipt)) == 1


def test_stamps_expire_expire_days_after_the_last_stamp():
    program = make_program(stamp_cards=[card(expire_days=30)])
    last = AT - timedelta(days=30)
    receipt = checkout(program, [coffee(65, 1)], member=member(stamps={"coffee": (10, last)}))
    assert receipt.discount_total == 0 and receipt.stamps == {"coffee": 1}


def test_stamps_are_still_good_just_before_they_expire():
    program = make_program(stamp_cards=[card(expire_days=30)])
    last = AT - timedelta(days=30) + timedelta(seconds=1)
    receipt = checkout(program, [coffee(65, 1)], member=member(stamps={"coffee": (10, last)}))
    assert receipt.discount_total == 65 and receipt.stamps == {"coffee": 0}


def test_expired_stamps_are_not_a_why_not_note():
    program = make_program(stamp_cards=[card(expire_days=30)])
    receipt = checkout(program, [line("MUFFIN", 45)], member=member(stamps={"coffee": (4, when("2026-01-01T00:00"))}))
    assert receipt.stamps == {"coffee": 0} and notes(receipt) == []


def test_a_new_stamp_resets_last_stamp():
    program = make_program(stamp_cards=[card(expire_days=30)])
    receipt = checkout(program, [coffee(65, 1)], member=member(stamps={"coffee": (4, when("2026-11-01T00:00"))}))
    assert receipt.cards["coffee"].last_stamp == AT


def test_free_unit_from_a_card_is_not_eligible_for_item_promotions():
    program = make_program(stamp_cards=[card()], promotions=[open_promo("half", percent_off(50, "items", match("coffee")))])
    receipt = checkout(program, [coffee(60, 2)], member=member(stamps={"coffee": 10}))
    assert sources(receipt) == {"stamp_card:coffee": 60, "promotion:half": 30}


def test_expired_stamps_are_reported_with_the_expiries():
    program = make_program(stamp_cards=[card(expire_days=30)])
    receipt = checkout(program, [line("MUFFIN", 45)], member=member(stamps={"coffee": (4, when("2026-01-01T00:00"))}))
    assert [(e["source"], e["stamps"]) for e in receipt.to_dict()["expired"]] == [("stamp_card:coffee", -4)]
    assert receipt.expiries[0].explain["en"] == "Coffee card lapsed on 2026-01-31: 4 stamps gone"


def test_a_zero_priced_unit_still_earns_a_per_item_stamp():
    receipt = checkout(COFFEE, [coffee(0, 1)], member=member(stamps={"coffee": 3}))
    assert receipt.stamps == {"coffee": 4}


def test_a_lapsed_card_stays_open_and_gets_no_new_starter_stamps():
    program = make_program(stamp_cards=[card(starter_stamps=2, expire_days=30)])
    receipt = checkout(program, [coffee(65, 1)], member=member(stamps={"coffee": (6, when("2026-01-01T00:00"))}))
    assert receipt.stamps == {"coffee": 1}


def test_asking_for_an_auto_card_that_is_not_full_says_why_too():
    receipt = checkout(COFFEE, [coffee(65, 1)], member=member(stamps={"coffee": 4}), redeem_cards=["coffee"])
    assert notes(receipt) == ["Coffee card not redeemed: 4 of 10 stamps"]
