"""A demo store built once is kept as a template; the next one is a copy of the same real store."""
from __future__ import annotations

import sqlite3

from db.demo import create_store
from db.store import SqlUnitOfWork, open_engine
from pos_loyalty.services.verify import verify_ledger

TABLES = ("members", "receipts", "ledger", "membership_cards")


def contents(path) -> dict:
    with sqlite3.connect(path) as con:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        counts["last entry"] = con.execute("SELECT * FROM ledger ORDER BY rowid DESC LIMIT 1").fetchone()
    return counts


def test_a_second_demo_store_is_a_copy_of_the_first_with_a_clean_ledger(tmp_path, monkeypatch):
    monkeypatch.setenv("POS_DEMO_TEMPLATES", str(tmp_path / "templates"))
    first = create_store(tmp_path / "a.sqlite", demo=True, members=12)
    second = create_store(tmp_path / "b.sqlite", demo=True, members=12)
    assert "from_template" not in first and second["from_template"] is True
    assert second["receipts"] == first["receipts"] > 0
    assert contents(tmp_path / "b.sqlite") == contents(tmp_path / "a.sqlite")
    assert (tmp_path / "b.sqlite.keys" / "issuer.json").read_bytes() == (tmp_path / "a.sqlite.keys" / "issuer.json").read_bytes()
    engine = open_engine(tmp_path / "b.sqlite")
    assert verify_ledger(uow=SqlUnitOfWork(engine)) == []
    engine.dispose()


def test_a_demo_with_other_inputs_is_built_afresh(tmp_path, monkeypatch):
    monkeypatch.setenv("POS_DEMO_TEMPLATES", str(tmp_path / "templates"))
    create_store(tmp_path / "a.sqlite", demo=True, members=12)
    other = create_store(tmp_path / "b.sqlite", demo=True, members=12, seed=7)
    assert "from_template" not in other


def test_templates_can_be_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv("POS_DEMO_TEMPLATES", "off")
    create_store(tmp_path / "a.sqlite", demo=True, members=12)
    assert "from_template" not in create_store(tmp_path / "b.sqlite", demo=True, members=12)
