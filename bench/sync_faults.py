"""`python -m bench.sync_faults --schedules 1000`: random fault schedules over 3 tills and a real
central server (see tests/central/faults.py); prints how many converged with 0 lost, 0 duplicated
and identical balances. Exit 1 on the first schedule that does not."""
from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path
from typing import Optional


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sync_faults")
    parser.add_argument("--schedules", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=12)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--postgres", action="store_true", help="the central store on a PostgreSQL of its own")
    args = parser.parse_args(argv)
    from pos_loyalty.central.app import create_app
    from pos_loyalty.central.settings import CentralSettings
    from tests.central.faults import Chain, random_schedule
    from tests.fixtures.central import Clock, PostgresServer, start_in_thread

    folder = Path(tempfile.mkdtemp(prefix="sync-faults-"))
    postgres = PostgresServer() if args.postgres else None
    db_url = postgres.create_database() if postgres else str(folder / "central.sqlite")
    url, stop = start_in_thread(create_app(CentralSettings(db_url=db_url, clock=Clock())))
    rng = random.Random(args.seed)
    started, faults = time.perf_counter(), 0
    try:
        for number in range(1, args.schedules + 1):
            schedule = random_schedule(rng, args.steps)
            faults += sum(f != "none" for step in schedule if step.action == "sync" for f in step.faults)
            chain = Chain(folder / f"s{number}", url, db_url, seed=args.seed * 100_000 + number)
            try:
                chain.run(schedule)
                chain.check()
            except AssertionError as error:
                print(f"schedule {number} FAILED: {error}\n{schedule}")
                return 1
            finally:
                chain.close()
                shutil.rmtree(folder / f"s{number}", ignore_errors=True)
            if number % 50 == 0:
                print(f"{number} schedules converged ({time.perf_counter() - started:.0f} s)", flush=True)
    finally:
        stop()
        if postgres:
            postgres.stop()
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{args.schedules} schedules x {args.steps} steps over 3 tills, {faults} injected faults "
          f"({'PostgreSQL' if args.postgres else 'SQLite'}): all converged, 0 lost, 0 duplicated, "
          f"identical balances; {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
