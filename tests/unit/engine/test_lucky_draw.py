"""Lucky draw: one random.Random(seed) per checkout, draws in (priority, id) order."""
from __future__ import annotations

import random

from .builders import (
    amount_off, checkout, line, lucky_draw, make_program, member, open_promo, promo, read, scenario_doc, sources,
)

PRIZES = (
    {"name": "ten off", "weight": 1, "percent_off": 10},
    {"name": "cookie", "weight": 1, "item": {"sku": "COOKIE", "name": "Cookie", "cost": 12}},
    {"name": "thank you", "weight": 2},
)


def spec_draw(seed: int, weights: list, draws: int = 1) -> list[int]:
    """The spec's algorithm, literally: r = rng.random() * sum(weights); first cumulative > r."""
    rng = random.Random(seed)
    out = []
    for _ in range(draws):
        r = rng.random() * sum(weights)
        cumulative = 0
        for index, weight in enumerate(weights):
            cumulative += weight
            if cumulative > r:
                out.append(index)
                break
    return out


def drawn(seed: int, *promotions) -> list[tuple[str, str]]:
    program = make_program(promotions=list(promotions) or [open_promo("draw", lucky_draw(*PRIZES))])
    receipt = checkout(program, [line("A", 1000)], seed=seed)
    return [(d.promotion, d.prize) for d in receipt.draws]


def test_seed_1_draws_the_first_prize():
    # random.Random(1).random() = 0.134...; x 4 = 0.54 < 1
    assert drawn(1) == [("draw", "ten off")]


def test_seed_7_draws_the_second_prize():
    # random.Random(7).random() = 0.324...; x 4 = 1.30: cumulative 1, then 2 > 1.30
    assert drawn(7) == [("draw", "cookie")]


def test_seed_0_draws_the_third_prize():
    # random.Random(0).random() = 0.844...; x 4 = 3.38
    assert drawn(0) == [("draw", "thank you")]


def test_many_seeds_follow_the_spec_algorithm():
    names = [prize["name"] for prize in PRIZES]
    for seed in range(60):
        assert drawn(seed) == [("draw", names[spec_draw(seed, [1, 1, 2])[0]])]


def test_fractional_weights_follow_the_spec_algorithm():
    prizes = [{"name": "a", "weight": 0.1}, {"name": "b", "weight": 0.2}, {"name": "c", "weight": 0.7}]
    for seed in range(40):
        expected = "abc"[spec_draw(seed, [0.1, 0.2, 0.7])[0]]
        assert drawn(seed, open_promo("draw", lucky_draw(*prizes))) == [("draw", expected)]


def test_draws_share_one_generator_in_priority_then_id_order():
    # seed 42 gives 0.639 then 0.025: x 4 -> 2.56 (third prize) then 0.10 (first prize)
    first = open_promo("zz", lucky_draw(*PRIZES), priority=1)
    second = open_promo("aa", lucky_draw(*PRIZES), priority=2)
    assert drawn(42, second, first) == [("zz", "thank you"), ("aa", "ten off")]


def test_draws_at_equal_priority_go_by_id():
    assert drawn(42, open_promo("b", lucky_draw(*PRIZES)), open_promo("a", lucky_draw(*PRIZES))) == [
        ("a", "thank you"), ("b", "ten off")]


def test_percent_prize_comes_off_after_every_other_order_discount():
    program = make_program(
        tiers={"basis": "previous_month", "levels": [{"name": "club", "min_spend": 0, "percent_off": 10}]},
        promotions=[promo("draw", lucky_draw(*PRIZES), priority=0), promo("fifty", amount_off(100), priority=5000)])
    receipt = checkout(program, [line("A", 1000)], member=member(), seed=1)
    # tier (1000) then the promotion at 5000: 1000 - 100 = 900, - 100 = 800; the prize last: 10% of 800 = 80
    assert [(a.source, a.amount) for a in receipt.adjustments] == [
        ("tier:club", 100), ("promotion:fifty", 100), ("lucky_draw:draw", 80)]
    assert (receipt.discount_total, receipt.total) == (280, 720)


def test_item_prize_is_handed_over_and_takes_nothing_off():
    program = make_program(promotions=[open_promo("draw", lucky_draw(*PRIZES))])
    receipt = checkout(program, [line("A", 1000)], seed=7)
    assert receipt.discount_total == 0
    assert receipt.to_dict()["draws"] == [{"promotion": "draw", "prize": "cookie"}]
    assert receipt.to_dict()["prizes"] == [{"promotion": "draw", "prize": "cookie",
                                            "item": {"sku": "COOKIE", "name": "Cookie", "cost": 12}}]


def test_thank_you_prize_gives_nothing():
    receipt = checkout(make_program(promotions=[open_promo("draw", lucky_draw(*PRIZES))]), [line("A", 1000)], seed=0)
    assert receipt.discount_total == 0 and receipt.to_dict()["draws"] == [{"promotion": "draw", "prize": "thank you"}]


def test_a_draw_counts_as_a_use_whenever_it_is_drawn():
    program = make_program(promotions=[promo("draw", lucky_draw(*PRIZES),
                                             conditions={"max_uses": {"count": 1, "per": "day"}})])
    assert checkout(program, [line("A", 1000)], member=member(), seed=0).promotions_used == ["draw"]


def test_a_draw_used_up_today_is_not_drawn():
    from .builders import AT
    program = make_program(promotions=[promo("draw", lucky_draw(*PRIZES),
                                             conditions={"max_uses": {"count": 1, "per": "day"}})])
    receipt = checkout(program, [line("A", 1000)], member=member(uses={"draw": [AT.replace(hour=8)]}), seed=0)
    assert receipt.draws == []


def test_a_scenario_without_seed_draws_with_seed_0():
    doc = scenario_doc(program={"version": 1, "currency": {"code": "TWD", "exponent": 0}, "timezone": "Asia/Taipei",
                                "promotions": [open_promo("draw", lucky_draw(*PRIZES))]})
    assert read(doc).run().to_dict()["draws"] == [{"promotion": "draw", "prize": "thank you"}]
    assert read({**doc, "seed": 1}).run().to_dict()["draws"][0]["prize"] == "ten off"


def test_a_draw_is_recorded_exactly_as_the_spec_says():
    receipt = checkout(make_program(promotions=[open_promo("draw", lucky_draw(*PRIZES))]), [line("A", 1000)], seed=1)
    assert receipt.to_dict()["draws"] == [{"promotion": "draw", "prize": "ten off"}]
    assert receipt.to_dict()["prizes"] == [{"promotion": "draw", "prize": "ten off", "percent_off": 10}]


def test_percent_prize_counts_in_discount_total():
    receipt = checkout(make_program(promotions=[open_promo("draw", lucky_draw(*PRIZES))]), [line("A", 1000)], seed=1)
    assert sources(receipt) == {"lucky_draw:draw": 100} and receipt.total == 900


def test_a_preview_announces_the_draw_without_drawing_or_discounting():
    from pos_loyalty.engine import evaluate

    from .builders import AT
    program = make_program(promotions=[open_promo("spin", {"type": "lucky_draw", "prizes": [
        {"name": "Half off", "weight": 1, "percent_off": 50}]})])
    rng = random.Random(3)
    receipt = evaluate(program, None, [line("A", 1000)], at=AT, rng=rng, draw=False)
    assert (receipt.draws, receipt.total, rng.random()) == ([], 1000, random.Random(3).random())
    assert [e.explain["en"] for e in receipt.earnings] == ["Lucky draw (spin) at payment"]
