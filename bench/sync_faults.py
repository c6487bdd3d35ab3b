"""`python -m bench.sync_faults --schedules 1000 [--postgres] [--workers 3]`: random fault schedules
over 3 tills and a real central server process (see tests/central/faults.py): dropped requests,
answers lost after commit, duplicated and reordered batches, timeouts, the server killed with
SIGKILL mid-batch and restarted, a till killed with SIGKILL mid-sync and restarted, a year passing
(the member's points lapse, each till expires what it sees). Prints how many
converged with 0 lost, 0 duplicated and identical balances, and where the kills landed. Exit 1 if
one did not (its schedule is printed; `--first N --schedules 1` runs it again alone).

Workers run schedules side by side, each with its own server process and central store (on one
PostgreSQL cluster with --postgres): a schedule mostly waits (kills, restarts, loopback round trips),
so two or three workers use a 2-core machine without crowding it."""
from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import shutil
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent


def _bytecode_cached() -> None:
    """Every worker, its fork server and every server start (Alembic loads the migrations from
    source) compiled everything again under this tree's PYTHONDONTWRITEBYTECODE=1: ~8 s per worker
    before its first schedule at load 7, ~0.03 s per restart (tests.fixtures.central.children_reuse_bytecode)."""
    _importable()
    from tests.fixtures.central import children_reuse_bytecode
    children_reuse_bytecode()
    sys.dont_write_bytecode = False
    sys.pycache_prefix = os.environ["PYTHONPYCACHEPREFIX"]
    # multiprocessing starts its workers and fork servers with -B (this interpreter's start-up flag),
    # so they only read bytecode: this process imports what they load once, writing it for them.
    import importlib
    from tests.central.processes import PRELOAD
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:      # e.g. uvicorn's optional httptools/websockets: the fork server skips them too
            pass
    import compileall            # Alembic loads the migrations from their files at every server start
    compileall.compile_dir(ROOT / "pos_loyalty" / "central" / "migrations", quiet=1)


def _importable() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))      # the fault schedules live in the test tree


def run_schedules(db_url: str, numbers: list[int], seed: int, steps: int, started: float,
                  deadline: float = float("inf")) -> tuple[Counter, int, str]:
    """One worker: its own server process on `db_url`; returns (stats, server restarts, failure or '').
    No schedule starts after `deadline` (time.time())."""
    _importable()
    from tests.central.faults import Chain, random_schedule, scratch_folder
    from tests.central.processes import CentralProcess

    folder = scratch_folder("sync-faults-")
    if "://" not in db_url:
        db_url = str(folder / db_url)
    central = CentralProcess(db_url).start()
    stats: Counter = Counter()
    try:
        for number in numbers:
            if time.time() > deadline:
                stats["left at the time limit"] += 1
                continue
            schedule = random_schedule(random.Random(seed * 100_000 + number), steps)
            chain = Chain(folder / f"s{number}", central, seed=seed * 100_000 + number)
            try:
                chain.run(schedule)
                chain.check()
            except AssertionError as error:
                failure = f"schedule {number} FAILED: {error}\n{schedule}"
                print(failure, flush=True)
                return stats, central.restarts, failure
            finally:
                chain.close()
                shutil.rmtree(folder / f"s{number}", ignore_errors=True)
            stats.update(chain.stats)
            stats["schedules"] += 1
            if number % 50 == 0:
                print(f"schedule {number} converged ({time.time() - started:.0f} s)", flush=True)
    finally:
        central.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return stats, central.restarts, ""


def _worker(job: tuple) -> tuple[Counter, int, str]:
    return run_schedules(*job)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sync_faults")
    parser.add_argument("--schedules", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=12)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--first", type=int, default=1, help="number of the first schedule (to run one again)")
    parser.add_argument("--workers", type=int, default=1, help="schedules side by side, each with its own server")
    parser.add_argument("--minutes", type=float, default=0,
                        help="start no schedule after this many minutes (0: no limit); the summary says how many ran")
    parser.add_argument("--postgres", action="store_true", help="the central store on a PostgreSQL of its own")
    args = parser.parse_args(argv)
    if args.schedules < 1 or args.steps < 1 or not 1 <= args.workers <= 8:
        print("error: --schedules and --steps are at least 1, --workers 1..8", file=sys.stderr)
        return 2
    _bytecode_cached()
    from tests.fixtures.central import PostgresServer

    postgres = PostgresServer() if args.postgres else None
    numbers = list(range(args.first, args.first + args.schedules))
    shares = [numbers[i::args.workers] for i in range(args.workers)]
    started = time.time()
    try:
        deadline = started + args.minutes * 60 if args.minutes > 0 else float("inf")
        jobs = [(postgres.create_database() if postgres else "central.sqlite", share, args.seed, args.steps, started,
                 deadline) for share in shares if share]
        if len(jobs) == 1:
            results = [_worker(jobs[0])]
        else:
            with ProcessPoolExecutor(len(jobs), mp_context=multiprocessing.get_context("spawn")) as pool:
                results = list(pool.map(_worker, jobs))
    finally:
        if postgres:
            postgres.stop()
    seconds = time.time() - started
    stats = Counter()
    for part, _restarts, _failure in results:
        stats.update(part)
    restarts = sum(r for _s, r, _f in results)
    failures = [f for _s, _r, f in results if f]
    if stats["left at the time limit"]:
        print(f"time limit of {args.minutes:g} minutes: {stats['left at the time limit']:,} of {args.schedules:,} "
              "schedules not started")
    store = "PostgreSQL" if args.postgres else "SQLite"
    verdict = ("all converged, 0 lost, 0 duplicated, identical balances on the server and every till, "
               "ledger verify clean" if not failures else f"{len(failures)} FAILED")
    print(f"{stats['schedules']:,} schedules x {args.steps} steps over 3 tills ({store} central store, "
          f"{len(jobs)} worker(s)): {verdict}; {seconds:.1f} s ({seconds / max(1, stats['schedules']):.2f} s per "
          f"schedule)")
    print(f"  {stats['entries']:,} entries; {sum(n for k, n in stats.items() if k.startswith('fault ')):,} request "
          "faults: " + ", ".join(f"{k[6:]} {n:,}" for k, n in sorted(stats.items()) if k.startswith("fault ")))
    print(f"  server killed and restarted {restarts:,} times: " + ", ".join(
        f"{k[len('server killed '):]} {n:,}" for k, n in sorted(stats.items()) if k.startswith("server killed")))
    print(f"  tills killed and restarted {stats['kill_till']:,} times: " + ", ".join(
        f"{k[len('till killed '):]} {n:,}" for k, n in sorted(stats.items()) if k.startswith("till killed")))
    print(f"  a year passed on every till {stats['lapse']:,} times (points lapse after 365 days): "
          f"{stats['expiries settled by the server']:,} expiries settled by the server")
    overdrawn = {k: n for k, n in stats.items() if "overdrawn" in k or k == "redeem refused"}
    if overdrawn:
        print("  offline spending: " + ", ".join(f"{k} {n:,}" for k, n in sorted(overdrawn.items())))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
