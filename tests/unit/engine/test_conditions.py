"""Promotion conditions: calendar (program time zone), basket, member, use limits."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from .builders import (
    AT, amount_off, checkout, line, make_program, match, member, nth_item, open_promo, promo, tiers, when,
)

UTC = timezone.utc


def applies(conditions: dict, *, at: datetime = AT, guest: bool = False, effect=None, basket=None,
            members_only: bool = True, **member_facts) -> bool:
    maker = promo if members_only else open_promo
    program = make_program(tiers=tiers(), promotions=[maker("p", effect or amount_off(10), conditions=conditions)])
    shopper = None if guest else member(**member_facts)
    receipt = checkout(program, basket or [line("A", 1000)], member=shopper, at=at)
    return "p" in receipt.promotions_used


def test_weekdays_are_iso_with_monday_as_1():
    assert applies({"weekdays": [2]})  # 24 Nov 2026 is a Tuesday
    assert not applies({"weekdays": [1, 3, 4, 5, 6, 7]})


def test_weekday_is_read_in_the_program_time_zone():
    monday_utc_tuesday_taipei = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)
    assert applies({"weekdays": [2]}, at=monday_utc_tuesday_taipei)


def test_days_of_month():
    assert applies({"days_of_month": [1, 24]})
    assert not applies({"days_of_month": [23]})


def test_months():
    assert applies({"months": [11]})
    assert not applies({"months": [10, 12]})


def test_dates():
    assert applies({"dates": ["2026-11-24"]})
    assert not applies({"dates": ["2025-11-24"]})


@pytest.mark.parametrize("clock, inside", [("13:59", False), ("14:00", True), ("16:59", True), ("17:00", False)])
def test_time_of_day_until_is_exclusive(clock, inside):
    assert applies({"time_of_day": {"from": "14:00", "until": "17:00"}}, at=when(f"2026-11-24T{clock}")) == inside


@pytest.mark.parametrize("clock, inside", [("21:59", False), ("22:00", True), ("23:30", True), ("00:00", True),
                                           ("01:59", True), ("02:00", False), ("12:00", False)])
def test_time_of_day_from_later_than_until_spans_midnight(clock, inside):
    assert applies({"time_of_day": {"from": "22:00", "until": "02:00"}}, at=when(f"2026-11-24T{clock}")) == inside


def test_time_of_day_is_read_in_the_program_time_zone():
    assert applies({"time_of_day": {"from": "14:00", "until": "17:00"}}, at=datetime(2026, 11, 24, 6, 30, tzinfo=UTC))


def test_valid_from_and_until_are_inclusive_dates():
    assert applies({"valid_from": "2026-11-24", "valid_until": "2026-11-24"}, at=when("2026-11-24T23:59"))
    assert applies({"valid_from": "2026-11-24"}, at=when("2026-11-24T00:00"))
    assert not applies({"valid_until": "2026-11-23"})
    assert not applies({"valid_from": "2026-11-25"})


def test_valid_from_is_read_in_the_program_time_zone():
    assert applies({"valid_from": "2026-11-24"}, at=datetime(2026, 11, 23, 16, 30, tzinfo=UTC))


def test_min_spend_is_the_gross_subtotal():
    assert applies({"min_spend": 1000})
    assert not applies({"min_spend": 1001})


def test_min_spend_ignores_item_discounts():
    program = make_program(promotions=[
        open_promo("half", {"type": "percent_off", "percent": 50, "scope": "items"}),
        open_promo("p", amount_off(10), conditions={"min_spend": 1000})])
    assert "p" in checkout(program, [line("A", 1000)]).promotions_used


def test_min_qty_counts_units_matched_by_the_effect():
    drinks_nth = nth_item(2, 50, match("drinks"))
    basket = [line("TEA", 30, 2, "drinks"), line("CHIPS", 20, 5, "snacks")]
    assert not applies({"min_qty": 3}, effect=drinks_nth, basket=basket)
    assert applies({"min_qty": 2}, effect=drinks_nth, basket=basket)


def test_min_qty_with_its_own_match():
    basket = [line("TEA", 30, 2, "drinks"), line("CHIPS", 20, 5, "snacks")]
    assert applies({"min_qty": 5, "match": match("snacks")}, basket=basket)
    assert not applies({"min_qty": 3, "match": match("drinks")}, basket=basket)


def test_min_qty_without_any_match_counts_every_unit():
    basket = [line("TEA", 30, 2), line("CHIPS", 20, 5)]
    assert applies({"min_qty": 7}, basket=basket)
    assert not applies({"min_qty": 8}, basket=basket)


def test_tiers_condition_needs_the_member_in_one_of_the_tiers():
    gold = [(when("2026-10-05T12:00"), 6000)]
    assert applies({"tiers": ["gold"]}, history=gold)
    assert not applies({"tiers": ["gold"]}, history=[(when("2026-10-05T12:00"), 2000)])
    assert not applies({"tiers": ["bronze"]}, guest=True, members_only=False)


def test_birthday_window_counts_days_to_the_nearest_birthday():
    assert applies({"birthday": {"window_days": 2}}, birthday=date(1990, 11, 26))
    assert not applies({"birthday": {"window_days": 1}}, birthday=date(1990, 11, 26))


def test_birthday_window_looks_back_as_well():
    assert applies({"birthday": {"window_days": 4}}, birthday=date(1990, 11, 20))
    assert not applies({"birthday": {"window_days": 3}}, birthday=date(1990, 11, 20))


def test_birthday_window_reaches_into_next_year():
    at = when("2026-12-30T10:00")
    assert applies({"birthday": {"window_days": 3}}, at=at, birthday=date(1990, 1, 2))
    assert not applies({"birthday": {"window_days": 2}}, at=at, birthday=date(1990, 1, 2))


def test_birthday_window_reaches_back_into_last_year():
    at = when("2027-01-02T10:00")
    assert applies({"birthday": {"window_days": 3}}, at=at, birthday=date(1990, 12, 30))
    assert not applies({"birthday": {"window_days": 2}}, at=at, birthday=date(1990, 12, 30))


def test_29_february_birthday_falls_on_28_february_in_other_years():
    leapling = date(2000, 2, 29)
    assert applies({"birthday": {"window_days": 0}}, at=when("2026-02-28T10:00"), birthday=leapling)
    assert not applies({"birthday": {"window_days": 0}}, at=when("2026-03-01T10:00"), birthday=leapling)
    assert applies({"birthday": {"window_days": 1}}, at=when("2026-03-01T10:00"), birthday=leapling)


def test_29_february_birthday_is_29_february_in_leap_years():
    leapling = date(2000, 2, 29)
    assert applies({"birthday": {"window_days": 0}}, at=when("2028-02-29T10:00"), birthday=leapling)
    assert not applies({"birthday": {"window_days": 0}}, at=when("2028-02-28T10:00"), birthday=leapling)


def test_birthday_day_is_read_in_the_program_time_zone():
    at = datetime(2026, 11, 25, 16, 30, tzinfo=UTC)  # 26 Nov 00:30 in Taipei
    assert applies({"birthday": {"window_days": 0}}, at=at, birthday=date(1990, 11, 26))


def test_birthday_month():
    assert applies({"birthday": {"month": True}}, birthday=date(1990, 11, 3))
    assert not applies({"birthday": {"month": True}}, birthday=date(1990, 10, 31))


def test_birthday_conditions_need_a_known_birthday():
    assert not applies({"birthday": {"month": True}})
    assert not applies({"birthday": {"window_days": 365}})


def test_tenure_counts_full_years_since_joining():
    assert applies({"tenure_years": 3}, joined=date(2023, 11, 24))
    assert not applies({"tenure_years": 3}, joined=date(2023, 11, 25))


def test_tenure_from_29_february_has_its_anniversary_on_28_february():
    assert applies({"tenure_years": 1}, at=when("2025-02-28T10:00"), joined=date(2024, 2, 29))
    assert not applies({"tenure_years": 1}, at=when("2025-02-27T10:00"), joined=date(2024, 2, 29))
    assert applies({"tenure_years": 4}, at=when("2028-02-29T10:00"), joined=date(2024, 2, 29))
    assert not applies({"tenure_years": 4}, at=when("2028-02-28T10:00"), joined=date(2024, 2, 29))


def test_tenure_needs_a_join_date():
    assert not applies({"tenure_years": 1})


def test_all_given_conditions_must_hold():
    assert applies({"weekdays": [2], "months": [11], "min_spend": 500})
    assert not applies({"weekdays": [2], "months": [11], "min_spend": 5000})


@pytest.mark.parametrize("per, used, blocked", [
    ("day", "2026-11-24T08:00", True), ("day", "2026-11-23T23:59", False),
    ("month", "2026-11-01T00:00", True), ("month", "2026-10-31T23:59", False),
    ("year", "2026-01-01T00:00", True), ("year", "2025-12-31T23:59", False),
    ("ever", "2001-01-01T00:00", True),
])
def test_max_uses_counts_uses_in_the_calendar_period_of_the_checkout(per, used, blocked):
    limit = {"max_uses": {"count": 1, "per": per}}
    assert applies(limit, uses={"p": [when(used)]}) is not blocked


def test_max_uses_periods_are_read_in_the_program_time_zone():
    limit = {"max_uses": {"count": 1, "per": "day"}}
    used = datetime(2026, 11, 23, 16, 30, tzinfo=UTC)  # 24 Nov 00:30 in Taipei
    assert not applies(limit, uses={"p": [used]})


def test_max_uses_allows_fewer_than_count_uses():
    limit = {"max_uses": {"count": 2, "per": "ever"}}
    assert applies(limit, uses={"p": [when("2020-01-01T00:00")]})
    assert not applies(limit, uses={"p": [when("2020-01-01T00:00"), when("2021-01-01T00:00")]})


def test_max_uses_ignores_uses_after_the_checkout_instant():
    assert applies({"max_uses": {"count": 1, "per": "day"}}, uses={"p": [AT + timedelta(minutes=5)]})


def test_max_uses_never_applies_to_a_guest():
    assert not applies({"max_uses": {"count": 5, "per": "day"}}, guest=True, members_only=False)


def test_guest_gets_open_promotions_with_conditions():
    assert applies({"weekdays": [2]}, guest=True, members_only=False)
    assert not applies({"weekdays": [2]}, guest=True)
