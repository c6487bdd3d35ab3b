"""Member days on the calendar and the reports' readings, on plain data (no store, no Qt)."""
from __future__ import annotations

import json
from datetime import date

import pytest

from pos_loyalty.errors import InvalidInput
from pos_loyalty.member_days import applies_at_hour, marks_for, new_member_day
from pos_loyalty.reports.programme import curve_shape, top_share
from pos_loyalty.services.programs import read_program

BASE = {"version": 1, "currency": {"code": "TWD", "exponent": 0}, "timezone": "Asia/Taipei",
        "tiers": {"basis": "previous_month", "levels": [{"name": "bronze", "min_spend": 0},
                                                        {"name": "gold", "min_spend": 6000}]}}


def program_with(*promotions: dict):  # noqa: ANN201
    return read_program(json.dumps({**BASE, "promotions": list(promotions)}))


def test_every_wednesday_for_gold_members_is_a_valid_member_day():
    promo = new_member_day(promotion_id="gold-wed", name="Gold Wednesday", weekdays=[3], effect="points_multiplier",
                           value=3, tiers=["gold"])
    program = program_with(promo)
    assert program.promotions[0].conditions.weekdays == [3] and program.promotions[0].members_only


def test_a_member_day_needs_some_days():
    with pytest.raises(InvalidInput, match="days: pick"):
        new_member_day(promotion_id="x", name="x", effect="bonus_points", value=5)


def test_the_calendar_marks_wednesdays_only_with_tier_and_members_only():
    program = program_with(new_member_day(promotion_id="gold-wed", name="Gold Wednesday", weekdays=[3],
                                          effect="points_multiplier", value=3, tiers=["gold"]))
    wednesday, thursday = date(2026, 12, 2), date(2026, 12, 3)
    (mark,) = marks_for(program, wednesday)
    assert (mark.name, mark.tiers, mark.members_only, mark.dated) == ("Gold Wednesday", ("gold",), True, True)
    assert marks_for(program, thursday) == []


def test_the_8th_of_the_month_with_hours_applies_only_in_those_hours():
    program = program_with(new_member_day(promotion_id="eighth", name="The 8th", days_of_month=[8],
                                          effect="percent_off", value=10, hours=("14:00", "17:00")))
    (mark,) = marks_for(program, date(2026, 12, 8))
    assert [h for h in range(24) if applies_at_hour(mark, h)] == [14, 15, 16]
    assert marks_for(program, date(2026, 12, 9)) == []


def test_the_calendar_names_a_promotion_in_the_screens_language():
    program = program_with(new_member_day(promotion_id="tue", name="Member Tuesday", name_zh="會員週二",
                                          weekdays=[2], effect="bonus_points", value=20))
    assert marks_for(program, date(2026, 12, 1), "zh_TW")[0].name == "會員週二"


def test_rewards_at_the_same_rate_for_everyone_read_as_flat():
    assert curve_shape([0.05] * 50) == "flat"


def test_rewards_that_jump_with_spend_read_as_stepped():
    assert curve_shape([0.02] * 20 + [0.05] * 20 + [0.08] * 10) == "stepped"


def test_the_top_fifth_share_of_revenue():
    report = top_share([100] * 8 + [900, 900])
    assert report.reading[1] == {"n": 2, "share": "69"}
