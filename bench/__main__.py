"""Run every benchmark: `python -m bench [--quick] [NAME ...]`.

A benchmark is any module under bench/ whose name ends in `_bench` and that has `main()`
(engine_bench and store_bench first, then the others, e.g. cards.decode_bench, till.till_bench).
Each runs in turn; one that fails or is missing is reported and the rest still run. A summary
ends the output; the exit status is 1 if any benchmark failed.

--quick passes small sizes for a fast sanity run: the arguments in QUICK below, or a module's own
`QUICK_ARGS` list when it defines one. NAMEs keep only benchmarks whose name contains one of them.
"""
from __future__ import annotations

import argparse
import importlib
import inspect
import pkgutil
import sys
import time
import traceback
from pathlib import Path
from typing import Optional

FIRST = ("bench.engine_bench", "bench.store_bench")
EXPECTED = ("bench.cards.decode_bench", "bench.cards.payload_bench", "bench.till.till_bench")
QUICK: dict[str, list[str]] = {
    "bench.engine_bench": ["--iterations", "500"],
    "bench.store_bench": ["--members", "20000", "--entries", "200000", "--lookups", "2000", "--checkouts", "60"],
    "bench.cards.decode_bench": ["--codes", "60", "--empty", "10", "--no-write"],
    "bench.cards.payload_bench": ["--seconds", "0.2", "--no-write"],
    "bench.till.till_bench": ["--scans", "20", "--no-write"],
}


def discover() -> list[str]:
    """bench modules named *_bench, the core two first; expected ones listed even when absent."""
    root = Path(__file__).resolve().parent
    found = {info.name for info in pkgutil.walk_packages([str(root)], prefix="bench.", onerror=lambda _: None)
             if info.name.rsplit(".", 1)[-1].endswith("_bench")}
    rest = sorted((found | set(EXPECTED)) - set(FIRST))
    return [*FIRST, *rest]


def run_one(name: str, quick: bool) -> tuple[str, float]:
    started = time.perf_counter()
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as error:
        status = "not present" if error.name and name.startswith(error.name) else f"FAILED: cannot import ({error})"
        return status, time.perf_counter() - started
    except Exception as error:  # noqa: BLE001 - a broken module must not stop the others
        traceback.print_exc()
        return f"FAILED: cannot import ({type(error).__name__}: {error})", time.perf_counter() - started
    main = getattr(module, "main", None)
    if not callable(main):
        return "skipped: no main()", time.perf_counter() - started
    args = list(getattr(module, "QUICK_ARGS", QUICK.get(name, []))) if quick else []
    saved = sys.argv
    sys.argv = [name, *args]  # for a main() that reads sys.argv itself
    try:
        result = main(args) if inspect.signature(main).parameters else main()
        status = "ok" if result in (0, None) else f"FAILED: exit status {result}"
    except SystemExit as stop:
        status = "ok" if stop.code in (0, None) else f"FAILED: exit status {stop.code}"
    except Exception as error:  # noqa: BLE001
        traceback.print_exc()
        status = f"FAILED: {type(error).__name__}: {error}"
    finally:
        sys.argv = saved
    return status, time.perf_counter() - started


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a fast sanity run")
    parser.add_argument("names", nargs="*", help="run only benchmarks whose module name contains one of these")
    args = parser.parse_args(argv)
    modules = [m for m in discover() if not args.names or any(n in m for n in args.names)]
    results: list[tuple[str, str, float]] = []
    for name in modules:
        print(f"\n=== {name}{' (quick)' if args.quick else ''} ===", flush=True)
        status, seconds = run_one(name, args.quick)
        if status != "ok":
            print(f"  {status}")
        results.append((name, status, seconds))
        sys.stdout.flush()
    print("\n=== summary ===")
    width = max((len(name) for name, _, _ in results), default=10)
    for name, status, seconds in results:
        print(f"  {name:<{width}}  {seconds:7.1f} s  {status}")
    return 1 if any(status.startswith("FAILED") for _, status, _ in results) else 0


if __name__ == "__main__":
    sys.exit(main())
