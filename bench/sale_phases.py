"""Where a checkout's time goes, phase by phase, on a store_bench store.

    python -m bench.sale_phases STORE --members N [--sales 300] [--seed 1]

Wraps the unit of work's methods a sale calls (opening the transaction, member, member state,
receipt, sequence numbers, ledger append, spend, uses, commit) and evaluate(), then sells `--sales`
checkouts the way store_bench's till variant does (FULL, idle-time checkpoints every 10 sales) and
prints, per phase, the mean wall time and the mean CPU time of this thread. Wall above CPU is
waiting: the fsync in the commit, pages read from disk elsewhere. The store gets the sales (use a
copy to compare code versions on the same data).
"""
from __future__ import annotations

import argparse
import collections
import functools
import gc
import random
import sqlite3
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Optional

import pos_loyalty.services.checkout as checkout_service
from bench.store_bench import TERMINAL, baskets
from db.store import SqlUnitOfWork, checkpoint, open_engine
from pos_loyalty.services.checkout import CheckoutCommand, checkout
from pos_loyalty.services.identity import MemberIdentity

PHASES = ("__enter__", "active_program", "member", "member_state", "add_receipt", "next_seq", "append", "add_spend",
          "add_uses", "commit", "__exit__")


class Phases:
    """Wall and CPU seconds per wrapped function, summed over the sales."""

    def __init__(self) -> None:
        self.wall: collections.Counter[str] = collections.Counter()
        self.cpu: collections.Counter[str] = collections.Counter()
        self._undo: list[tuple[object, str, object]] = []

    def wrap(self, owner: object, name: str) -> None:
        original = getattr(owner, name)

        @functools.wraps(original)
        def timed(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            wall, cpu = time.perf_counter(), time.thread_time()
            try:
                return original(*args, **kwargs)
            finally:
                self.wall[name] += time.perf_counter() - wall
                self.cpu[name] += time.thread_time() - cpu
        self._undo.append((owner, name, original))
        setattr(owner, name, timed)

    def restore(self) -> None:
        for owner, name, original in reversed(self._undo):
            setattr(owner, name, original)
        self._undo.clear()


def run(store: Path, *, members: int, sales: int, seed: int) -> tuple[list[float], list[float], Phases]:
    engine = open_engine(store, idle_checkpoints=True)
    uow = SqlUnitOfWork(engine, TERMINAL)
    rng = random.Random(seed)
    make = baskets(rng)
    with sqlite3.connect(store) as connection:  # the newest entry by row number: no scan of the ledger
        latest = connection.execute("SELECT at FROM ledger ORDER BY rowid DESC LIMIT 1").fetchone()[0]
    clock_at = [datetime.fromisoformat(latest) + timedelta(days=1)]

    def sale() -> None:
        clock_at[0] += timedelta(seconds=rng.randint(20, 400))
        member = f"M{rng.randrange(members) + 1:07d}"
        cmd = CheckoutCommand(basket=next(make), identity=MemberIdentity.attached(member, "card"),
                              redeem_points="max" if rng.random() < 0.08 else 0)
        checkout(cmd, uow=uow, clock=lambda: clock_at[0], rng=rng, ids=rng)

    phases = Phases()
    try:
        for i in range(min(30, sales)):  # warm the page cache and the statement caches, untimed
            sale()
            if i % 10 == 9:
                checkpoint(engine)
        for name in PHASES:
            phases.wrap(SqlUnitOfWork, name)
        phases.wrap(checkout_service, "evaluate")
        gc.collect()
        gc.freeze()  # as the till does once it is up
        walls, cpus = [], []
        for i in range(sales):
            wall, cpu = time.perf_counter(), time.thread_time()
            sale()
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.thread_time() - cpu) * 1000)
            if i % 10 == 9:
                checkpoint(engine)  # the till's idle timer, between customers: not timed
    finally:
        phases.restore()
        gc.unfreeze()
        engine.dispose()
    return walls, cpus, phases


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sale_phases", description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path, help="a store made by bench.store_bench (it gets the sales)")
    parser.add_argument("--members", type=int, required=True, help="members in that store")
    parser.add_argument("--sales", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    walls, cpus, phases = run(args.store, members=args.members, sales=args.sales, seed=args.seed)
    n = len(walls)
    ordered = sorted(walls)
    print(f"{n} sales: p50 {ordered[n // 2]:.2f} ms, p99 {ordered[min(n - 1, int(n * 0.99))]:.2f} ms, "
          f"mean wall {sum(walls) / n:.2f} ms, mean CPU {sum(cpus) / n:.2f} ms")
    for name in sorted(phases.wall, key=phases.wall.get, reverse=True):
        print(f"  {name:<16} wall {phases.wall[name] / n * 1000:6.3f} ms  cpu {phases.cpu[name] / n * 1000:6.3f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
