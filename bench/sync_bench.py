"""Sync figures of issue 9, each beside the best alternative measured in the same run:

- central ingest on PostgreSQL, entries/s (goal >= 20,000/s): the server's push path, batches of
  5,000, one transaction each; beside it the same rows COPYed into a copy of the ledger table
  (the fastest way into PostgreSQL, without any of the push's checks) and the SQLite default;
- a till pushing its demo history (~16,000 entries) to a real `serve` process and a second till
  of the store pulling it back (goal < 5 s each); 10,000 entries sold while the server was down,
  pushed after it is back (goal < 5 s); on PostgreSQL and on the SQLite default;
- bytes on the wire per entry (the JSON the till sends; beside it what gzip would make of it);
- a member's balance on a central store of 1,000,000 members, p99 (goal < 5 ms): the sum of its
  entries (what the server does) beside a cached balance row per member.

`python -m bench.sync_bench` (sizes: --entries, --demo-members, --offline-entries,
--balance-members, --balance-entries). PostgreSQL runs durable (fsync and synchronous commit on);
its cluster and the million-member store are kept in bench/out/central-pg for the next run.
"""
from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path
from typing import Optional

from sqlalchemy import text

from bench.stats import summary
from bench.sync_chain import Till, fill_central, members_and_entries, sell_offline, wall

OUT = Path(__file__).resolve().parent / "out"
GOALS = {"ingest": 20_000, "push": 5.0, "offline": 5.0, "balance_p99_ms": 5.0}


def _registered(engine, public_key: str):  # noqa: ANN001, ANN202 - a terminal of "Main store" in-process
    from pos_loyalty.central.terminals import load_terminal, new_code, register_terminal
    code = new_code(engine, store="Main store", at=wall())
    registered = register_terminal(engine, code=code, public_key=public_key, name="bench", at=wall())
    with engine.connect() as connection:
        return load_terminal(connection, registered.terminal)


def ingest(db_url: str, *, members: int, entries: int, batch: int) -> dict:
    """Entries/s through the server's push (in-process: the store's share, no HTTP)."""
    from pos_loyalty.central.db import migrate, open_central
    from pos_loyalty.central.ingest import push
    from pos_loyalty.sync.protocol import PushBatch
    engine = open_central(db_url)
    migrate(engine)
    terminal = _registered(engine, "11" * 32)
    people, rows = members_and_entries(terminal.id, members=members, entries=entries, seed=7)
    for start in range(0, len(people), batch):
        push(engine, terminal, PushBatch(members=people[start:start + batch]), at=wall())
    started = time.perf_counter()
    for start in range(0, len(rows), batch):
        result = push(engine, terminal, PushBatch(entries=rows[start:start + batch]), at=wall())
        assert result.accepted == len(rows[start:start + batch]), result
    seconds = time.perf_counter() - started
    copied = _copy_rate(engine, rows) if engine.dialect.name == "postgresql" else None
    engine.dispose()
    return {"rate": entries / seconds, "seconds": seconds, "copy_rate": copied}


def _copy_rate(engine, rows) -> float:  # noqa: ANN001
    """The same entries COPYed into a bare copy of the ledger table: no checks, no change numbers taken."""
    from pos_loyalty.sync.protocol import utc_text
    with engine.begin() as c:
        c.execute(text("CREATE TABLE ledger_copy (LIKE ledger INCLUDING ALL)"))
    raw = engine.raw_connection()
    try:
        started = time.perf_counter()
        with raw.cursor() as cursor, cursor.copy(
                "COPY ledger_copy (id, change, terminal_id, seq, member_id, kind, at, points, stamps, card_id, "
                "receipt_id, program_version, reason, body_hash) FROM STDIN") as copy:
            for number, e in enumerate(rows, start=1):
                copy.write_row((e.id, number, e.terminal, e.seq, e.member, e.kind, utc_text(e.at), e.points,
                                e.stamps, e.card, e.receipt, e.program_version, e.reason, e.body_hash()))
        raw.commit()
        return len(rows) / (time.perf_counter() - started)
    finally:
        raw.close()


def chain(db_url: str, folder: Path, *, demo_members: int, offline_entries: int, batch: Optional[int]) -> dict:
    """A real `serve` process, the demo till pushing its history, a fresh till pulling it, an outage."""
    from db.demo import create_store
    from pos_loyalty.central.db import open_central
    from pos_loyalty.central.terminals import new_code
    from tests.fixtures.central import ServerProcess
    folder.mkdir(parents=True, exist_ok=True)
    create_store(folder / "till-a.sqlite", demo=True, members=demo_members)
    create_store(folder / "till-b.sqlite")
    server = ServerProcess(db_url).start()
    central = open_central(db_url)
    figures: dict = {}
    a = b = None
    try:
        a = Till(folder / "till-a.sqlite", server.url).register(new_code(central, store="Main store", at=wall()),
                                                                 batch=batch)
        b = Till(folder / "till-b.sqlite", server.url).register(new_code(central, store="Main store", at=wall()),
                                                                 batch=batch)
        figures["history"] = a.entries()
        sent_before = a.transport.bytes_sent
        figures["push_s"], pushed, _ = a.timed_sync()
        figures["pushed"] = pushed.pushed
        figures["wire_per_entry"] = (a.transport.bytes_sent - sent_before) / max(1, pushed.pushed)
        figures["gzip_per_entry"] = a.counting.gzip_bytes / max(1, pushed.pushed)
        figures["gzip_ms_per_1000"] = 1000 * 1000 * a.counting.gzip_seconds / max(1, pushed.pushed)
        figures["pull_s"], pulled, _ = b.timed_sync()
        figures["pulled"] = pulled.pulled
        server.kill()                               # the outage: the till keeps selling
        figures["offline_sales"] = sell_offline(a, entries=offline_entries, seed=11)
        figures["offline_waiting"] = a.store.pending()
        server = ServerProcess(db_url).start()      # back, on another port like a restarted host
        a.connect(server.url, batch=batch)
        b.connect(server.url, batch=batch)
        figures["offline_push_s"], after, _ = a.timed_sync()
        figures["offline_pushed"] = after.pushed
        figures["offline_pull_s"], back, _ = b.timed_sync()
        figures["offline_pulled"] = back.pulled
        figures["agree"] = _balances(a) == _balances(b)
    finally:
        for till in (a, b):
            if till is not None:
                till.close()
        central.dispose()
        server.stop()
    return figures


def _balances(till: Till) -> dict:
    with till.engine.connect() as connection:
        return dict(connection.execute(text("SELECT member_id, sum(points) FROM ledger GROUP BY member_id")).all())


def balances(postgres, *, members: int, entries: int, samples: int) -> dict:  # noqa: ANN001
    """p99 of one member's balance at `members` members (the store is generated once and kept)."""
    import psycopg

    from pos_loyalty.central.db import open_central
    from pos_loyalty.central.member_view import balance
    name = f"balance_{members}m_{entries}e"
    with psycopg.connect(postgres.url(), autocommit=True) as admin:
        have = {row[0] for row in admin.execute("SELECT datname FROM pg_database")}
        generated = name not in have
        if generated:
            if f"{name}_building" in have:
                admin.execute(f'DROP DATABASE "{name}_building"')
            admin.execute(f'CREATE DATABASE "{name}_building"')
    if generated:
        started = time.perf_counter()
        engine = open_central(postgres.url(f"{name}_building"))
        fill_central(engine, members=members, entries=entries)
        engine.dispose()
        with psycopg.connect(postgres.url(), autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{name}_building" RENAME TO "{name}"')
        made = f"generated now in {time.perf_counter() - started:.0f} s"
    else:
        made = "reused (kept in bench/out/central-pg)"
    engine = open_central(postgres.url(name))
    with engine.begin() as c:
        c.execute(text("CREATE TABLE IF NOT EXISTS bench_member_balances AS "
                       "SELECT member_id, sum(points) AS points FROM ledger GROUP BY member_id"))
        c.execute(text("CREATE UNIQUE INDEX IF NOT EXISTS bench_member_balances_id "
                       "ON bench_member_balances (member_id)"))
    rng = random.Random(5)
    ids = [f"M{rng.randint(1, members):011d}" for _ in range(samples)]
    calls, pooled, summed, cached = [], [], [], []
    for member in ids[:50]:
        balance(engine, member)   # warm the pool and the cache
    with engine.connect() as c:
        lookup = text("SELECT points FROM bench_member_balances WHERE member_id = :m")
        summing = text("SELECT coalesce(sum(points), 0) FROM ledger WHERE member_id = :m")
        for member in ids:
            started = time.perf_counter()
            points = balance(engine, member)
            calls.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            with engine.connect() as own:   # the path before: a pool check-out (pre-ping), BEGIN, ROLLBACK
                before = own.execute(summing, {"m": member}).scalar_one()
            pooled.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            again = c.execute(summing, {"m": member}).scalar_one()
            summed.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            kept = c.execute(lookup, {"m": member}).scalar() or 0
            cached.append((time.perf_counter() - started) * 1000)
            assert kept == points == again == before, (member, kept, points, again, before)
        held = c.execute(text("SELECT count(*) FROM members")).scalar_one()
    engine.dispose()
    return {"made": made, "members": held, "calls": summary(calls), "pooled": summary(pooled), "summed": summary(summed),
            "cached": summary(cached)}


def _drop(postgres, urls: list[str]) -> None:  # noqa: ANN001 - this run's scratch databases
    import psycopg
    with psycopg.connect(postgres.url(), autocommit=True) as admin:
        for url in urls:
            admin.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def _line(label: str, value: str, goal: str = "") -> None:
    print(f"  {label:<64} {value}{('   goal ' + goal) if goal else ''}", flush=True)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sync_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000, help="entries pushed for the ingest figure")
    parser.add_argument("--ingest-members", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=5000, help="entries per push (the protocol's maximum)")
    parser.add_argument("--till-batch", type=int, default=None,
                        help="the till's push batch and pull page (default: the till's own, 2,000 and 5,000)")
    parser.add_argument("--demo-members", type=int, default=500, help="the demo store's size (500: ~16,000 entries)")
    parser.add_argument("--offline-entries", type=int, default=10_000)
    parser.add_argument("--balance-members", type=int, default=1_000_000)
    parser.add_argument("--balance-entries", type=int, default=5_000_000)
    parser.add_argument("--samples", type=int, default=2000, help="balances looked up")
    parser.add_argument("--chain-on", choices=("both", "postgresql", "sqlite"), default="both",
                        help="the central store(s) the till figures are measured on")
    parser.add_argument("--out", type=Path, default=OUT, help="where the PostgreSQL cluster is kept")
    args = parser.parse_args(argv)
    import os

    from tests.fixtures.central import PostgresServer
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f} "
          f"on {os.cpu_count()} cores", flush=True)
    postgres = PostgresServer(args.out / "central-pg", durable=True)
    scratch = Path(tempfile.mkdtemp(prefix="sync-bench-"))
    made: list[str] = []

    def database() -> str:
        made.append(postgres.create_database())
        return made[-1]
    try:
        print("central ingest (the push path in-process, batches of "
              f"{args.batch}, {args.entries:,} entries for {args.ingest_members:,} members):")
        pg = ingest(database(), members=args.ingest_members, entries=args.entries, batch=args.batch)
        lite = ingest(str(scratch / "ingest.sqlite"), members=args.ingest_members, entries=args.entries,
                      batch=args.batch)
        _line("PostgreSQL (durable), push path", f"{pg['rate']:>10,.0f} entries/s", f">= {GOALS['ingest']:,}/s")
        _line("PostgreSQL, same rows COPYed into a bare ledger copy (no checks)", f"{pg['copy_rate']:>10,.0f} entries/s")
        _line("SQLite (the embedded default), push path", f"{lite['rate']:>10,.0f} entries/s")

        centrals = [("PostgreSQL", database)] if args.chain_on != "sqlite" else []
        centrals += [("SQLite", lambda: str(scratch / "chain.sqlite"))] if args.chain_on != "postgresql" else []
        for label, where in centrals:
            db_url = where()
            f = chain(db_url, scratch / label, demo_members=args.demo_members,
                      offline_entries=args.offline_entries, batch=args.till_batch)
            print(f"a till and a real server process, central on {label} (till batch {args.till_batch or 'default'}):")
            _line(f"demo till pushes its history ({f['pushed']:,} entries, with members, cards, receipts)",
                  f"{f['push_s']:8.2f} s", f"< {GOALS['push']} s")
            _line(f"a second till of the store pulls it back ({f['pulled']:,} rows)", f"{f['pull_s']:8.2f} s",
                  f"< {GOALS['push']} s")
            _line(f"after an outage: {f['offline_pushed']:,} entries sold offline ({f['offline_sales']:,} sales) pushed",
                  f"{f['offline_push_s']:8.2f} s", f"< {GOALS['offline']} s")
            _line(f"  ... and pulled by the other till ({f['offline_pulled']:,} rows)", f"{f['offline_pull_s']:8.2f} s")
            _line("bytes on the wire per entry pushed (JSON, what the till sends)", f"{f['wire_per_entry']:8.0f} B")
            _line("  ... gzip of the same bodies (not used; CPU "
                  f"{f['gzip_ms_per_1000']:.1f} ms per 1,000 entries)", f"{f['gzip_per_entry']:8.0f} B")
            _line("both tills agree on every balance", "yes" if f["agree"] else "NO")
            if not f["agree"]:
                return 1

        print(f"central member balance ({args.balance_members:,} members, {args.balance_entries:,} entries, "
              f"{args.samples:,} random members):")
        b = balances(postgres, members=args.balance_members, entries=args.balance_entries, samples=args.samples)
        print(f"  store: {b['members']:,} members, {b['made']}")
        _line("balance(): the sum of the member's entries on its kept connection, p50 / p99",
              f"{b['calls']['p50']:.3f} / {b['calls']['p99']:.3f} ms", f"p99 < {GOALS['balance_p99_ms']} ms")
        _line("  ... the same sum through a pooled connection (pre-ping, BEGIN, ROLLBACK)",
              f"{b['pooled']['p50']:.3f} / {b['pooled']['p99']:.3f} ms")
        _line("  ... the sum alone on an open connection, p50 / p99",
              f"{b['summed']['p50']:.3f} / {b['summed']['p99']:.3f} ms")
        _line("  ... a cached balance row per member instead, p50 / p99",
              f"{b['cached']['p50']:.3f} / {b['cached']['p99']:.3f} ms")
    finally:
        _drop(postgres, made)
        postgres.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


QUICK_ARGS = ["--entries", "20000", "--ingest-members", "2000", "--demo-members", "60", "--offline-entries", "1000",
              "--balance-members", "100000", "--balance-entries", "500000", "--samples", "500"]

if __name__ == "__main__":
    raise SystemExit(main())
