"""The local store at shop scale: card lookups and checkouts on a big SQLite file.

    python -m bench.store_bench [--members 1000000] [--entries 10000000] [--checkouts 300] [--lookups 20000]

The store is made once and kept in bench/out/ (reused when its sizes match, and migrated first when
the schema moved on, as a till's store is; --regenerate forces a new one): the schema by db.demo.create_store (Alembic, the demo program published), then rows
bulk-loaded with the raw sqlite3 module (big executemany transactions, synchronous=OFF and no
journal during the load only; secondary indexes dropped and rebuilt after, exactly as the
migrations wrote them). Members get a card each; visits over the last 360 days give ledger entries
(earn, stamp, redeem, reward, use), point lots, stamp balances, spend and promotion uses, all
consistent with each other (cached balances = ledger sums).

Measured (warm page cache):
- member lookup by card serial: uow.member_by_card (the till's path), against the ORM
  (session.get on the card, then the member) and a raw sqlite3 join (the floor). Goal p99 < 1 ms.
- checkout through pos_loyalty.services.checkout (evaluate, receipt, ledger, caches, commit) with
  the store's synchronous=FULL, against the same with synchronous=NORMAL, and FULL with the WAL
  auto-checkpoint off the sale's connection, interleaved. Goal p99 < 10 ms.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import random
import sqlite3
import sys
import time
from array import array
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Iterator, Optional

from sqlalchemy import event
from sqlalchemy.orm import Session

from bench.stats import percentile, summary
from db.demo import DEMO_PROGRAM, create_store
from db.models import MemberRow, MembershipCardRow
from db.store import SqlUnitOfWork, checkpoint, open_engine
from pos_loyalty import demo
from pos_loyalty.engine import BasketLine
from pos_loyalty.services.checkout import CheckoutCommand, checkout
from pos_loyalty.errors import StoreBusy
from pos_loyalty.services.identity import MemberIdentity

GENERATOR = 4  # bump when the generated data changes, so stale caches are rebuilt
OUT = Path(__file__).resolve().parent / "out"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)  # the store's "today": history ends here
SPAN_DAYS = 360  # history length: under the program's 365-day point expiry
TERMINAL = "T-01"
GOALS = {"lookup": 1.0, "checkout": 10.0}
TABLES = ("members", "membership_cards", "point_lots", "stamp_balances", "spend", "promotion_uses", "ledger",
          "products")
PROMOTIONS = ("second-drink", "member-tuesday", "member-day-8th")
FIRST = ("Chen", "Lin", "Huang", "Chang", "Li", "Wang", "Wu", "Liu", "Tsai", "Yang")
GIVEN = ("Mei", "Wei", "Yi", "Ting", "Hao", "Jun", "Ling", "Chih", "Hsin", "An", "Yu", "Shu")


# -- generation ---------------------------------------------------------------------------------

def stamp(ts: float) -> str:
    """The store's UtcDateTime text for a Unix time (what db.models.UtcDateTime writes)."""
    return datetime.fromtimestamp(ts, timezone.utc).isoformat(timespec="microseconds")


def entry_id(ts: float, j: int) -> str:
    """A UUIDv7 for entry number j at ts: time-ordered, so the ledger's primary key grows at its end."""
    millis = int(ts * 1000) & ((1 << 48) - 1)
    rand_b = (j * 0x9E3779B97F4A7C15) & ((1 << 62) - 1)
    h = f"{(millis << 80) | (0x7 << 76) | ((j & 0xFFF) << 64) | (0b10 << 62) | rand_b:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def serial_of(i: int) -> str:
    """Card serial of member i: a bijection of 0..10^10 (odd multiplier coprime to 10), so unique."""
    return f"{(i * 2654435761 + 1234567) % 10**10:010d}"


def member_id(i: int) -> str:
    return f"M{i + 1:07d}"


class Loader:
    """executemany in big transactions, per table."""

    def __init__(self, con: sqlite3.Connection, sql: str, size: int = 200_000) -> None:
        self.con, self.sql, self.size, self.rows, self.count = con, sql, size, [], 0

    def add(self, row: tuple) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.size:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.con.execute("BEGIN")
            self.con.executemany(self.sql, self.rows)
            self.con.execute("COMMIT")
            self.count += len(self.rows)
            self.rows = []


def generate(path: Path, *, members: int, entries: int, seed: int, log: Callable[[str], None]) -> dict:
    started = time.perf_counter()
    building = path.with_name(path.name + ".building")
    for leftover in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        leftover.unlink(missing_ok=True)
    create_store(building, demo=False, program_text=DEMO_PROGRAM.read_text(encoding="utf-8"), terminal=TERMINAL,
                 now=NOW - timedelta(days=SPAN_DAYS + 1))
    con = sqlite3.connect(building, isolation_level=None)
    con.execute("PRAGMA journal_mode=OFF")  # load only: a failed load is thrown away, never repaired
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-2000000")  # 2 GB: index builds and random inserts stay in memory
    con.execute("PRAGMA temp_store=MEMORY")
    indexes = con.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL AND tbl_name IN "
        f"({','.join('?' * len(TABLES))})", TABLES).fetchall()
    for name, _ in indexes:
        con.execute(f'DROP INDEX "{name}"')
    timings: dict[str, float] = {}

    t0 = time.perf_counter()
    rng = random.Random(seed)
    products = Loader(con, "INSERT INTO products (sku, barcode, name, name_zh, category, price) VALUES (?,?,?,?,?,?)")
    for p in demo.products():
        products.add((p.sku, p.barcode, p.name, p.name_zh, p.category, p.price))
    products.flush()

    # Visits, oldest first: each gives 1-4 ledger entries sharing a receipt, a spend row, uses.
    ledger = Loader(con, "INSERT INTO ledger (id, terminal_id, seq, member_id, kind, at, points, stamps, card_id, "
                         "promotion_id, lot_id, receipt_id, program_version, reason, synced) "
                         "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
    spend = Loader(con, "INSERT INTO spend (member_id, at, amount, receipt_id) VALUES (?,?,?,?)")
    uses = Loader(con, "INSERT INTO promotion_uses (member_id, promotion_id, at, receipt_id, reversed) "
                       "VALUES (?,?,?,?,0)")
    ids = [member_id(m) for m in range(members)]
    points = array("q", bytes(8 * members))
    stamps = array("q", bytes(8 * members))
    last_stamp = array("d", bytes(8 * members))
    last_lot = array("q", [-1]) * members  # index into lot_rows of the member's newest lot
    lot_rows: list[list] = []  # [id, member_id, earned_at, remaining]
    start_ts = (NOW - timedelta(days=SPAN_DAYS)).timestamp()
    step = SPAN_DAYS * 86400 / (entries / 1.9)  # ~1.9 entries per visit
    amounts = (45, 55, 65, 90, 120, 180, 240, 380, 520, 900)
    rand = rng.random
    ledger_rows, spend_rows, use_rows = ledger.rows, spend.rows, uses.rows
    j, visit = 0, 0
    while j < entries:
        ts = start_ts + visit * step
        visit += 1
        m = int(rand() * members)
        mid = ids[m]
        at = stamp(ts)
        receipt = entry_id(ts, j + 7_000_000_000)  # a receipt id (no receipt rows: receipts are not the load)
        amount = amounts[int(rand() * 10)]
        spend_rows.append((mid, at, amount, receipt))
        lot = last_lot[m]
        if lot >= 0 and lot_rows[lot][3] >= 50 and rand() < 0.08:  # points as tender, from the newest lot
            row = lot_rows[lot]
            used = 50 + int(rand() * (row[3] - 49))
            row[3] -= used
            points[m] -= used
            ledger_rows.append((entry_id(ts, j), TERMINAL, j + 1, mid, "redeem", at, -used, 0, None, None, row[0],
                                receipt, 1, "points as tender", 1))
            j += 1
        if j < entries:
            earned = max(1, amount // 50) * (2 if rand() < 0.25 else 1)
            eid = entry_id(ts, j)
            last_lot[m] = len(lot_rows)
            lot_rows.append([eid, mid, at, earned])
            points[m] += earned
            ledger_rows.append((eid, TERMINAL, j + 1, mid, "earn", at, earned, 0, None, None, None, receipt, 1,
                                "points earned", 1))
            j += 1
        if j < entries and rand() < 0.5:
            given = 1 + int(rand() * 3)
            stamps[m] += given
            last_stamp[m] = ts
            ledger_rows.append((entry_id(ts, j), TERMINAL, j + 1, mid, "stamp", at, 0, given, "coffee", None, None,
                                receipt, 1, "stamps earned", 1))
            j += 1
        if j < entries and stamps[m] >= 10 and rand() < 0.6:
            stamps[m] -= 10
            ledger_rows.append((entry_id(ts, j), TERMINAL, j + 1, mid, "reward", at, 0, -10, "coffee", None, None,
                                receipt, 1, "card redeemed", 1))
            j += 1
        if j < entries and rand() < 0.35:
            promotion = PROMOTIONS[int(rand() * len(PROMOTIONS))]
            use_rows.append((mid, promotion, at, receipt))
            ledger_rows.append((entry_id(ts, j), TERMINAL, j + 1, mid, "use", at, 0, 0, None, promotion, None,
                                receipt, 1, "", 1))
            j += 1
        if len(ledger_rows) >= 200_000:
            for loader in (ledger, spend, uses):
                loader.flush()
            ledger_rows, spend_rows, use_rows = ledger.rows, spend.rows, uses.rows
            if ledger.count // 1_000_000 > (ledger.count - 200_000) // 1_000_000:
                log(f"    {j:,} ledger entries ({time.perf_counter() - t0:.0f} s)")
    for loader in (ledger, spend, uses):
        loader.flush()
    timings["ledger, spend, uses"] = time.perf_counter() - t0

    t1 = time.perf_counter()
    lots = Loader(con, "INSERT INTO point_lots (id, member_id, earned_at, remaining) VALUES (?,?,?,?)")
    lot_rows.sort(key=lambda row: (row[1], row[2], row[0]))  # point_lots is keyed by member: load in key order
    for k in range(0, len(lot_rows), lots.size):
        lots.rows = lot_rows[k:k + lots.size]
        lots.flush()
    del lot_rows
    rows = Loader(con, "INSERT INTO members (id, name, phone, birthday, joined, consent, points, created_at) "
                       "VALUES (?,?,?,?,?,?,?,?)")
    cards = Loader(con, "INSERT INTO membership_cards (serial, member_id, issued_at, revoked_at, replaced_by) "
                        "VALUES (?,?,?,NULL,NULL)")
    balances = Loader(con, "INSERT INTO stamp_balances (member_id, card_id, count, last_stamp) VALUES (?,?,?,?)")
    joined_base = date(2019, 1, 1)
    for m in range(members):
        joined = joined_base + timedelta(days=int(rand() * 2500))
        created = f"{joined.isoformat()}T02:00:00.000000+00:00"
        birthday = date(1950 + int(rand() * 59), 1 + int(rand() * 12), 1 + int(rand() * 28))
        name = f"{FIRST[int(rand() * len(FIRST))]} {GIVEN[int(rand() * len(GIVEN))]}{GIVEN[int(rand() * len(GIVEN))].lower()}"
        rows.add((ids[m], name, f"09{m:08d}", birthday.isoformat(), joined.isoformat(), rand() < 0.7, points[m], created))
        cards.add((serial_of(m), ids[m], created))
        if last_stamp[m]:
            balances.add((ids[m], "coffee", stamps[m], stamp(last_stamp[m])))
    for loader in (rows, cards, balances):
        loader.flush()
    con.execute("BEGIN")
    for key, value in (("next_seq", str(j + 1)), ("next_member", str(members + 1))):
        con.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                    (key, value))
    con.execute("COMMIT")
    timings["members, cards, lots, stamps"] = time.perf_counter() - t1

    t2 = time.perf_counter()
    for name, sql in indexes:
        con.execute(sql)
    timings["secondary indexes"] = time.perf_counter() - t2
    t3 = time.perf_counter()
    con.execute("ANALYZE")
    timings["analyze"] = time.perf_counter() - t3
    con.execute("PRAGMA journal_mode=WAL")  # back to what the store runs with
    con.close()
    building.replace(path)
    counts = {"members": members, "cards": cards.count, "ledger": ledger.count, "point_lots": lots.count,
              "stamp_balances": balances.count, "spend": spend.count, "promotion_uses": uses.count,
              "visits": visit}
    return {"generator": GENERATOR, "members": members, "entries": entries, "seed": seed, "counts": counts,
            "seconds": round(time.perf_counter() - started, 1),
            "phases": {k: round(v, 1) for k, v in timings.items()}}


def ensure_store(out: Path, *, members: int, entries: int, seed: int, regenerate: bool,
                 log: Callable[[str], None]) -> tuple[Path, dict, bool]:
    """The cached store for these sizes, made if missing. Returns (path, metadata, reused)."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"store-{members}m-{entries}e.sqlite"
    meta_path = path.with_suffix(".json")
    if not regenerate and path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if (meta.get("generator"), meta.get("members"), meta.get("entries")) == (GENERATOR, members, entries):
            _bring_to_head(path, log)
            return path, meta, True
    meta_path.unlink(missing_ok=True)
    for old in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        old.unlink(missing_ok=True)
    log(f"  generating {members:,} members and {entries:,} ledger entries into {path} ...")
    meta = generate(path, members=members, entries=entries, seed=seed, log=log)
    meta_path.write_text(json.dumps(meta, indent=1))
    return path, meta, False


def _bring_to_head(path: Path, log: Callable[[str], None]) -> None:
    """A cached store made by an older schema is migrated, as a till upgrades its store when it opens."""
    from db.setup import ensure_current
    engine = open_engine(path)
    began = time.perf_counter()
    try:
        if ensure_current(engine):
            log(f"  cached store migrated to the current schema in {time.perf_counter() - began:.1f} s")
    finally:
        engine.dispose()


# -- measuring ----------------------------------------------------------------------------------

def show(label: str, s: dict[str, float]) -> str:
    return (f"  {label:<52} n={s['n']:>6}  p50 {s['p50']:7.3f} ms  p99 {s['p99']:7.3f} ms  "
            f"max {s['max']:8.3f} ms")


def timed(run: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    run()
    return (time.perf_counter() - t0) * 1000


def measure_lookups(path: Path, members: int, count: int, rng: random.Random) -> dict[str, dict[str, float]]:
    engine = open_engine(path)
    uow = SqlUnitOfWork(engine)
    session = Session(engine)
    raw = sqlite3.connect(path)
    join = ("SELECT m.id, m.name, m.phone, m.birthday, m.joined, m.consent FROM membership_cards c "
            "JOIN members m ON m.id = c.member_id WHERE c.serial = ? AND c.revoked_at IS NULL")

    def via_orm(serial: str) -> object:
        card = session.get(MembershipCardRow, serial)
        found = session.get(MemberRow, card.member_id) if card and card.revoked_at is None else None
        session.expunge_all()  # no identity-map hits: every lookup goes to the database
        return found

    samples: dict[str, list[float]] = {"till": [], "orm": [], "raw": []}
    with uow:
        for i in range(count + 200):
            serials = [serial_of(rng.randrange(members)) for _ in range(3)]
            runs = [("till", lambda s=serials[0]: uow.member_by_card(s)), ("orm", lambda s=serials[1]: via_orm(s)),
                    ("raw", lambda s=serials[2]: raw.execute(join, (s,)).fetchone())]
            rng.shuffle(runs)
            for name, run in runs:
                elapsed = timed(run)
                if i >= 200:  # the first lookups warm statement caches
                    samples[name].append(elapsed)
        assert uow.member_by_card(serial_of(0)) is not None and uow.member_by_card("no-such-card") is None
    session.close()
    raw.close()
    engine.dispose()
    return {name: summary(values) for name, values in samples.items()}


def baskets(rng: random.Random) -> Iterator[list[BasketLine]]:
    """Shop baskets from the demo catalogue: 1-8 lines, mostly drinks and food, 1-3 of each."""
    catalogue = [p for p in demo.products() if p.category != "gift-cards"]
    while True:
        chosen = rng.sample(catalogue, rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6, 8)))
        yield [BasketLine(sku=p.sku, name=p.name, price=p.price, qty=rng.choice((1, 1, 1, 2, 3)), category=p.category)
               for p in chosen]


def measure_checkouts(path: Path, members: int, count: int, rng: random.Random,
                      start: datetime) -> dict[str, dict[str, float]]:
    """Three interleaved variants, each on its own connection to the same file, all but one
    synchronous=FULL: the till's setting (FULL, WAL checkpoints in idle time between customers,
    untimed, as the till's idle timer does), FULL with SQLite's automatic checkpoint inside the
    sales, and synchronous=NORMAL with automatic checkpoints (the cheaper, less durable alternative)."""
    def engine_with(*pragmas: str):  # noqa: ANN202
        engine = open_engine(path)

        @event.listens_for(engine, "connect")
        def _extra(connection, _record) -> None:  # noqa: ANN001 - runs after the store's own pragmas
            for pragma in pragmas:
                connection.execute(f"PRAGMA {pragma}")
        return engine

    engines = {"FULL": open_engine(path, idle_checkpoints=True), "FULL_AUTO_CKPT": open_engine(path),
               "NORMAL": engine_with("synchronous=NORMAL")}
    uows = {name: SqlUnitOfWork(engine, TERMINAL) for name, engine in engines.items()}
    for name, engine in engines.items():
        with engine.connect() as c:
            level = c.exec_driver_sql("PRAGMA synchronous").scalar()
            assert level == {"NORMAL": 1}.get(name, 2), (name, level)
    make = baskets(rng)
    clock_at = [start]
    samples: dict[str, list[float]] = {name: [] for name in engines}
    # Blocks, not single sales, alternate between variants: a till has one connection writing, and
    # a write on another connection empties this one's page cache, which no real till would see.
    # The first sales of each block after a switch warm the cache and are not timed.
    block, warm = 30, 5
    gc.collect()
    gc.freeze()  # as the till does once it is up: long-lived objects are not re-scanned in every sale
    rounds = max(1, (count + block - warm - 1) // (block - warm))
    for round_number in range(rounds):
        order = list(engines)
        rng.shuffle(order)
        for name in order:
            for i in range(block):
                clock_at[0] += timedelta(seconds=rng.randint(20, 400))
                member = f"M{rng.randrange(members) + 1:07d}"
                cmd = CheckoutCommand(basket=next(make), identity=MemberIdentity.attached(member, "card"),
                                      redeem_points="max" if rng.random() < 0.08 else 0)
                elapsed = timed(lambda: checkout(cmd, uow=uows[name], clock=lambda: clock_at[0], rng=rng, ids=rng))
                if i >= warm:
                    samples[name].append(elapsed)
                if name == "FULL" and i % 10 == 9:
                    checkpoint(engines["FULL"])  # the till's idle timer, between customers: not timed
    for engine in engines.values():
        engine.dispose()
    return {name: summary(values) for name, values in samples.items()}


def _writer(path: Path, members: int, count: int, seed: int, start: datetime, epoch: float,
            barrier, results) -> None:  # noqa: ANN001 - multiprocessing objects
    """One till's process writing sales as fast as it can (its own engine; SQLite's own checkpoints)."""
    engine = open_engine(path)
    uow = SqlUnitOfWork(engine, TERMINAL)
    rng = random.Random(seed)
    make = baskets(rng)

    def clock() -> datetime:  # one clock for every writer, a minute of shop time per real second
        return start + timedelta(seconds=(time.time() - epoch) * 60)

    busy = [0]

    def sale() -> None:
        member = f"M{rng.randrange(members) + 1:07d}"
        cmd = CheckoutCommand(basket=next(make), identity=MemberIdentity.attached(member, "card"),
                              redeem_points="max" if rng.random() < 0.08 else 0)
        while True:
            try:
                checkout(cmd, uow=uow, clock=clock, rng=rng, ids=rng)
                return
            except StoreBusy:  # "the store is busy, try again": the cashier presses pay again
                busy[0] += 1

    for _ in range(3):
        sale()  # warm this process's page cache
    barrier.wait()
    began = time.perf_counter()
    samples = [timed(sale) for _ in range(count)]
    results.put((samples, time.perf_counter() - began, busy[0]))
    engine.dispose()


def measure_writers(path: Path, members: int, total: int, writers: int, start: datetime) -> dict[str, dict]:
    """Sales per second with one writer, then with `writers` processes at once on the same file
    (each BEGIN IMMEDIATE waits for the others): the same number of sales either way. Per-sale
    figures include the wait for the write lock."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    out: dict[str, dict] = {}
    epoch = time.time()
    for n in dict.fromkeys((1, writers)):
        barrier, results = context.Barrier(n), context.Queue()
        share = max(1, total // n)
        processes = [context.Process(target=_writer, args=(path, members, share, 1000 * n + k, start, epoch,
                                                           barrier, results)) for k in range(n)]
        for process in processes:
            process.start()
        done = [results.get(timeout=600) for _ in processes]
        for process in processes:
            process.join()
        samples = [s for values, _, _ in done for s in values]
        seconds = max(elapsed for _, elapsed, _ in done)
        out[str(n)] = {**summary(samples), "sales": len(samples), "per_second": len(samples) / seconds,
                       "busy": sum(b for _, _, b in done)}
    return out


def fsync_latency(directory: Path, count: int = 100) -> dict[str, float]:
    """What one small write + fsync costs on this disk: the floor under a synchronous=FULL commit."""
    probe = directory / "fsync-probe.bin"
    samples = []
    with open(probe, "wb") as handle:
        for _ in range(count):
            handle.write(os.urandom(4096))
            handle.flush()
            samples.append(timed(lambda: os.fsync(handle.fileno())))
    probe.unlink()
    return summary(samples)


def disk_size(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists())


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.store_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--entries", type=int, default=10_000_000, help="ledger entries (default 10,000,000)")
    parser.add_argument("--lookups", type=int, default=20_000, help="card lookups per method (default 20,000)")
    parser.add_argument("--checkouts", type=int, default=300, help="checkouts per variant (default 300)")
    parser.add_argument("--out", type=Path, default=OUT, help="cache folder for generated stores (default bench/out)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--writers", type=int, default=4, help="processes writing at once (default 4)")
    parser.add_argument("--regenerate", action="store_true", help="build the store even if a cached one matches")
    args = parser.parse_args(argv)
    if args.members < 1 or args.entries < 1:
        parser.error("--members and --entries must be at least 1")

    def log(text: str) -> None:
        print(text, flush=True)

    print(f"store: {args.members:,} members, {args.entries:,} ledger entries; SQLite {sqlite3.sqlite_version}")
    path, meta, reused = ensure_store(args.out, members=args.members, entries=args.entries, seed=args.seed,
                                      regenerate=args.regenerate, log=log)
    counts = ", ".join(f"{k} {v:,}" for k, v in meta["counts"].items())
    how = "reused (cached)" if reused else "generated now"
    print(f"  store {how}: {path}")
    print(f"  generation took {meta['seconds']:.1f} s ({', '.join(f'{k} {v} s' for k, v in meta['phases'].items())})")
    print(f"  rows: {counts}")
    print(f"  disk size {disk_size(path) / 2**20:,.1f} MiB")

    rng = random.Random(args.seed + 1)
    lookups = measure_lookups(path, args.members, args.lookups, rng)
    print(show("lookup by card: uow.member_by_card (SQLAlchemy Core)", lookups["till"]))
    print(show("lookup by card: ORM session.get(card) + get(member)", lookups["orm"]))
    print(show("lookup by card: raw sqlite3 join (floor)", lookups["raw"]))

    fsync = fsync_latency(args.out)
    print(show("disk: 4 KiB write + fsync", fsync))
    # Checkouts happen after the generated history (and after any earlier run's checkouts).
    start = _after_history(path, NOW + timedelta(days=1) + timedelta(hours=random.Random().randrange(1, 24 * 300)))
    runs = measure_checkouts(path, args.members, args.checkouts, rng, start)
    print(show("checkout commit, FULL, idle-time WAL checkpoints (the till)", runs["FULL"]))
    print(show("checkout commit, FULL, automatic checkpoints in the sale", runs["FULL_AUTO_CKPT"]))
    print(show("checkout commit, synchronous=NORMAL (alternative)", runs["NORMAL"]))
    print(f"  moving checkpoints out of the sale saves {runs['FULL_AUTO_CKPT']['p99'] - runs['FULL']['p99']:+.3f} ms "
          f"at p99; NORMAL would save {runs['FULL_AUTO_CKPT']['p50'] - runs['NORMAL']['p50']:+.3f} ms at p50 "
          "at the price of the last sales before a power cut")
    for what, label, figure in (("lookup", "member lookup p99", lookups["till"]["p99"]),
                                ("checkout", "checkout p99 (the till's FULL)", runs["FULL"]["p99"])):
        verdict = "MET" if figure < GOALS[what] else "MISSED"
        print(f"  goal {label} < {GOALS[what]:g} ms: {verdict} ({figure:.3f} ms)")
    writers = measure_writers(path, args.members, args.checkouts, args.writers, _after_history(path, start))
    for n, figures in writers.items():
        print(show(f"checkout, {n} writer process(es) at once (incl. waiting for the write lock)", figures)
              + f"  {figures['per_second']:,.1f} sales/s, {figures['busy']} 'store is busy' retries")
    print(f"  disk size after the checkouts {disk_size(path) / 2**20:,.1f} MiB")
    return 0


def _after_history(path: Path, start: datetime) -> datetime:
    """An instant after every entry in the store (a sale may not spend points dated after it)."""
    with sqlite3.connect(path) as connection:
        latest = connection.execute("SELECT max(at) FROM ledger").fetchone()[0]
    return max(start, datetime.fromisoformat(latest) + timedelta(hours=1)) if latest else start


if __name__ == "__main__":
    sys.exit(main())
