"""The demo's sales loaded in bulk are the very rows a till selling them one by one would write."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

import pytest

from db.demo import create_store
from db.store import SqlUnitOfWork, open_engine
from pos_loyalty.services.verify import verify_ledger

NOW = datetime(2026, 11, 30, 4, 0, tzinfo=timezone.utc)
# Made fresh on every build: the store's own id, and the staff's salted PIN hashes.
RANDOM_BY_DESIGN = {"settings": "key <> 'store_id'", "staff": None}
HASHED = {"staff": "pin_hash"}


def rows(path, table: str) -> list[tuple]:
    """Every row in rowid order (the order they were written; key order for a WITHOUT ROWID table),
    random-by-design columns left out."""
    with sqlite3.connect(path) as con:
        info = con.execute(f"PRAGMA table_info({table})").fetchall()
        columns = [c[1] for c in info if c[1] != HASHED.get(table)]
        where = RANDOM_BY_DESIGN.get(table)
        without_rowid = con.execute("SELECT sql LIKE '%WITHOUT ROWID' FROM sqlite_master WHERE name = ?",
                                    (table,)).fetchone()[0]
        order = ", ".join(c[1] for c in sorted(info, key=lambda c: c[5]) if c[5]) if without_rowid else "rowid"
        return con.execute(f"SELECT {', '.join(columns)} FROM {table}"
                           f"{' WHERE ' + where if where else ''} ORDER BY {order}").fetchall()


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo-bulk")
    bulk, one_by_one = folder / "bulk.sqlite", folder / "one-by-one.sqlite"
    create_store(bulk, demo=True, members=25, now=NOW, processes=2)  # two forked sellers, members apart
    create_store(one_by_one, demo=True, members=25, now=NOW, bulk=False)
    return bulk, one_by_one


def tables(path) -> list[str]:
    with sqlite3.connect(path) as con:
        return [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]


def test_every_table_of_a_bulk_loaded_demo_holds_the_rows_one_checkout_at_a_time_writes(stores):
    bulk, one_by_one = stores
    assert tables(bulk) == tables(one_by_one)
    differing = [table for table in tables(bulk) if rows(bulk, table) != rows(one_by_one, table)]
    assert differing == []


def test_the_comparison_covers_sales_that_earn_redeem_stamp_reward_and_draw(stores):
    bulk, _ = stores
    with sqlite3.connect(bulk) as con:
        kinds = {kind for (kind,) in con.execute("SELECT DISTINCT kind FROM ledger")}
        receipts = con.execute("SELECT count(*) FROM receipts").fetchone()[0]
    assert {"earn", "redeem", "stamp", "reward", "use", "draw"} <= kinds
    assert receipts > 300


def test_shards_keep_each_members_sales_together_and_in_the_order_they_were_made():
    from db.demo_shards import shards_by_member

    items = [(number, member) for number, member in enumerate("abacabddbc")]
    shards = shards_by_member(items, lambda member: member, 2)
    assert sorted(n for shard in shards for n, _ in shard) == list(range(10))
    assert all(shard == sorted(shard) for shard in shards)
    assert not set(m for _, m in shards[0]) & set(m for _, m in shards[1])
    assert sorted(len(shard) for shard in shards) == [5, 5]


def test_a_bulk_loaded_demo_passes_ledger_verify(stores):
    engine = open_engine(stores[0])
    try:
        assert verify_ledger(uow=SqlUnitOfWork(engine)) == []
    finally:
        engine.dispose()
