"""A reached member is replayed from the first sale a changed promotion reaches, their state moved
past the earlier sales as recorded; where the recorded sales do not follow from the state, from the
window's start."""
from __future__ import annotations

import copy
import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from db.backtest_run import run_backtest
from db.backtest_source import active_version, connect, programs, read_part
from pos_loyalty.reports.backtest import moved, recorded_state, replay_member
from pos_loyalty.services.adjustments import PointsAdjustment, adjust_points
from pos_loyalty.services.checkout import spend_since
from pos_loyalty.services.programs import read_program

from tests.integration.conftest import CAKE, DEMO_NOW, LATTE, PROGRAM, at


def _replayed_state(program, history):  # noqa: ANN001, ANN202
    """The state a replay of all the member's sales reaches (as replay_member moves it)."""
    state = history.start
    for sale, receipt in replay_member(program, history):
        horizon = spend_since(program, sale.at)
        state = moved(replace(state, history=tuple(r for r in state.history if r.at >= horizon)), receipt, sale.at)
    return state


def test_moving_each_demo_member_past_their_sales_as_recorded_gives_the_state_their_replay_reaches(demo_store):
    connection = connect(demo_store)
    try:
        published = programs(connection)[active_version(connection)]
        data = read_part(connection, start=DEMO_NOW - timedelta(days=180), moves=True)
    finally:
        connection.close()
    compared = 0
    for history in data.members:
        assert recorded_state(published, history.start, history.sales) == _replayed_state(published, history)
        compared += len(history.sales)
    assert compared > 500


def test_a_demo_draft_replayed_from_each_members_first_reached_sale_gives_what_replaying_everyone_gives(demo_store):
    body = json.loads(json.dumps(PROGRAM_OF_DEMO(demo_store)))
    body["version"] += 1
    body["promotions"].append({"id": "friday-5", "name": "Friday 5% off", "members_only": False,
                               "effect": {"type": "percent_off", "percent": 5, "scope": "order"},
                               "conditions": {"weekdays": [5]}})
    draft = read_program(json.dumps(body))
    everyone, _ = run_backtest(demo_store, draft, days=180, now=DEMO_NOW, workers=1, replay_current=True,
                              screen=False)
    reached, _ = run_backtest(demo_store, draft, days=180, now=DEMO_NOW, workers=1, replay_current=True)
    assert reached.to_dict(rules=True) == everyone.to_dict(rules=True)
    assert reached.changed == everyone.changed and reached.changed


def PROGRAM_OF_DEMO(path: Path) -> dict:  # noqa: N802 - reads like the constant it stands for
    connection = connect(path)
    try:
        return json.loads(connection.execute("SELECT body FROM programs WHERE active = 1").fetchone()[0])
    finally:
        connection.close()


def test_a_member_whose_points_were_adjusted_between_sales_is_replayed_from_the_windows_start(till):
    member = till.enrol()
    till.pay(member.id, LATTE, when="2026-06-02 10:00")  # Tuesday: 10 points
    till.now = at("2026-06-03 10:00")
    adjust_points(PointsAdjustment(member.id, 50, "goodwill"), uow=till.uow(), clock=till.clock)
    till.pay(member.id, CAKE, redeem_points="max", when="2026-06-04 10:00")  # Thursday: pays 60 points
    till.pay(member.id, LATTE, when="2026-06-05 10:00")  # Friday: the draft's promotion reaches this one
    draft = copy.deepcopy(PROGRAM)
    draft["version"] = 2
    draft["promotions"].append({"id": "friday-5", "name": "Friday 5% off",
                                "effect": {"type": "percent_off", "percent": 5, "scope": "order"},
                                "conditions": {"weekdays": [5]}})
    program, now = read_program(json.dumps(draft)), at("2026-06-06 10:00")

    connection = connect(till.path)
    try:
        published = programs(connection)[1]
        (history,) = read_part(connection, start=now - timedelta(days=30), moves=True).members
    finally:
        connection.close()
    # The Thursday receipt paid with points the window's replay never had: it does not follow.
    assert recorded_state(published, history.start, history.sales[:1]) is not None
    assert recorded_state(published, history.start, history.sales[:2]) is None

    everyone, _ = run_backtest(till.path, program, days=30, now=now, workers=1, replay_current=True,
                              screen=False)
    reached, _ = run_backtest(till.path, program, days=30, now=now, workers=1, replay_current=True)
    # (The recorded side differs by the adjustment, as documented: unreached receipts count as recorded.)
    assert reached.draft.to_dict(rules=True) == everyone.draft.to_dict(rules=True)
    assert reached.draft.points_redeemed_value == 10  # the replay had 10 points to pay with, not 60
    assert reached.changed == everyone.changed == {member.id}
