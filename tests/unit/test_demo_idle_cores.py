"""init --demo sells on the cores idle right now, not on what the minute's load average remembers."""
import multiprocessing
import os
import time

import pytest

from db.demo_shards import cores, idle_cores


def _spin(seconds: float, spinning) -> None:  # noqa: ANN001 - a multiprocessing Event
    spinning.set()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


@pytest.mark.skipif(not os.path.exists("/proc/stat"), reason="reads Linux's /proc/stat")
def test_cores_every_core_keeps_busy_are_not_counted_idle():
    machine = os.cpu_count() or 1
    context = multiprocessing.get_context("spawn")
    started = [context.Event() for _ in range(machine)]
    spinners = [context.Process(target=_spin, args=(30.0, event)) for event in started]
    for spinner in spinners:
        spinner.start()
    try:
        assert all(event.wait(60) for event in started)   # every spawned interpreter is up and spinning
        assert idle_cores(machine, window=0.5) == 0
        assert cores(1_000_000) == 1                 # so the demo sells on one process
    finally:
        for spinner in spinners:
            spinner.terminate()
            spinner.join()


def test_idle_cores_never_says_more_than_the_process_may_use():
    assert 0 <= idle_cores(1, window=0.05) <= 1


def test_a_small_demo_is_sold_on_one_process_without_measuring():
    started = time.monotonic()
    assert cores(100) == 1
    assert time.monotonic() - started < 0.04
