"""`ledger verify` checks invariants, not only caches: copies of one store, each corrupted by SQL in
one way, and verify names what is wrong in each."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from db.store import SqlUnitOfWork, open_engine
from pos_loyalty.services.adjustments import PointsAdjustment, adjust_points
from pos_loyalty.services.verify import verify_ledger

from tests.integration.conftest import CAKE, LATTE, Till


@pytest.fixture(scope="module")
def sound(tmp_path_factory) -> Path:
    """A store with a member's sales (earning, spending, stamps) and a guest's sale; verify is clean."""
    import json

    from db.demo import create_store
    from tests.integration.conftest import PROGRAM, at

    path = tmp_path_factory.mktemp("invariants") / "sound.sqlite"
    create_store(path, program_text=json.dumps(PROGRAM), now=at("2026-01-01 09:00"))
    till = Till(path)
    member = till.enrol()
    adjust_points(PointsAdjustment(member.id, 50, reason="welcome"), uow=till.uow(), clock=till.clock)
    till.pay(member.id, LATTE, CAKE)
    till.pay(member.id, CAKE, redeem_points=40)
    till.pay(None, LATTE)
    till.engine.dispose()
    return path


def problems(path: Path) -> list[str]:
    engine = open_engine(path)
    try:
        return [str(problem) for problem in verify_ledger(uow=SqlUnitOfWork(engine))]
    finally:
        engine.dispose()


def corrupted(sound: Path, folder: Path, *statements: str) -> Path:
    copy = folder / "copy.sqlite"
    shutil.copy(sound, copy)
    connection = sqlite3.connect(copy)
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()
    return copy


def test_the_sound_store_verifies_clean(sound):
    assert problems(sound) == []


CASES = {
    "a lot below zero": (
        ["UPDATE point_lots SET remaining = -5 WHERE id = (SELECT min(id) FROM point_lots)"],
        "negative lot"),
    "a balance below zero, cache and ledger agreeing": (
        ["UPDATE members SET points = -10",
         "UPDATE point_lots SET remaining = 0",
         "INSERT INTO ledger (id, terminal_id, seq, member_id, kind, at, points, stamps, reason, synced) "
         "SELECT 'forged', 'T-01', (SELECT max(seq) + 1 FROM ledger), id, 'adjust', '2026-06-03T00:00:00.000000+00:00', "
         "-10 - (SELECT sum(points) FROM ledger WHERE member_id = members.id), 0, 'forged', 0 FROM members",
         "UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'next_seq'"],
        "negative balance"),
    "a lot's remainder not its entries": (
        ["UPDATE point_lots SET remaining = remaining + 7 WHERE id = (SELECT max(id) FROM point_lots)",
         "UPDATE members SET points = points + 7"],
        "lot "),
    "a sequence number missing": (
        ["DELETE FROM ledger WHERE seq = 2 AND kind = 'stamp'",
         "UPDATE stamp_balances SET count = count - 1"],
        "sequence gap T-01"),
    "a receipt whose entries earn what it does not say": (
        ["UPDATE receipts SET points_earned = points_earned + 3 WHERE points_earned > 0"],
        "receipt entries"),
    "a receipt whose entries spend what it does not say": (
        ["UPDATE receipts SET points_used = 12 WHERE points_used > 0"],
        "used 12 on the receipt, 40 in the ledger"),
    "a stamp count not its entries": (
        ["UPDATE stamp_balances SET count = count + 2"],
        "stamps "),
    "an entry on a guest's receipt": (
        ["UPDATE ledger SET receipt_id = (SELECT id FROM receipts WHERE member_id IS NULL) "
         "WHERE kind = 'use' OR rowid = (SELECT max(rowid) FROM ledger WHERE kind = 'stamp')"],
        "which is a guest's"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_verify_names_each_broken_invariant(sound, tmp_path, case):
    statements, words = CASES[case]
    found = problems(corrupted(sound, tmp_path, *statements))
    assert any(words in problem for problem in found), found


def test_the_command_says_how_many_problems_and_exits_1(sound, tmp_path, capsys):
    from cli import main

    copy = corrupted(sound, tmp_path, "UPDATE stamp_balances SET count = count + 2")
    assert main(["ledger", "verify", "--db", str(copy)]) == 1
    out = capsys.readouterr().out
    assert out.strip().endswith("1 problem(s)") and "stamps" in out
