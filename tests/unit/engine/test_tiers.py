"""Tiers: the level from spend over the basis window, in the program's time zone."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from pos_loyalty.errors import InvalidInput

from .builders import AT, amount_off, checkout, line, make_program, member, points, promo, sources, tiers, when

UTC = timezone.utc


def tier_at(basis: str, history, at=AT, **rest) -> str | None:
    program = make_program(tiers=tiers(basis, **rest))
    return checkout(program, [line("A", 100)], member=member(history=history), at=at).tier


def test_previous_month_spend_decides_the_tier():
    history = [(when("2026-10-05T12:00"), 3000), (when("2026-10-20T18:30"), 3500)]
    assert tier_at("previous_month", history) == "gold"


def test_previous_month_ignores_this_month_and_older_months():
    history = [(when("2026-11-02T12:00"), 9000), (when("2026-09-30T12:00"), 9000), (when("2026-10-02T12:00"), 2500)]
    assert tier_at("previous_month", history) == "silver"


def test_previous_month_boundaries_are_read_in_the_program_time_zone():
    history = [
        (datetime(2026, 10, 31, 16, 30, tzinfo=UTC), 5000),  # 1 Nov 00:30 in Taipei: this month
        (datetime(2026, 9, 30, 16, 30, tzinfo=UTC), 2500),   # 1 Oct 00:30 in Taipei: last month
    ]
    assert tier_at("previous_month", history) == "silver"


def test_current_month_counts_this_month_before_the_checkout_only():
    history = [(when("2026-11-01T00:00"), 2000), (when("2026-10-31T23:59"), 9000),
               (AT, 9000), (AT + timedelta(hours=1), 9000)]
    assert tier_at("current_month", history) == "silver"


def test_current_month_starts_at_local_midnight():
    history = [(datetime(2026, 10, 31, 15, 59, tzinfo=UTC), 6000)]  # 31 Oct 23:59 Taipei
    assert tier_at("current_month", history) == "bronze"


def test_rolling_days_window_includes_its_first_instant():
    assert tier_at("rolling_days", [(AT - timedelta(days=30), 2000)], days=30) == "silver"


def test_rolling_days_window_excludes_anything_older():
    assert tier_at("rolling_days", [(AT - timedelta(days=30, seconds=1), 2000)], days=30) == "bronze"


def test_rolling_12_months_is_365_days_back():
    assert tier_at("rolling_12_months", [(AT - timedelta(days=365), 6000)]) == "gold"
    assert tier_at("rolling_12_months", [(AT - timedelta(days=365, seconds=1), 6000)]) == "bronze"


def test_the_basket_itself_never_counts_towards_the_tier():
    program = make_program(tiers=tiers("current_month"))
    assert checkout(program, [line("A", 50000)], member=member()).tier == "bronze"


def test_no_qualifying_level_means_no_tier():
    program = make_program(tiers=tiers("previous_month", {"name": "vip", "min_spend": 1000}))
    assert checkout(program, [line("A", 100)], member=member()).tier is None


def test_a_guest_has_no_tier():
    assert checkout(make_program(tiers=tiers()), [line("A", 100)]).tier is None


def test_tier_percent_off_comes_after_promotions():
    program = make_program(tiers=tiers(), promotions=[promo("hundred", amount_off(100))])
    receipt = checkout(program, [line("A", 1000)], member=member(history=[(when("2026-10-05T12:00"), 6000)]))
    # 1000 - 100 = 900; gold 2% of 900 = 18
    assert sources(receipt) == {"promotion:hundred": 100, "tier:gold": 18}
    assert receipt.total == 882


def test_tier_earn_multiplier_applies_to_earning():
    program = make_program(points=points(), tiers=tiers())
    receipt = checkout(program, [line("A", 1000)], member=member(history=[(when("2026-10-05T12:00"), 2000)]))
    assert receipt.points_earned == 15


def test_tier_names_in_conditions_must_exist():
    with pytest.raises(InvalidInput, match="platinum"):
        make_program(tiers=tiers(), promotions=[promo("p", amount_off(5), conditions={"tiers": ["platinum"]})])


def test_duplicate_tier_names_are_refused():
    with pytest.raises(InvalidInput, match="duplicate"):
        make_program(tiers=tiers("previous_month", {"name": "a", "min_spend": 0}, {"name": "a", "min_spend": 5}))


def test_days_is_required_for_rolling_days_and_refused_otherwise():
    with pytest.raises(InvalidInput, match="days"):
        make_program(tiers=tiers("rolling_days"))
    with pytest.raises(InvalidInput, match="days"):
        make_program(tiers=tiers("previous_month", days=30))
