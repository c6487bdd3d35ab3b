"""How long `init --demo` takes without the template cache: `python -m bench.demo_bench [--members 500]`.

The same demo shop (same seed, same instant) is built three ways, each into a fresh file:
  bulk, every core     the sales through checkout() into memory, sold by one process per core
                       (init --demo itself uses the cores idle in /proc/stat at its start)
  bulk, one process    the same on one core
  one by one           checkout() into the store, one transaction per sale (what a till does; the
                       build before bulk loading, and the reference tests/integration/test_demo_bulk.py
                       compares the bulk build with row by row)
Figures include migrations, enrolments, cards and staff, not the interpreter's imports (about 1.5 s
more for `python main.py init --demo`). The load average is printed: other work on the machine
slows every figure.
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

QUICK_ARGS = ["--members", "100"]


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.demo_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--out", type=Path, default=None, help="folder for the stores (default: a temporary one)")
    parser.add_argument("--skip-one-by-one", action="store_true", help="leave out the slow reference build")
    args = parser.parse_args(argv)
    from db.demo import create_store
    from db.demo_shards import MIN_SALES_PER_PROCESS, cores

    now = datetime.now(timezone.utc)  # one instant for all three: the same shop each time
    usable = len(os.sched_getaffinity(0))
    ways = [("bulk, every core", dict(bulk=True, processes=usable)), ("bulk, one process", dict(bulk=True, processes=1))]
    if not args.skip_one_by_one:
        ways.append(("one by one", dict(bulk=False)))
    print(f"demo store, {args.members} members, load average {os.getloadavg()[0]:.1f} "
          f"({usable} cores usable; init --demo forks from {MIN_SALES_PER_PROCESS:,} sales a process)")
    with tempfile.TemporaryDirectory(dir=args.out) as folder:
        seconds: dict[str, float] = {}
        for number, (name, options) in enumerate(ways):
            path = Path(folder) / f"demo-{number}.sqlite"
            started = time.perf_counter()
            report = create_store(path, demo=True, members=args.members, now=now, **options)
            seconds[name] = time.perf_counter() - started
            print(f"  {name:<18} {seconds[name]:6.2f} s  {report['receipts']:,} receipts, "
                  f"{options.get('processes', 1)} process(es), {report['receipts'] / seconds[name]:,.0f} sales/s")
        print(f"  init --demo would sell on {cores(report['receipts'])} process(es) now (cores idle right now)")
        if "one by one" in seconds:
            best = min(seconds["bulk, every core"], seconds["bulk, one process"])
            print(f"  bulk is {seconds['one by one'] / best:.1f}x faster than one by one")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
