"""Every discount, redemption and earning carries a one-line explanation a cashier can read aloud."""
from __future__ import annotations

from .builders import (
    amount_off, bonus, card, checkout, coffee, line, lucky_draw, make_program, match, member, multiplier, nth_item,
    percent_off, points, promo, redeem, tiers, when,
)


def busy_receipt():
    program = make_program(
        points=points(redeem=redeem()), tiers=tiers(),
        stamp_cards=[card(starter_stamps=2), card("cake", earn_match=match("cake"),
                                                  reward={"type": "percent_off", "percent": 10})],
        promotions=[promo("second", nth_item(2, 50, match("coffee")), name="2nd coffee half price"),
                    promo("tuesday", multiplier(2), name="Member Tuesday"),
                    promo("ten", amount_off(10), name="Ten off"),
                    promo("bonus", bonus(5), name="Welcome bonus"),
                    promo("draw", lucky_draw({"name": "Cookie", "weight": 1,
                                              "item": {"sku": "C", "name": "Cookie", "cost": 5}}), name="Lucky")])
    return checkout(program, [coffee(65, 3), line("CAKE", 90, 1, "cake")],
                    member=member(points=500, stamps={"cake": 10}, history=[(when("2026-10-05T12:00"), 6000)]),
                    redeem_points=100)


def test_every_adjustment_and_earning_has_a_single_line_explanation_in_each_language():
    receipt = busy_receipt()
    texts = [a.explain for a in receipt.adjustments] + [e.explain for e in receipt.earnings]
    assert len(receipt.adjustments) == 4  # second, cake card, ten, tier (the draw is an item)
    for text in texts:
        assert set(text) == {"en", "zh_TW"}
        assert all(value and "\n" not in value and "{" not in value for value in text.values())


def test_free_item_explanation_names_the_card_and_the_item():
    receipt = checkout(make_program(stamp_cards=[card()]), [coffee(65, 1)], member=member(stamps={"coffee": 10}))
    assert receipt.adjustments[0].explain["en"] == "Coffee card full: 1 free Latte"


def test_item_promotion_explanation_says_how_much_off_what():
    receipt = busy_receipt()
    assert receipt.adjustments[0].explain["en"] == "2nd coffee half price: NT$33 off Latte"


def test_tier_discount_explanation():
    assert "gold member: 2% off" in [a.explain["en"] for a in busy_receipt().adjustments]


def test_points_used_and_earned_are_explained_with_multipliers():
    texts = [e.explain["en"] for e in busy_receipt().earnings]
    assert "100 points pay NT$100" in texts
    assert any(t.startswith("+") and "gold x2" in t and "Member Tuesday x2" in t for t in texts)
    assert "Welcome bonus: +5 bonus points" in texts


def test_opening_a_card_is_explained():
    receipt = checkout(make_program(stamp_cards=[card(starter_stamps=2)]), [coffee(65, 1)], member=member())
    texts = [e.explain["en"] for e in receipt.earnings]
    assert "New Coffee card: starts at 2/10, on the house" in texts
    assert "Coffee card +1: 3/10 stamps" in texts


def test_lucky_draw_item_is_explained():
    texts = [e.explain["en"] for e in busy_receipt().earnings]
    assert "Lucky draw (Lucky): Cookie, take 1 Cookie" in texts


def test_money_is_shown_in_the_currency_exponent():
    program = make_program(currency={"code": "EUR", "exponent": 2}, promotions=[promo("p", amount_off(150), name="Deal")])
    receipt = checkout(program, [line("A", 650)], member=member())
    assert receipt.adjustments[0].explain["en"] == "Deal: €1.50 off the order"


def test_no_notes_when_nothing_was_asked_for():
    assert busy_receipt().notes == []


def test_receipt_json_has_the_spec_keys():
    out = busy_receipt().to_dict()
    for key in ("subtotal", "discount_total", "points_used", "total", "points_earned", "points_balance", "stamps",
                "tier", "adjustments", "draws", "notes"):
        assert key in out
    assert all(set(a) >= {"source", "amount", "explain"} and a["amount"] > 0 for a in out["adjustments"])
    assert out["draws"] == [{"promotion": "draw", "prize": "Cookie"}]


def test_guest_receipt_has_null_balance_empty_stamps_and_no_tier():
    out = checkout(make_program(points=points(), tiers=tiers(), stamp_cards=[card()]), [coffee()]).to_dict()
    assert (out["points_balance"], out["stamps"], out["tier"]) == (None, {}, None)
