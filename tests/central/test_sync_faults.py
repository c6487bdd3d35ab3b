"""Hypothesis-generated fault schedules over 3 tills: after convergence 0 lost, 0 duplicated,
identical balances on the server and every till. (`python -m bench.sync_faults` runs >= 1,000.)"""
from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.central.faults import ACTIONS, FAULTS, Chain, Step

SEEDS = itertools.count(1)   # the server outlives one example: every example's tills make new ids
steps = st.lists(st.builds(Step, st.integers(0, 2), st.sampled_from(ACTIONS),
                           st.tuples(*[st.sampled_from(FAULTS)] * 3)), min_size=1, max_size=12)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(schedule=steps)
def test_any_fault_schedule_converges_with_nothing_lost_or_doubled(central_server, schedule):
    folder = Path(tempfile.mkdtemp(prefix="sync-faults-"))
    chain = Chain(folder, central_server.url, central_server.db_url, seed=next(SEEDS))
    try:
        chain.run(schedule)
        chain.check()
    finally:
        chain.close()
