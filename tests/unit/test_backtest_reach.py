"""Which sales a draft can change: only those a promotion it adds, removes or alters applies to."""
from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from db.demo import DEMO_PROGRAM
from pos_loyalty.engine.member import MemberId, MemberState
from pos_loyalty.reports.reach import reach
from pos_loyalty.services.programs import read_program

TAIPEI = ZoneInfo("Asia/Taipei")
WEDNESDAY, THURSDAY = datetime(2026, 11, 25, 10, tzinfo=TAIPEI), datetime(2026, 11, 26, 10, tzinfo=TAIPEI)
MEMBER = MemberState(id=MemberId("M0000001"))


def program(change=None):  # noqa: ANN001, ANN201
    body = json.loads(DEMO_PROGRAM.read_text(encoding="utf-8"))
    if change is not None:
        body["version"] = 2
        change(body)
    return read_program(json.dumps(body))


def gold_wednesday(body: dict) -> None:
    body["promotions"].append({"id": "gold-wednesday", "name": "Gold Wednesday", "effect": {
        "type": "points_multiplier", "factor": 3}, "conditions": {"weekdays": [3], "tiers": ["gold"]}})


def tier(name):  # noqa: ANN001, ANN201
    published = program()
    return lambda: next(level for level in published.tiers.levels if level.name == name)


def test_a_draft_that_only_renames_and_translates_reaches_no_sale():
    def renamed(body: dict) -> None:
        body["promotions"][0]["name"] = "Second drink 40% off"
        body["promotions"][0]["names"] = {"zh_TW": "第二杯 6 折"}
        body["stamp_cards"][0]["names"] = {"zh_TW": "咖啡卡"}
    found = reach(program(renamed), {1: program()}, [1])
    assert found is not None and found.changed[1].draft == found.changed[1].recorded == ()


def test_a_draft_that_changes_the_earning_rate_may_change_any_sale():
    def richer(body: dict) -> None:
        body["points"]["earn"]["spend"] = 40
    assert reach(program(richer), {1: program()}, [1]) is None


def test_a_wednesday_promotion_for_gold_members_reaches_a_gold_members_wednesday_only():
    found = reach(program(gold_wednesday), {1: program()}, [1])
    assert found.reaches(1, WEDNESDAY, MEMBER, tier("gold"), subtotal=300)
    assert not found.reaches(1, WEDNESDAY, MEMBER, tier("bronze"), subtotal=300)
    assert not found.reaches(1, THURSDAY, MEMBER, tier("gold"), subtotal=300)
    assert not found.reaches(1, WEDNESDAY, None, lambda: None, subtotal=300)


def test_a_promotion_the_draft_removes_reaches_the_sales_it_gave_to():
    def no_tuesday(body: dict) -> None:
        body["promotions"] = [p for p in body["promotions"] if p["id"] != "member-tuesday"]
    found = reach(program(no_tuesday), {1: program()}, [1])
    tuesday = datetime(2026, 11, 24, 10, tzinfo=TAIPEI)
    assert found.reaches(1, tuesday, MEMBER, tier("bronze"), subtotal=300)
    assert not found.reaches(1, WEDNESDAY, MEMBER, tier("bronze"), subtotal=300)
