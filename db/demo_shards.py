"""The demo's sales on every core: members are independent, so each shard of members is sold in its
own forked process (each sale draws from its own seeded generator, so who sells it does not matter),
and the rows come back to be written in the order the sales were made.

A sale reads only its own member's state: the program, the basket and the instant are the same
whichever process evaluates it. Ledger sequence numbers are the one thing shared, and they are
given at write time in sale order (db.demo_sales.write_sales), as the checkouts' next_seq would.
"""
from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
import time
from typing import Any, Callable, Optional, Sequence

from db.demo_sales import CacheRows, DemoSales, SaleRows

Numbered = Sequence[tuple[int, Any]]          # (sale number, what the seller needs to make it)
Seller = Callable[[DemoSales, Numbered], None]  # sells each item in order: one committed checkout each
MIN_SALES_PER_PROCESS = 1500                  # below this a fork costs more than it saves
GROUPS_PER_PROCESS = 8                        # groups the processes take in turn: the last to finish waits
                                              # at most one group (~1/16 of the sales on two cores)

_JOB: Optional[tuple[DemoSales, list[Numbered], Seller, Any]] = None  # read by the forked workers


def cores(sales: int) -> int:
    """How many processes to sell `sales` on: the cores this process may use and nobody else keeps
    busy right now (idle_cores; at most 4), fewer for small loads, one where other threads run (forking a threaded
    process can leave a lock held). On a machine already loaded a second process only added the
    fork's cost (41.5 s against 37.0 s on two cores at load 9.6: bench.demo_bench)."""
    if threading.active_count() > 1:
        return 1
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    wanted = min(usable, 4, sales // MIN_SALES_PER_PROCESS)
    if wanted <= 1:
        return 1
    return max(1, min(wanted, idle_cores(usable)))


def idle_cores(usable: int, window: float = 0.05) -> int:
    """Cores nobody keeps busy right now: the machine's idle time over `window` seconds from
    /proc/stat (the load average lags a minute: just after `make run` installed the venv it still
    said one core was busy when both were idle). Where /proc/stat is missing, the load average."""
    first = _cpu_times()
    if first is None:
        return usable - int(os.getloadavg()[0]) if hasattr(os, "getloadavg") else usable
    time.sleep(window)
    second = _cpu_times()
    if second is None:
        return usable
    total = second[0] - first[0]
    idle_share = (second[1] - first[1]) / total if total > 0 else 1.0
    machine = os.cpu_count() or usable
    return min(usable, int(idle_share * machine + 0.25))   # a core 75 % idle counts as idle


def _cpu_times() -> Optional[tuple[int, int]]:
    """(all jiffies, idle + iowait jiffies) of the whole machine, or None off Linux."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(value) for value in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    return sum(fields[:8]), fields[3] + (fields[4] if len(fields) > 4 else 0)


def shards_by_member(items: Numbered, member_of: Callable[[Any], str], count: int) -> list[list[tuple[int, Any]]]:
    """`items` split in `count` shards of whole members, about the same number of sales each, each in
    sale order."""
    per_member: dict[str, int] = {}
    for _, item in items:
        per_member[member_of(item)] = per_member.get(member_of(item), 0) + 1
    load = [0] * count
    shard_of: dict[str, int] = {}
    for member, sales in sorted(per_member.items(), key=lambda kv: (-kv[1], kv[0])):
        shard = load.index(min(load))
        shard_of[member] = shard
        load[shard] += sales
    shards: list[list[tuple[int, Any]]] = [[] for _ in range(count)]
    for number, item in items:
        shards[shard_of[member_of(item)]].append((number, item))
    return [shard for shard in shards if shard]


def sell_on_cores(sales: DemoSales, items: Numbered, *, member_of: Callable[[Any], str], sell: Seller,
                  processes: int, meanwhile: Optional[Callable[[], Any]] = None
                  ) -> tuple[list[SaleRows], list[CacheRows]]:
    """Every item sold (into copies of `sales`, one per process), as rows in sale order and the caches.

    The members are cut into small groups that the processes take one at a time, whoever is free:
    on a shared machine a process that gets less of a core simply sells fewer groups. `meanwhile`
    (work of the caller's own that does not wait for the sales, e.g. signing the members' cards) runs
    in this process once the others have started; this process then sells what is left. Returns
    when every group is sold (and `meanwhile` has run)."""
    global _JOB
    count = max(1, processes)
    groups = shards_by_member(items, member_of, count * GROUPS_PER_PROCESS if count > 1 else 1)
    if count == 1:
        if meanwhile is not None:
            meanwhile()
        _JOB = (sales, groups, sell, _Taken())
        try:
            results = [_sell_groups(0)]
        finally:
            _JOB = None
    else:
        context = multiprocessing.get_context("fork")
        _JOB = (sales, groups, sell, context.Value("i", 0))
        try:
            with context.Pool(count - 1) as pool:
                others = pool.map_async(_sell_groups, range(1, count))
                if meanwhile is not None:
                    meanwhile()
                results = [_sell_groups(0), *others.get()]
        finally:
            _JOB = None
    numbered = sorted((number, rows) for numbers, sale_rows, _ in results for number, rows in zip(numbers, sale_rows))
    if len(numbered) != len(items):
        raise RuntimeError(f"the demo's sellers sold {len(numbered)} of {len(items)} sales")
    return [rows for _, rows in numbered], [caches for _, _, caches in results]


def _sell_groups(_: int) -> tuple[list[int], list[SaleRows], CacheRows]:
    """Take the next unsold group until none is left, all into one DemoSales (members are
    independent: one seller may sell several groups one after the other)."""
    assert _JOB is not None
    template, groups, sell, taken = _JOB
    mine = template.fresh()
    numbers: list[int] = []
    while (index := _next(taken)) < len(groups):
        before = mine.sold
        sell(mine, groups[index])
        if mine.sold - before != len(groups[index]):
            raise RuntimeError(f"a demo group sold {mine.sold - before} of its {len(groups[index])} sales")
        numbers.extend(number for number, _ in groups[index])
    return numbers, mine.sale_rows(), mine.cache_rows()


def _next(taken: Any) -> int:
    with taken.get_lock():
        index = taken.value
        taken.value += 1
    return index


class _Taken:
    """The groups taken so far, in one process (the shared Value's interface, without a lock)."""

    value = 0

    def get_lock(self) -> Any:
        return contextlib.nullcontext()


__all__ = ["cores", "sell_on_cores", "shards_by_member"]
