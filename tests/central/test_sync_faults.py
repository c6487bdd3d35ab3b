"""Fault schedules over 3 tills and a real central server process: after convergence 0 lost,
0 duplicated, identical balances on the server and every till, on SQLite and PostgreSQL.
(`python -m bench.sync_faults` runs >= 1,000 of them; here a few, plus the named faults.)"""
from __future__ import annotations

import itertools
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.central.faults import ACTIONS, FAULTS, MAX_DELAY, Chain, Step, scratch_folder
from tests.central.processes import CentralProcess

SEEDS = itertools.count(1)   # the server outlives one example: every example's tills make new ids
steps = st.lists(st.builds(Step, st.integers(0, 2), st.sampled_from(ACTIONS),
                           st.tuples(*[st.sampled_from(FAULTS)] * 3), st.floats(0, MAX_DELAY)),
                 min_size=1, max_size=8)


@pytest.fixture(params=["sqlite", "postgresql"])
def central(request):
    folder = scratch_folder("sync-faults-")
    db_url = str(folder / "central.sqlite") if request.param == "sqlite" else \
        request.getfixturevalue("postgres").create_database()
    server = CentralProcess(db_url).start()
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


def converges(central: CentralProcess, schedule: list[Step]) -> Chain:
    folder = scratch_folder("chain-")
    chain = Chain(folder, central, seed=next(SEEDS))
    try:
        chain.run(schedule)
        chain.check()
    finally:
        chain.close()
        shutil.rmtree(folder, ignore_errors=True)
    return chain


@settings(max_examples=3, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(schedule=steps)
def test_any_fault_schedule_converges_with_nothing_lost_or_doubled(central, schedule):
    converges(central, schedule)


def test_a_server_killed_mid_batch_and_restarted_loses_and_doubles_nothing(central):
    selling = [Step(till, "sale") for till in (0, 1, 2) for _ in range(4)]
    restarts = [Step(till, "restart_server", delay=delay) for till, delay in ((0, 0.0), (1, 0.01), (2, 0.03))]
    converges(central, [*selling, *restarts, Step(0, "sale"), Step(0, "restart_server", delay=0.005)])
    assert central.restarts == 4


def test_a_till_killed_with_sigkill_mid_sync_and_restarted_loses_and_doubles_nothing(central):
    selling = [Step(till, "sale") for till in (0, 1, 2) for _ in range(4)]
    kills = [Step(till, "kill_till", delay=delay) for till, delay in ((0, 0.0), (1, 0.01), (2, 0.04))]
    chain = converges(central, [*selling, *kills, Step(1, "redeem"), Step(1, "kill_till", delay=0.02)])
    assert chain.stats["kill_till"] == 4


def test_syncs_that_time_out_while_the_server_carries_on_lose_and_double_nothing(central):
    schedule = [step for till in (0, 1, 2) for step in (Step(till, "sale"), Step(till, "sale"),
                                                       Step(till, "sync", ("timeout", "timeout", "timeout")))]
    chain = converges(central, schedule)
    assert chain.stats["fault timeout"] == 9


def test_a_year_passing_on_tills_that_have_not_synced_expires_each_lot_once(central):
    earning = [Step(till, "sale") for till in (0, 1, 2)]
    chain = converges(central, [*earning, Step(0, "sync"), Step(1, "sync"), Step(2, "sync"), Step(0, "lapse"),
                                Step(0, "sale"), Step(1, "sale"), Step(2, "sale"),
                                Step(1, "sync", ("lose_answer", "none", "none")), Step(2, "kill_till", delay=0.01)])
    assert chain.stats["expiries settled by the server"] > 0
