"""Backtest speed: replay the last N days of receipts under a draft, one process against two.

    python -m bench.backtest_bench [--receipts 1000000] [--members 100000] [--days 180] [--demo PATH]

The store is generated once into bench/out/ and reused: random baskets of the demo's products, each
sale evaluated by the engine under the demo program as its checkout would have been (so the receipts
hold real discounts, points and bodies), bulk-loaded with sqlite3; members with no earlier history. The draft is the demo program plus "every Wednesday
triple points for gold members". Goals: 1,000,000 receipts < 60 s; the demo's 180 days < 5 s.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import sqlite3
import threading
import time
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Optional

from db.backtest_run import run_backtest
from db.demo import DEMO_PROGRAM, create_store
from pos_loyalty import demo
from pos_loyalty.engine import evaluate
from pos_loyalty.engine.member import MemberId, MemberState
from pos_loyalty.reports.backtest import moved
from pos_loyalty.services.checkout import spend_since
from pos_loyalty.services.programs import read_program

OUT = Path(__file__).resolve().parent / "out"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
GENERATOR = 2  # 2: receipts as the program gives them (1 recorded no discounts and no points)
SHARDS = 16
GOALS = {"1000000": 60.0, "demo": 5.0}


def draft_program() -> str:
    program = json.loads(DEMO_PROGRAM.read_text(encoding="utf-8"))
    program["version"] += 1
    program["promotions"].append({"id": "wednesday-gold-triple", "name": "Gold Wednesday: triple points",
                                  "names": {"zh_TW": "金卡週三三倍點數"},
                                  "effect": {"type": "points_multiplier", "factor": 3},
                                  "conditions": {"weekdays": [3], "tiers": ["gold"]}})
    return json.dumps(program)


def _sales(receipts: int, members: int, days: int) -> list[tuple[str, Optional[int], datetime, list, bool]]:
    """(receipt id, member number or None, instant, basket, pays with points) for every sale, by time."""
    rng = random.Random(7)
    catalogue = demo.products()
    start = NOW - timedelta(days=days)
    sales = []
    for n in range(receipts):
        at = start + timedelta(seconds=rng.randrange(days * 86400))
        member = rng.randrange(1, members + 1) if rng.random() < 0.8 else None
        basket = [catalogue[rng.randrange(len(catalogue))].line(1) for _ in range(1 + rng.randrange(4))]
        sales.append((f"R{n:09d}", member, at, basket, rng.random() < 0.08))
    sales.sort(key=lambda sale: (sale[2], sale[0]))
    return sales


def _evaluated(args: tuple) -> list[tuple]:
    """One shard's sales through the engine, member by member as checkouts would have gone: rows
    for receipts, their lines and adjustments (a worker process; the program is the demo's)."""
    sales, program_text = args
    program = read_program(program_text)
    states: dict[int, MemberState] = {}
    rows = []
    for receipt_id, member, at, basket, pays in sales:
        state = states.get(member) if member is not None else None
        if member is not None and state is None:
            state = MemberState(id=MemberId(f"M{member:07d}"), joined=date(2024, 1, 1),
                                birthday=date(1970 + member % 40, 1 + member % 12, 1 + member % 28))
        receipt = evaluate(program, state, basket, at=at, rng=random.Random(receipt_id),
                           redeem_points="max" if pays and state is not None else 0)
        if state is not None:
            after, horizon = moved(state, receipt, at), spend_since(program, at)
            states[member] = replace(after, history=tuple(r for r in after.history if r.at >= horizon))
        body = receipt.to_dict()
        rows.append(((receipt_id, "T-01", body["member"], at.strftime("%Y-%m-%dT%H:%M:%S.%f+00:00"),
                      program.version, receipt.subtotal, receipt.discount_total, receipt.points_used, receipt.total,
                      receipt.points_earned, "[]", json.dumps(body)),
                     [(receipt_id, l["line"], l["sku"], l["name"], l["category"], l["price"], l["qty"],
                       l["item_discount"] + l["order_discount"], l["paid"]) for l in body["lines"]],
                     [(receipt_id, a["source"], a["amount"], a["explain"]) for a in body["adjustments"]]))
    return rows


def generated_store(receipts: int, members: int, days: int, out: Path = OUT) -> Path:
    """A store whose receipts are what the demo program gives (every sale evaluated by the engine,
    member by member, state moving): so replaying that program gives back what was recorded. The
    window covers the whole history (no balances before it). Built once on both cores, reused."""
    path = out / f"backtest-{receipts}r-{members}m-{days}d-g{GENERATOR}.sqlite"
    if path.exists():
        return path
    building = path.with_name(path.name + ".building")
    building.unlink(missing_ok=True)
    create_store(building, now=NOW)
    connection = sqlite3.connect(building)
    connection.execute("PRAGMA synchronous=OFF")
    connection.executemany(
        "INSERT INTO members (id, name, phone, birthday, joined, consent, points, created_at) VALUES (?,?,?,?,?,?,0,?)",
        [(f"M{i:07d}", f"Member {i}", None, date(1970 + i % 40, 1 + i % 12, 1 + i % 28).isoformat(),
          "2024-01-01", 1, "2024-01-01T00:00:00.000000+00:00") for i in range(1, members + 1)])
    connection.commit()
    sales = _sales(receipts, members, days)
    # Shards by member (guests by receipt number): each is one task, so no process holds it all.
    shards: list[list] = [[] for _ in range(SHARDS)]
    for sale in sales:
        shards[(sale[1] if sale[1] is not None else int(sale[0][1:])) % SHARDS].append(sale)
    del sales
    text = DEMO_PROGRAM.read_text(encoding="utf-8")
    context = multiprocessing.get_context("fork" if threading.active_count() == 1 else "spawn")
    with context.Pool(2) as pool:
        for rows in pool.imap(_evaluated, [(shard, text) for shard in shards]):
            connection.executemany("INSERT INTO receipts VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", [r for r, _, _ in rows])
            connection.executemany("INSERT INTO receipt_lines VALUES (?,?,?,?,?,?,?,?,?)",
                                   [line for _, lines, _ in rows for line in lines])
            connection.executemany("INSERT INTO receipt_adjustments (receipt_id, source, amount, explain) "
                                   "VALUES (?,?,?,?)", [a for _, _, adjustments in rows for a in adjustments])
            connection.commit()
    connection.close()
    building.replace(path)
    return path


def broad_draft() -> str:
    """A draft that reaches most members: 5% off every Friday for everyone."""
    program = json.loads(DEMO_PROGRAM.read_text(encoding="utf-8"))
    program["version"] += 1
    program["promotions"].append({"id": "friday-5", "name": "Friday 5% off", "members_only": False,
                                  "effect": {"type": "percent_off", "percent": 5, "scope": "order"},
                                  "conditions": {"weekdays": [5]}})
    return json.dumps(program)


def timed(path: Path, *, days: int, now: datetime, workers: int, draft: str = "", screen: bool = True
          ) -> tuple[float, dict]:
    program = read_program(draft or draft_program())
    started = time.perf_counter()
    result, _ = run_backtest(path, program, days=days, now=now, workers=workers, rules=False, screen=screen)
    figures = result.to_dict(rules=False)
    figures["members_changed"] = len(result.changed)
    return time.perf_counter() - started, figures


def _line(what: str, seconds: float, figures: dict) -> str:
    return (f"{what}: {seconds:.2f} s ({figures['receipts'] / seconds:,.0f} receipts/s, "
            f"{figures['members_changed']:,} members' receipts change)")


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--receipts", type=int, default=1_000_000)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=180)
    parser.add_argument("--demo", help="also time a demo store (python main.py init --demo)")
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--replay-all-up-to", type=int, default=100_000,
                        help="also time replaying every member (the alternative) on stores up to this size")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    path = generated_store(args.receipts, args.members, args.days, out)
    print(f"store: {path.name} ({time.perf_counter() - started:.1f} s to get)")
    now = NOW  # every generated sale is before NOW and at or after NOW - days: all in the window
    for workers in (1, 2):
        seconds, figures = timed(path, days=args.days, now=now, workers=workers)
        print(_line(f"Gold Wednesday x3, {figures['receipts']:,} receipts, {workers} process(es)", seconds, figures))
    seconds, figures = timed(path, days=args.days, now=now, workers=2, draft=broad_draft())
    print(_line("Friday 5% off for everyone (reaches most members), 2 processes", seconds, figures))
    if args.receipts <= args.replay_all_up_to:
        seconds, figures = timed(path, days=args.days, now=now, workers=2, screen=False)
        print(_line("alternative: replay every member, Gold Wednesday x3, 2 processes", seconds, figures))
    if args.receipts >= 1_000_000:
        print(f"goal 1,000,000 receipts < {GOALS['1000000']:.0f} s")
    if args.demo:
        demo_path = Path(args.demo)
        with sqlite3.connect(demo_path) as connection:
            latest = datetime.fromisoformat(connection.execute("SELECT max(at) FROM receipts").fetchone()[0])
        for draft, name in ((draft_program(), "Gold Wednesday x3"), (broad_draft(), "Friday 5% off")):
            for screen in (True, False):
                seconds, figures = timed(demo_path, days=180, now=latest + timedelta(seconds=1), workers=2,
                                         draft=draft, screen=screen)
                how = "reached members replayed" if screen else "alternative: every member replayed"
                print(_line(f"demo store, 180 days, {name}, {how}", seconds, figures)
                      + f" (goal < {GOALS['demo']:.0f} s)")
    return 0


QUICK_ARGS = ["--receipts", "20000", "--members", "2000", "--days", "90"]

if __name__ == "__main__":
    raise SystemExit(main())
