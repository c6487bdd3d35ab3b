"""Backtests on real stores: the published programme gives back what was recorded; a draft moves the figures."""
from __future__ import annotations

import copy
import json
import random
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from db.backtest_run import run_backtest
from db.demo import DEMO_PROGRAM, create_store
from pos_loyalty.services.checkout import CheckoutCommand, checkout
from pos_loyalty.services.identity import MemberIdentity
from pos_loyalty.services.programs import read_program

from tests.integration.conftest import CAKE, DEMO_NOW, LATTE, PROGRAM, Till, at

ROOT = Path(__file__).resolve().parents[2]


def demo_program(**changes) -> dict:  # noqa: ANN003
    program = json.loads(DEMO_PROGRAM.read_text(encoding="utf-8"))
    program.update(changes)
    return program


def test_replaying_the_published_program_gives_back_exactly_what_was_recorded(demo_store):
    result, _ = run_backtest(demo_store, read_program(json.dumps(demo_program())), days=180, now=DEMO_NOW,
                             workers=2, parts=4, screen=False)
    assert result.receipts > 500
    assert result.draft.to_dict(rules=False) == result.recorded.to_dict(rules=False)
    assert result.changed == set()


def _with(change) -> dict:  # noqa: ANN001
    program = demo_program(version=2)
    change(program)
    return program


DRAFTS = {
    "Friday 5% off for everyone": lambda p: p["promotions"].append({
        "id": "friday-5", "name": "Friday 5% off", "members_only": False,
        "effect": {"type": "percent_off", "percent": 5, "scope": "order"}, "conditions": {"weekdays": [5]}}),
    "Gold Wednesday triple points": lambda p: p["promotions"].append({
        "id": "gold-wednesday", "name": "Gold Wednesday", "effect": {"type": "points_multiplier", "factor": 3},
        "conditions": {"weekdays": [3], "tiers": ["gold"]}}),
    "no birthday week": lambda p: p.update(promotions=[x for x in p["promotions"] if x["id"] != "birthday-week"]),
    "birthday week twice a year": lambda p: p["promotions"][3]["conditions"]["max_uses"].update(count=2),
    "3 coffees in the morning earn 20 more": lambda p: p["promotions"].append({
        "id": "coffee-3", "name": "Three coffees", "effect": {"type": "bonus_points", "points": 20},
        "conditions": {"min_qty": 3, "match": {"categories": ["coffee"]},
                       "time_of_day": {"from": "07:00", "until": "11:00"}}}),
}


@pytest.mark.parametrize("draft", DRAFTS)
def test_replaying_only_the_members_a_changed_promotion_reaches_gives_what_replaying_everyone_gives(demo_store,
                                                                                                   draft):
    program = read_program(json.dumps(_with(DRAFTS[draft])))
    everyone, _ = run_backtest(demo_store, program, days=180, now=DEMO_NOW, workers=1, replay_current=True,
                               screen=False)
    reached, _ = run_backtest(demo_store, program, days=180, now=DEMO_NOW, workers=1, replay_current=True)
    assert reached.to_dict(rules=True) == everyone.to_dict(rules=True)
    assert reached.changed == everyone.changed
    assert reached.changed  # the draft does reach someone


def test_a_draft_with_one_more_discount_costs_more(demo_store):
    program = demo_program(version=2)
    program["promotions"].append({"id": "friday-5", "name": "Friday 5% off",
                                  "effect": {"type": "percent_off", "percent": 5, "scope": "order"},
                                  "conditions": {"weekdays": [5]}})
    result, _ = run_backtest(demo_store, read_program(json.dumps(program)), days=180, now=DEMO_NOW, workers=1)
    assert result.draft.discounts > result.recorded.discounts
    assert result.draft.paid < result.recorded.paid
    assert result.draft.rules["promotion:friday-5"].discounts > 0


def test_a_small_history_replays_as_computed_by_hand(till):
    # Coffee card: 3 stamps for a free coffee, 1 starter stamp; 1 point per NT$10.
    member = till.enrol()
    for day in ("2026-06-02 10:00", "2026-06-03 10:00", "2026-06-04 10:00"):
        till.pay(member.id, LATTE, when=day)
    draft = copy.deepcopy(PROGRAM)
    draft["version"] = 2
    draft["stamp_cards"][0]["required"] = 2
    draft["points"]["earn"]["spend"] = 5
    result, _ = run_backtest(till.path, read_program(json.dumps(draft)), days=30, now=at("2026-06-05 10:00"),
                             workers=1)
    # Recorded: 1+1 stamps, then 3 (full: free from the next sale on), then nothing more to pay.
    #   sale 1: paid 100, 10 pts; sale 2: paid 100, 10 pts; sale 3: card full, latte free: paid 0, 0 pts.
    # Draft (2 stamps a card, 1 point per NT$5): sale 1 opens the card at 1+1 = 2 (full);
    #   sale 2: latte free, paid 0, 0 pts; sale 3: stamp 1, paid 100, 20 pts.
    assert (result.recorded.paid, result.recorded.points_issued, result.recorded.free_items) == (200, 20, 1)
    assert (result.draft.paid, result.draft.points_issued, result.draft.free_items) == (200, 40, 1)
    assert result.draft.discounts == result.recorded.discounts == 100
    assert result.changed == {member.id}


def test_a_points_multiplier_shows_the_points_it_adds_on_its_own_row(tmp_path):
    def with_double(factor: int, version: int) -> dict:
        return {**PROGRAM, "version": version, "promotions": PROGRAM["promotions"] + [
            {"id": "double", "name": "Double points", "effect": {"type": "points_multiplier", "factor": factor}}]}
    path = tmp_path / "till.sqlite"
    create_store(path, program_text=json.dumps(with_double(2, 1)), now=at("2026-01-01 09:00"))
    till = Till(path)
    member = till.enrol()
    for day in ("2026-06-02 10:00", "2026-06-03 10:00"):  # 100 each: 10 points, doubled to 20
        till.pay(member.id, LATTE, when=day)
    result, _ = run_backtest(path, read_program(json.dumps(with_double(3, 2))), days=30,
                             now=at("2026-06-05 10:00"), workers=1)
    recorded, draft = result.recorded.rules, result.draft.rules
    assert (recorded["points"].points, recorded["promotion:double"].points) == (40, 20)
    assert (draft["points"].points, draft["promotion:double"].points) == (60, 40)
    assert result.draft.points_issued - result.recorded.points_issued == 20


class _FallingIds(random.Random):
    """Ids whose random bits fall: a later sale in the same millisecond gets the smaller id."""

    def __init__(self) -> None:
        super().__init__(1)
        self.left = 1 << 60

    def getrandbits(self, k: int) -> int:
        self.left -= 1
        return self.left % (1 << k)


def test_two_sales_at_the_same_instant_replay_in_the_order_they_were_made(till):
    member = till.enrol()
    till.now, ids = at("2026-06-02 10:00"), _FallingIds()
    for lines, ask in (([CAKE], 0), ([LATTE], "max")):  # the second pays with the points the first earned
        checkout(CheckoutCommand(basket=lines, identity=MemberIdentity.attached(member.id, "card"), redeem_points=ask),
                 uow=till.uow(), clock=till.clock, rng=till.rng, ids=ids)
    result, _ = run_backtest(till.path, read_program(json.dumps(PROGRAM)), days=30, now=at("2026-06-05 10:00"),
                             workers=1)
    assert result.recorded.points_redeemed_value == 20
    assert result.draft.to_dict(rules=False) == result.recorded.to_dict(rules=False)


def test_the_backtest_command_prints_the_figures_as_json(till, tmp_path):
    member = till.enrol()
    till.pay(member.id, LATTE, when="2026-06-02 10:00")
    draft = tmp_path / "draft.json"
    draft.write_text(json.dumps({**PROGRAM, "version": 2}), encoding="utf-8")
    run = subprocess.run([sys.executable, "main.py", "backtest", "--program", str(draft), "--days", "30",
                          "--db", str(till.path), "--at", "2026-06-05T10:00:00+08:00"],
                         capture_output=True, text=True, cwd=ROOT)
    out = json.loads(run.stdout)
    assert out["receipts"] == 1 and out["draft"] == out["recorded"]
    assert set(out["draft"]) >= {"discounts", "points_issued", "points_redeemed_value", "free_items", "prizes_cost",
                                 "members_affected", "paid"}


def test_the_backtest_command_refuses_a_bad_window_in_one_line(till, tmp_path):
    draft = tmp_path / "draft.json"
    draft.write_text(json.dumps(PROGRAM), encoding="utf-8")
    run = subprocess.run([sys.executable, "main.py", "backtest", "--program", str(draft), "--days", "0",
                          "--db", str(till.path)], capture_output=True, text=True, cwd=ROOT)
    assert (run.returncode, run.stderr) == (2, "error: --days: must be 1 to 3660\n")
