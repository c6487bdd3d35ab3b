"""Backtest speed: replay the last N days of receipts under a draft, one process against two.

    python -m bench.backtest_bench [--receipts 1000000] [--members 100000] [--days 180] [--demo PATH]

The store is generated once into bench/out/ and reused: random baskets of the demo's products, each
sale evaluated by the engine under the demo program as its checkout would have been (so the receipts
hold real discounts, points and bodies); members with no earlier history. Each of 8 shards of members
is generated and evaluated by its own worker into its own SQLite file, and the shards are merged into the
store in time order in one statement per table. The bench first checks that the published programme
replayed gives back what was recorded. The draft is the demo program plus "every Wednesday
triple points for gold members". Goals: 1,000,000 receipts < 60 s; the demo's 180 days < 5 s.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import resource
import sqlite3
import threading
import time
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Optional

from db.backtest_run import run_backtest
from db.backtest_source import active_version, connect, programs, read_part
from db.demo import DEMO_PROGRAM, create_store
from pos_loyalty import demo
from pos_loyalty.engine import evaluate
from pos_loyalty.engine.member import MemberId, MemberState
from pos_loyalty.reports.backtest import backtest, moved
from pos_loyalty.services.checkout import spend_since
from pos_loyalty.services.programs import read_program

OUT = Path(__file__).resolve().parent / "out"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
GOALS = {"1000000": 60.0, "demo": 5.0}


def draft_program() -> str:
    program = json.loads(DEMO_PROGRAM.read_text(encoding="utf-8"))
    program["version"] += 1
    program["promotions"].append({"id": "wednesday-gold-triple", "name": "Gold Wednesday: triple points",
                                  "names": {"zh_TW": "金卡週三三倍點數"},
                                  "effect": {"type": "points_multiplier", "factor": 3},
                                  "conditions": {"weekdays": [3], "tiers": ["gold"]}})
    return json.dumps(program)


GENERATOR = 3  # 3: built in shard files on every core; 2: one generator in the parent (same programme, other sales)
SHARDS = 8  # at most SQLite's 10 attached databases: the shards are merged in one ordered statement
_TABLES = {  # the shard files' tables: the store's columns the bench fills, in the store's order
    "receipts": "id TEXT PRIMARY KEY, terminal_id, member_id, at, program_version, subtotal, discount_total, "
                "points_used, total, points_earned, tenders, body",
    "receipt_lines": "receipt_id, line, sku, name, category, price, qty, discount, paid, PRIMARY KEY (receipt_id, line)",
    "receipt_adjustments": "receipt_id, seq, source, amount, explain, PRIMARY KEY (receipt_id, seq)",
}


def _shard_sales(shard: int, *, receipts: int, members: int, days: int) -> list[tuple[str, Optional[int], datetime, list, bool]]:
    """(receipt id, member number or None, instant, basket, pays with points) for one shard's sales, by
    time: its members are those whose number is the shard modulo SHARDS, so no member spans two
    shards, and its own generator makes the same sales on every run. Receipt ids sort as the sales'
    instants do across shards (seconds since the epoch first), so the merged store is in time order."""
    rng = random.Random(f"backtest-g{GENERATOR}-{shard}")
    catalogue = demo.products()
    start = NOW - timedelta(days=days)
    own = range(shard if shard else SHARDS, members + 1, SHARDS)
    count = receipts // SHARDS + (1 if shard < receipts % SHARDS else 0)
    sales = []
    for _ in range(count):
        at = start + timedelta(seconds=rng.randrange(days * 86400))
        member = own[rng.randrange(len(own))] if own and rng.random() < 0.8 else None
        basket = [catalogue[rng.randrange(len(catalogue))].line(1) for _ in range(1 + rng.randrange(4))]
        sales.append((member, at, basket, rng.random() < 0.08))
    sales.sort(key=lambda sale: sale[1])
    return [(f"R{int(at.timestamp()):010d}-{shard:02d}{n:07d}", member, at, basket, pays)
            for n, (member, at, basket, pays) in enumerate(sales)]


def _build_shard(args: tuple) -> int:
    """One shard's sales through the engine, member by member as checkouts would have gone, written
    to its own SQLite file (a worker process; the program is the demo's). Returns its receipts."""
    shard, receipts, members, days, program_text, shard_path = args
    program = read_program(program_text)
    connection = sqlite3.connect(shard_path)
    connection.execute("PRAGMA journal_mode=OFF")
    connection.execute("PRAGMA synchronous=OFF")
    for table, columns in _TABLES.items():
        connection.execute(f"CREATE TABLE {table} ({columns})")
    states: dict[int, MemberState] = {}
    rows, lines, adjustments = [], [], []
    sales = _shard_sales(shard, receipts=receipts, members=members, days=days)
    for n, (receipt_id, member, at, basket, pays) in enumerate(sales, 1):
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
        rows.append((receipt_id, "T-01", body["member"], at.strftime("%Y-%m-%dT%H:%M:%S.%f+00:00"),
                     program.version, receipt.subtotal, receipt.discount_total, receipt.points_used, receipt.total,
                     receipt.points_earned, "[]", json.dumps(body)))
        lines.extend((receipt_id, l["line"], l["sku"], l["name"], l["category"], l["price"], l["qty"],
                      l["item_discount"] + l["order_discount"], l["paid"]) for l in body["lines"])
        adjustments.extend((receipt_id, seq, a["source"], a["amount"], a["explain"])
                           for seq, a in enumerate(body["adjustments"]))
        if n % 5000 == 0 or n == len(sales):
            connection.executemany("INSERT INTO receipts VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
            connection.executemany("INSERT INTO receipt_lines VALUES (?,?,?,?,?,?,?,?,?)", lines)
            connection.executemany("INSERT INTO receipt_adjustments VALUES (?,?,?,?,?)", adjustments)
            rows, lines, adjustments = [], [], []
    connection.commit()
    connection.close()
    return len(sales)


def _merged(connection: sqlite3.Connection, shard_paths: list[Path]) -> None:
    """The shards' rows into the store in receipt-id (time) order, as a till would have written them:
    one statement per table, SQLite merging the shards' ordered keys; the tables' own indexes are
    dropped for the copy and rebuilt from their recorded definitions (cheaper than 1M scattered inserts)."""
    tables = tuple(_TABLES)
    indexes = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (?,?,?)",
        tables).fetchall()
    for name, _ in indexes:
        connection.execute(f'DROP INDEX "{name}"')
    for n, shard_path in enumerate(shard_paths):
        connection.execute("ATTACH DATABASE ? AS ?", (str(shard_path), f"s{n}"))
    arms = lambda columns, table: " UNION ALL ".join(  # noqa: E731 - one query per table
        f"SELECT {columns} FROM s{n}.{table}" for n in range(len(shard_paths)))
    connection.execute("INSERT INTO receipts " + arms("*", "receipts") + " ORDER BY 1")
    connection.execute("INSERT INTO receipt_lines " + arms("*", "receipt_lines") + " ORDER BY 1, 2")
    connection.execute("INSERT INTO receipt_adjustments (receipt_id, source, amount, explain) SELECT "
                       "receipt_id, source, amount, explain FROM (" + arms("*", "receipt_adjustments")
                       + ") ORDER BY receipt_id, seq")
    for _, sql in indexes:
        connection.execute(sql)
    connection.commit()
    for n in range(len(shard_paths)):
        connection.execute(f"DETACH DATABASE s{n}")


def generated_store(receipts: int, members: int, days: int, out: Path = OUT) -> Path:
    """A store whose receipts are what the demo program gives (every sale evaluated by the engine,
    member by member, state moving): so replaying that program gives back what was recorded. The
    window covers the whole history (no balances before it). Built once on every core (each shard
    of members into its own file, merged in time order), reused."""
    path = out / f"backtest-{receipts}r-{members}m-{days}d-g{GENERATOR}.sqlite"
    if path.exists():
        return path
    building = path.with_name(path.name + ".building")
    shard_paths = [path.with_name(f"{path.name}.shard{n}") for n in range(SHARDS)]
    for leftover in [building, Path(f"{building}-wal"), Path(f"{building}-shm"), *shard_paths]:
        leftover.unlink(missing_ok=True)
    text = DEMO_PROGRAM.read_text(encoding="utf-8")
    context = multiprocessing.get_context("fork" if threading.active_count() == 1 else "spawn")
    with context.Pool(min(SHARDS, os.cpu_count() or 1)) as pool:
        built = pool.map_async(_build_shard, [(n, receipts, members, days, text, str(shard_paths[n]))
                                              for n in range(SHARDS)], chunksize=1)
        create_store(building, now=NOW)  # the schema (Alembic) and the programme, while the shards build
        connection = sqlite3.connect(building, isolation_level=None)
        connection.execute("PRAGMA journal_mode=DELETE")  # one copy of the rows, not a WAL of them too
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("PRAGMA cache_size=-400000")
        connection.execute("BEGIN")
        connection.executemany(
            "INSERT INTO members (id, name, phone, birthday, joined, consent, points, created_at) VALUES (?,?,?,?,?,?,0,?)",
            [(f"M{i:07d}", f"Member {i}", None, date(1970 + i % 40, 1 + i % 12, 1 + i % 28).isoformat(),
              "2024-01-01", 1, "2024-01-01T00:00:00.000000+00:00") for i in range(1, members + 1)])
        connection.execute("COMMIT")
        assert sum(built.get()) == receipts
    connection.execute("BEGIN")
    _merged(connection, shard_paths)
    connection.execute("PRAGMA journal_mode=WAL")  # back to the store's own mode
    connection.close()
    for shard_path in shard_paths:
        shard_path.unlink()
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
    started, cpu = time.perf_counter(), _cpu()
    result, _ = run_backtest(path, program, days=days, now=now, workers=workers, rules=False, screen=screen)
    figures = result.to_dict(rules=False)
    figures["members_changed"] = len(result.changed)
    figures["cpu"] = _cpu() - cpu
    return time.perf_counter() - started, figures


def _cpu() -> float:
    """CPU seconds of this process and of its finished workers: on a shared machine wall time
    follows the load, CPU time much less."""
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def replayed_as_recorded(path: Path, *, days: int, now: datetime, parts: int) -> tuple[float, int, bool]:
    """The generated store's promise, checked on one part of it (`parts` = 1: all of it): the published
    programme replayed member by member gives back exactly the recorded figures, no member changed.
    (seconds, receipts replayed, whether they are the same)."""
    started = time.perf_counter()
    connection = connect(path)
    try:
        published = programs(connection)[active_version(connection)]
        data = read_part(connection, start=now - timedelta(days=days), part=0, parts=parts)
    finally:
        connection.close()
    result = backtest(published, data.members, data.guests)
    same = result.draft.to_dict(rules=False) == data.recorded.to_dict(rules=False) and not result.changed
    return time.perf_counter() - started, result.receipts, same


def _line(what: str, seconds: float, figures: dict) -> str:
    return (f"{what}: {seconds:.2f} s ({figures['receipts'] / seconds:,.0f} receipts/s, "
            f"{figures['members_changed']:,} members' receipts change; {figures['cpu']:.1f} s CPU, "
            f"load average {os.getloadavg()[0]:.1f})")


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--receipts", type=int, default=1_000_000)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=180)
    parser.add_argument("--demo", help="also time a demo store (python main.py init --demo)")
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--replay-all-up-to", type=int, default=100_000,
                        help="also time replaying every member (the alternative) on stores up to this size")
    parser.add_argument("--check-parts", type=int, default=0,
                        help="check the published programme's replay on 1 of this many parts of the store "
                             "(default: all of it up to 100,000 receipts, 1 of 50 above)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    path = generated_store(args.receipts, args.members, args.days, out)
    print(f"store: {path.name} ({time.perf_counter() - started:.1f} s to get)")
    now = NOW  # every generated sale is before NOW and at or after NOW - days: all in the window
    parts = args.check_parts or (1 if args.receipts <= 100_000 else 50)
    seconds, replayed, same = replayed_as_recorded(path, days=args.days, now=now, parts=parts)
    print(f"check: the published programme replayed on {'all' if parts == 1 else f'1/{parts}'} of the store "
          f"({replayed:,} receipts, {seconds:.1f} s) gives {'exactly what was recorded' if same else 'OTHER FIGURES'}")
    if not same:
        return 1
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
