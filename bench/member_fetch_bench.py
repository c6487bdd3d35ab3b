"""A member of another store looked up at a till that never saw them: fetched from the central
server on loopback (goal p95 < 150 ms), against the same look-up once the member is kept.

    python -m bench.member_fetch_bench [--members 300] [--entries 10] [--fetches 200] [--db URL | --postgres]

A real `python main.py serve` process on 127.0.0.1 (its store: an SQLite file in a temporary
folder, or the PostgreSQL database `--db` names), a till of the "Main store" that enrols the
members and gives each `--entries` ledger entries and pushes them, and a till of the "North
store" that looks each member up by number through the till's own backend (TillBackend.find_members:
local miss, signed GET /v1/members/{id}, the bundle written into its store, the member read back).
Printed: p50/p95/p99 of that, of the server's answer alone (the same GET, nothing stored), and of
the look-up of a member already kept (what every later look-up costs), with the load average.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

from bench.stats import percentile

ROOT = Path(__file__).resolve().parent.parent


def wall() -> datetime:
    return datetime.now(timezone.utc)


def start_server(db_url: str) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "serve", "--db", db_url, "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    line = process.stdout.readline() if process.stdout else ""
    if not line.startswith("serving on "):
        process.kill()
        raise RuntimeError(f"the central server did not start: {line}{process.stderr.read() if process.stderr else ''}")
    return process, line.split()[-1]


def registered_till(path: Path, server: str, db_url: str, store: str):  # noqa: ANN201 - (engine, SyncClient)
    from cli.sync import client_for
    from db.demo import create_store
    from db.store import open_engine
    from db.sync_store import TillSyncStore
    from pos_loyalty.cards.key_directory import KeyDirectory
    from pos_loyalty.central.db import open_central
    from pos_loyalty.central.terminals import new_code
    from pos_loyalty.sync.http import register
    from pos_loyalty.sync.registering import register_till

    create_store(path)
    engine = open_engine(path)
    central = open_central(db_url)
    try:
        code = new_code(central, store=store, at=wall())
    finally:
        central.dispose()
    register_till(TillSyncStore(engine), KeyDirectory.next_to(path), server=server, code=code, name=path.stem,
                  at=wall(), send=register)
    client, _transport = client_for(engine)
    return engine, client


def fill_main_store(engine, client, members: int, entries: int) -> list[str]:  # noqa: ANN001
    from db.store import SqlUnitOfWork
    from pos_loyalty.services.adjustments import PointsAdjustment, adjust_points
    from pos_loyalty.services.enrolment import Enrolment, enrol

    ids = []
    for n in range(members):
        member = enrol(Enrolment(name=f"Member {n}", phone=f"09{n:08d}"), uow=SqlUnitOfWork(engine), clock=wall)
        for _ in range(entries):
            adjust_points(PointsAdjustment(member_id=member.id, points=10, reason="bench"),
                          uow=SqlUnitOfWork(engine), clock=wall)
        ids.append(member.id)
    client.run_once()
    return ids


def _line(label: str, samples: list[float]) -> str:
    ms = [s * 1000 for s in samples]
    return (f"  {label:<52} n={len(ms):>5}  p50 {percentile(ms, 50):7.2f} ms  p95 {percentile(ms, 95):7.2f} ms  "
            f"p99 {percentile(ms, 99):7.2f} ms")


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=300, help="members of the main store")
    parser.add_argument("--entries", type=int, default=10, help="ledger entries per member")
    parser.add_argument("--fetches", type=int, default=200, help="look-ups at the north till (distinct members)")
    parser.add_argument("--db", default="", help="the central store (postgresql://...); default an SQLite file")
    parser.add_argument("--postgres", action="store_true",
                        help="start a PostgreSQL 15 cluster of its own (initdb, free port) for the central store")
    args = parser.parse_args(argv)
    if min(args.members, args.fetches) < 1 or args.entries < 0:
        print("error: --members and --fetches at least 1, --entries at least 0", file=sys.stderr)
        return 2
    from ui.till.backend import TillBackend

    postgres = None
    if args.postgres and not args.db:
        sys.path.insert(0, str(ROOT))
        from tests.fixtures.central import PostgresServer   # the suite's own initdb-and-start helper
        postgres = PostgresServer()
        args.db = postgres.create_database()
    try:
        return _run(args, TillBackend)
    finally:
        if postgres is not None:
            postgres.stop()


def _run(args: argparse.Namespace, TillBackend) -> int:  # noqa: ANN001, N803
    with tempfile.TemporaryDirectory(prefix="member-fetch-") as folder:
        here = Path(folder)
        db_url = args.db or str(here / "central.sqlite")
        process, server = start_server(db_url)
        try:
            started = time.perf_counter()
            main_engine, main_client = registered_till(here / "main.sqlite", server, db_url, "Main store")
            ids = fill_main_store(main_engine, main_client, args.members, args.entries)
            north_engine, north_client = registered_till(here / "north.sqlite", server, db_url, "North store")
            north_client.run_once()
            setup = time.perf_counter() - started
            backend = TillBackend(here / "north.sqlite", clock=wall)
            backend.open()
            wanted = ids[: args.fetches]
            answer_only, fetched, kept = [], [], []
            transport = north_client.transport
            for member_id in wanted:             # the server's answer alone (nothing stored, no follow kept)
                t = time.perf_counter()
                status, _body = transport.call("GET", f"/v1/members/{member_id}", None)
                answer_only.append(time.perf_counter() - t)
                assert status == 200, status
            for member_id in wanted:             # what the cashier waits for: type the number, see the member
                t = time.perf_counter()
                found = backend.find_members(member_id)
                fetched.append(time.perf_counter() - t)
                assert [m.id for m in found] == [member_id]
            for member_id in wanted:
                t = time.perf_counter()
                backend.find_members(member_id)
                kept.append(time.perf_counter() - t)
            backend.engine.dispose()
            for engine in (main_engine, north_engine):
                engine.dispose()
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    load = os.getloadavg()
    store = "PostgreSQL" if args.db else "SQLite"
    print(f"member of another store, fetched on demand ({store} central store, {args.members} members x "
          f"{args.entries} entries, set-up {setup:.1f} s, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f})")
    print(_line("till look-up, fetched from the server (goal p95 < 150)", fetched))
    print(_line("  of which the server's signed answer alone", answer_only))
    print(_line("till look-up of a member already kept (alternative)", kept))
    return 0


QUICK_ARGS = ["--members", "20", "--entries", "3", "--fetches", "20"]

if __name__ == "__main__":
    sys.exit(main())
