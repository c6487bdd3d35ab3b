"""Backtest speed: replay the last N days of receipts under a draft, one process against two.

    python -m bench.backtest_bench [--receipts 1000000] [--members 100000] [--days 180] [--demo PATH]

The store is generated once into bench/out/ (receipts and their lines bulk-loaded with sqlite3,
members with no earlier history) and reused. The draft is the demo program plus "every Wednesday
triple points for gold members". Goals: 1,000,000 receipts < 60 s; the demo's 180 days < 5 s.
"""
from __future__ import annotations

import argparse
import json
import random
import sqlite3
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Optional

from db.backtest_run import run_backtest
from db.demo import DEMO_PROGRAM, create_store
from pos_loyalty import demo
from pos_loyalty.services.programs import read_program

OUT = Path(__file__).resolve().parent / "out"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
GENERATOR = 1
GOALS = {"1000000": 60.0, "demo": 5.0}


def draft_program() -> str:
    program = json.loads(DEMO_PROGRAM.read_text(encoding="utf-8"))
    program["version"] += 1
    program["promotions"].append({"id": "wednesday-gold-triple", "name": "Gold Wednesday: triple points",
                                  "names": {"zh_TW": "金卡週三三倍點數"},
                                  "effect": {"type": "points_multiplier", "factor": 3},
                                  "conditions": {"weekdays": [3], "tiers": ["gold"]}})
    return json.dumps(program)


def generated_store(receipts: int, members: int, days: int, out: Path = OUT) -> Path:
    path = out / f"backtest-{receipts}r-{members}m-{days}d-g{GENERATOR}.sqlite"
    if path.exists():
        return path
    building = path.with_name(path.name + ".building")
    building.unlink(missing_ok=True)
    create_store(building, now=NOW)
    rng = random.Random(7)
    catalogue = demo.products()
    connection = sqlite3.connect(building)
    connection.execute("PRAGMA synchronous=OFF")
    connection.executemany(
        "INSERT INTO members (id, name, phone, birthday, joined, consent, points, created_at) VALUES (?,?,?,?,?,?,0,?)",
        [(f"M{i:07d}", f"Member {i}", None, date(1970 + i % 40, 1 + i % 12, 1 + i % 28).isoformat(),
          "2024-01-01", 1, "2024-01-01T00:00:00.000000+00:00") for i in range(1, members + 1)])
    start = NOW - timedelta(days=days)
    body = json.dumps({"points_value": 0, "prizes": [], "cards_redeemed": []})
    batch_r, batch_l = [], []
    for n in range(receipts):
        at = start + timedelta(seconds=rng.randrange(days * 86400))
        receipt = f"R{n:09d}"
        member = f"M{rng.randrange(1, members + 1):07d}" if rng.random() < 0.8 else None
        lines = [catalogue[rng.randrange(len(catalogue))] for _ in range(1 + rng.randrange(4))]
        subtotal = sum(p.price for p in lines)
        batch_r.append((receipt, "T-01", member, at.strftime("%Y-%m-%dT%H:%M:%S.%f+00:00"), 1, subtotal, 0, 0,
                        subtotal, 0, "[]", body))
        batch_l.extend((receipt, i, p.sku, p.name, p.category, p.price, 1, 0, p.price) for i, p in enumerate(lines))
        if len(batch_r) >= 50_000 or n == receipts - 1:
            connection.executemany("INSERT INTO receipts VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", batch_r)
            connection.executemany("INSERT INTO receipt_lines VALUES (?,?,?,?,?,?,?,?,?)", batch_l)
            batch_r, batch_l = [], []
    connection.commit()
    connection.close()
    building.replace(path)
    return path


def timed(path: Path, *, days: int, now: datetime, workers: int) -> tuple[float, dict]:
    draft = read_program(draft_program())
    started = time.perf_counter()
    result, _ = run_backtest(path, draft, days=days, now=now, workers=workers, parts=workers * 4)
    return time.perf_counter() - started, result.to_dict(rules=False)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--receipts", type=int, default=1_000_000)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=180)
    parser.add_argument("--demo", help="also time a demo store (python main.py init --demo)")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    path = generated_store(args.receipts, args.members, args.days, out)
    print(f"store: {path.name} ({time.perf_counter() - started:.1f} s to get)")
    now = NOW + timedelta(seconds=1)
    for workers in (1, 2):
        seconds, figures = timed(path, days=args.days, now=now, workers=workers)
        print(f"backtest {figures['receipts']:,} receipts, {workers} process(es): {seconds:.2f} s "
              f"({figures['receipts'] / seconds:,.0f} receipts/s)")
    if args.receipts >= 1_000_000:
        print(f"goal 1,000,000 receipts < {GOALS['1000000']:.0f} s")
    if args.demo:
        demo_path = Path(args.demo)
        with sqlite3.connect(demo_path) as connection:
            latest = datetime.fromisoformat(connection.execute("SELECT max(at) FROM receipts").fetchone()[0])
        for workers in (1, 2):
            seconds, figures = timed(demo_path, days=180, now=latest + timedelta(seconds=1), workers=workers)
            print(f"demo store, 180 days ({figures['receipts']:,} receipts), {workers} process(es): {seconds:.2f} s "
                  f"(goal < {GOALS['demo']:.0f} s)")
    return 0


QUICK_ARGS = ["--receipts", "20000", "--members", "2000", "--days", "90"]

if __name__ == "__main__":
    raise SystemExit(main())
