"""Strictness: anything not written to the spec is refused with one line naming the field."""
from __future__ import annotations

import copy
import json

import pytest

from pos_loyalty.engine import evaluate
from pos_loyalty.errors import InvalidInput

from .builders import (
    AT, BASE, amount_off, card, checkout, line, make_program, member, percent_off, points, promo, read, read_program,
    redeem, scenario_doc,
)

FULL = {
    **BASE,
    "points": {"earn": {"spend": 100, "points": 1}, "exclude_categories": ["tobacco"],
               "redeem": {"value": 1, "min_points": 50, "max_percent": 50}, "expire_days": 365},
    "tiers": {"basis": "previous_month", "levels": [
        {"name": "bronze", "min_spend": 0, "earn_multiplier": 1},
        {"name": "gold", "min_spend": 6000, "earn_multiplier": 2, "percent_off": 2}]},
    "stamp_cards": [card(starter_stamps=2)],
    "promotions": [promo("second-drink", {"type": "nth_item", "n": 2, "percent": 40, "match": {"categories": ["drinks"]}},
                         members_only=False,
                         conditions={"weekdays": [2], "time_of_day": {"from": "14:00", "until": "17:00"},
                                     "birthday": {"window_days": 7}, "max_uses": {"count": 1, "per": "year"}})],
}


def refused(doc, *words: str) -> str:
    with pytest.raises(InvalidInput) as caught:
        read_program(doc)
    message = str(caught.value)
    assert "\n" not in message
    for word in words:
        assert word in message
    return message


def with_change(path: str, value, doc=FULL):
    doc = copy.deepcopy(doc)
    *parents, last = path.split(".")
    node = doc
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return doc


def test_the_full_example_program_is_accepted():
    program = read_program(FULL)
    assert program.points.redeem.max_percent == 50 and program.stamp_cards[0].starter_stamps == 2


def test_only_version_currency_and_timezone_are_required():
    program = read_program(BASE)
    assert program.points is None and program.tiers is None and program.promotions == []


def test_defaults_follow_the_spec():
    program = make_program(points=points(redeem=redeem()), tiers={"basis": "current_month",
                                                                  "levels": [{"name": "a", "min_spend": 0}]},
                           stamp_cards=[card()], promotions=[promo("p", amount_off(5))])
    assert (program.points.redeem.min_points, program.points.redeem.max_percent) == (0, 100)
    assert (program.stamp_cards[0].starter_stamps, program.stamp_cards[0].redeem) == (0, "auto")
    assert (program.promotions[0].members_only, program.promotions[0].priority) == (True, 100)
    assert program.tiers.levels[0].earn_multiplier == 1


@pytest.mark.parametrize("path", [
    "weekday", "points.earn.spnd", "points.redeem.max_pecent", "tiers.levels.0.percent", "stamp_cards.0.reward.extra",
    "stamp_cards.0.earn.matches", "promotions.0.conditions.weekday", "promotions.0.effect.scope",
    "promotions.0.conditions.time_of_day.from_", "promotions.0.conditions.birthday.days", "currency.symbol",
])
def test_unknown_keys_are_refused_anywhere(path):
    refused(with_change(path, 1), "unknown key", repr(path.rsplit(".", 1)[-1]))


def test_match_on_an_order_scope_discount_is_refused():
    refused(with_change("promotions.0.effect", {**percent_off(10), "match": {"categories": ["x"]}}), "match")


def test_match_on_amount_off_is_refused():
    refused(with_change("promotions.0.effect", {**amount_off(10), "match": {}}), "match")


def test_days_with_another_basis_is_refused():
    refused(with_change("tiers.days", 30), "days")


def test_amount_on_a_percent_reward_is_refused():
    refused(with_change("stamp_cards.0.reward", {"type": "percent_off", "percent": 10, "amount": 5}), "amount")


def test_min_spend_on_a_per_item_card_is_refused():
    refused(with_change("stamp_cards.0.earn", {"per": "item", "min_spend": 100}), "min_spend")


@pytest.mark.parametrize("path", ["points", "points.expire_days", "promotions.0.conditions", "tiers.levels.0.name",
                                  "promotions.0.exclusive_group", "stamp_cards.0.earn.match"])
def test_null_is_refused(path):
    refused(with_change(path, None), "null")


@pytest.mark.parametrize("path, value", [
    ("stamp_cards", [card("a"), card("a")]),
    ("promotions", [promo("p", amount_off(1)), promo("p", amount_off(2))]),
])
def test_duplicate_ids_are_refused(path, value):
    refused(with_change(path, value), "duplicate")


@pytest.mark.parametrize("path, value", [
    ("points.earn.spend", -100), ("points.earn.spend", 0), ("points.earn.points", 1.5), ("points.redeem.value", 0.5),
    ("points.redeem.min_points", -1), ("points.redeem.max_percent", 101), ("points.redeem.max_percent", 0),
    ("tiers.levels.1.min_spend", -1), ("tiers.levels.1.min_spend", 6000.5), ("tiers.levels.1.earn_multiplier", 0),
    ("stamp_cards.0.required", 0), ("stamp_cards.0.starter_stamps", -1),
    ("promotions.0.effect.percent", -5), ("promotions.0.effect.n", 0), ("promotions.0.priority", 1.5),
    ("points.earn.spend", "100"), ("promotions.0.members_only", "false"), ("promotions.0.effect.percent", True),
])
def test_negative_fractional_or_mistyped_numbers_are_refused(path, value):
    refused(with_change(path, value), path.rsplit(".", 1)[0].split(".")[0])


def test_starter_stamps_must_be_below_required():
    refused(with_change("stamp_cards.0.starter_stamps", 10), "starter_stamps")


def test_percent_off_needs_a_scope():
    refused(with_change("promotions.0.effect", {"type": "percent_off", "percent": 10}), "scope")


def test_conditions_match_needs_min_qty():
    refused(with_change("promotions.0.conditions", {"match": {"skus": ["A"]}}), "min_qty")


def test_time_of_day_from_equal_to_until_is_refused():
    refused(with_change("promotions.0.conditions.time_of_day", {"from": "10:00", "until": "10:00"}), "time_of_day")


@pytest.mark.parametrize("clock", ["24:00", "9:00", "10:60", "10:00:00"])
def test_time_of_day_must_be_hh_mm(clock):
    refused(with_change("promotions.0.conditions.time_of_day", {"from": clock, "until": "17:00"}), "time_of_day")


def test_unknown_effect_type_is_refused():
    refused(with_change("promotions.0.effect", {"type": "half_price"}), "effect")


def test_unknown_time_zone_is_refused():
    refused(with_change("timezone", "Mars/Olympus"), "timezone")


def test_a_date_must_be_real():
    refused(with_change("promotions.0.conditions.dates", ["2026-02-30"]), "dates")


def test_a_prize_is_percent_or_item_not_both():
    refused(with_change("promotions.0.effect", {"type": "lucky_draw", "prizes": [
        {"name": "x", "weight": 1, "percent_off": 5, "item": {"sku": "A", "name": "A", "cost": 1}}]}), "prize")


def test_birthday_needs_window_days_or_month():
    refused(with_change("promotions.0.conditions.birthday", {}), "birthday")
    refused(with_change("promotions.0.conditions.birthday", {"window_days": 3, "month": True}), "birthday")


# The scenario file


def test_scenario_refuses_an_empty_basket():
    with pytest.raises(InvalidInput, match="basket"):
        read(scenario_doc(basket=[]))


@pytest.mark.parametrize("line_doc, word", [
    ({"sku": "A", "price": -5, "qty": 1}, "price"), ({"sku": "A", "price": 6.5, "qty": 1}, "price"),
    ({"sku": "A", "price": 5, "qty": 0}, "qty"), ({"sku": "A", "price": 5, "qty": 1.0}, "qty"),
    ({"price": 5, "qty": 1}, "sku"), ({"sku": "A", "qty": 1}, "price"), ({"sku": "A", "price": 5}, "qty"),
    ({"sku": "A", "price": 5, "qty": 1, "colour": "red"}, "colour"), ({"sku": "A", "price": 5, "qty": 1, "name": None}, "null"),
])
def test_scenario_refuses_a_bad_basket_line(line_doc, word):
    with pytest.raises(InvalidInput, match=word):
        read(scenario_doc(basket=[line_doc]))


def test_basket_line_name_defaults_to_the_sku_and_category_to_none():
    receipt = read(scenario_doc(basket=[{"sku": "A", "price": 5, "qty": 1}])).run()
    assert (receipt.lines[0].name, receipt.lines[0].category) == ("A", None)


def test_member_may_be_null_but_nothing_else():
    assert read(scenario_doc(member=None)).member is None
    with pytest.raises(InvalidInput, match="null"):
        read(scenario_doc(seed=None))


def test_points_together_with_point_lots_is_refused():
    with pytest.raises(InvalidInput, match="point_lots"):
        read(scenario_doc(member={"id": "M", "points": 5, "point_lots": [{"points": 5, "earned": AT.isoformat()}]}))


@pytest.mark.parametrize("member_doc, word", [
    ({"id": "M", "stamps": {"tea": 3}}, "tea"),
    ({"id": "M", "uses": {"nope": []}}, "nope"),
    ({"id": "M", "points": -1}, "points"),
    ({"id": "M", "points": 1.5}, "points"),
    ({"id": "M", "history": [{"at": "2026-01-01T00:00:00", "spend": 5}]}, "offset"),
])
def test_scenario_refuses_unknown_ids_and_bad_member_facts(member_doc, word):
    with pytest.raises(InvalidInput, match=word):
        read(scenario_doc(member=member_doc))


def test_redeem_cards_must_name_a_card_of_the_program():
    doc = scenario_doc(program={**BASE, "stamp_cards": [card()]}, member={"id": "M"}, redeem_cards=["tea"])
    with pytest.raises(InvalidInput, match="tea"):
        read(doc)


@pytest.mark.parametrize("ask", [{"redeem_points": 10}, {"redeem_points": "max"}, {"redeem_cards": ["coffee"]}])
def test_a_guest_may_not_redeem(ask):
    doc = scenario_doc(program={**BASE, "points": points(redeem=redeem()), "stamp_cards": [card()]}, **ask)
    with pytest.raises(InvalidInput, match="guest"):
        read(doc)


def test_a_guest_may_ask_for_zero_points():
    assert read(scenario_doc(program={**BASE, "points": points(redeem=redeem())}, redeem_points=0)).run().total == 100


def test_redeem_points_needs_points_redeem_in_the_program():
    with pytest.raises(InvalidInput, match="redeem"):
        read(scenario_doc(program={**BASE, "points": points()}, member={"id": "M", "points": 100}, redeem_points=10))


@pytest.mark.parametrize("value", [-1, 1.5, "all", True])
def test_redeem_points_is_a_whole_number_or_max(value):
    with pytest.raises(InvalidInput, match="redeem_points"):
        read(scenario_doc(program={**BASE, "points": points(redeem=redeem())}, member={"id": "M"}, redeem_points=value))


def test_duplicate_json_keys_are_refused():
    text = json.dumps(scenario_doc())[:-1] + ', "at": "2026-11-24T10:00:00+08:00"}'
    with pytest.raises(InvalidInput, match="twice"):
        read(text)


def test_evaluate_itself_refuses_a_guest_redeeming():
    program = make_program(points=points(redeem=redeem()))
    with pytest.raises(InvalidInput):
        checkout(program, [line("A", 100)], redeem_points=5)


def test_evaluate_itself_refuses_an_unknown_card():
    with pytest.raises(InvalidInput, match="tea"):
        checkout(make_program(stamp_cards=[card()]), [line("A", 100)], member=member(), redeem_cards=["tea"])


def test_time_of_day_key_is_from_not_the_python_name():
    refused(with_change("promotions.0.conditions.time_of_day", {"from_": "10:00", "until": "11:00"}), "from")


@pytest.mark.parametrize("path", ["points.expire_days", "stamp_cards.0.expire_days"])
def test_expiry_longer_than_100_years_is_refused(path):
    refused(with_change(path, 36501), "expire_days")
    assert read_program(with_change(path, 36500))


def test_rolling_window_longer_than_100_years_is_refused():
    refused(with_change("tiers", {"basis": "rolling_days", "days": 36501, "levels": [{"name": "a", "min_spend": 0}]}),
            "days")


@pytest.mark.parametrize("at", ["0999-12-31T23:00:00+00:00", "9000-01-01T00:00:00+00:00"])
def test_instants_outside_the_supported_years_are_refused(at):
    with pytest.raises(InvalidInput, match="outside the years"):
        read(scenario_doc(at=at))


def test_a_checkout_of_more_than_100000_units_is_refused():
    with pytest.raises(InvalidInput, match="units"):
        read(scenario_doc(basket=[{"sku": "A", "price": 1, "qty": 10 ** 9}])).run()


def test_two_tier_levels_with_the_same_min_spend_are_refused():
    refused(with_change("tiers.levels.1.min_spend", 0), "min_spend")


def test_birthday_month_false_is_refused():
    refused(with_change("promotions.0.conditions.birthday", {"month": False}), "birthday")
