"""A checkout killed (SIGKILL) at any step of its write leaves the whole receipt or nothing."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from db.store import SqlUnitOfWork, open_engine
from pos_loyalty.services.verify import verify_ledger

ROOT = Path(__file__).resolve().parents[2]
STEPS_BEFORE_COMMIT = ["after_receipt", "after_lines", "after_ledger", "after_caches", "before_commit"]


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


def receipts_and_entries(path: Path) -> tuple[int, int]:
    engine = open_engine(path)
    with engine.connect() as connection:
        receipts = connection.exec_driver_sql("SELECT count(*) FROM receipts").scalar()
        entries = connection.exec_driver_sql("SELECT count(*) FROM ledger").scalar()
    engine.dispose()
    return receipts, entries


@pytest.fixture(scope="module")
def shop(tmp_path_factory) -> tuple[Path, Path, str]:
    folder = tmp_path_factory.mktemp("crash")
    path = folder / "shop.sqlite"
    assert run("init", "--db", str(path)).returncode == 0
    joined = run("enrol", "--db", str(path), "--name", "林小美", "--phone", "0922333444")
    member = json.loads(joined.stdout)["member"]
    basket = folder / "basket.json"
    basket.write_text(json.dumps([{"sku": "LATTE", "name": "Latte", "category": "coffee", "price": 65, "qty": 3},
                                  {"sku": "RICE", "name": "Rice", "category": "grocery", "price": 199, "qty": 1}]))
    return path, basket, member


@pytest.mark.parametrize("step", STEPS_BEFORE_COMMIT + ["after_commit"])
def test_a_checkout_killed_at_each_step_stores_all_of_it_or_nothing(shop, step):
    path, basket, member = shop
    receipts_before, entries_before = receipts_and_entries(path)
    killed = run("checkout", "--db", str(path), "--member", member, "--basket", str(basket),
                 env={"POS_CRASH_AT": step})
    assert killed.returncode == -signal.SIGKILL
    receipts, entries = receipts_and_entries(path)
    if step in STEPS_BEFORE_COMMIT:
        assert (receipts, entries) == (receipts_before, entries_before)
    else:
        assert receipts == receipts_before + 1 and entries > entries_before
    assert verify_ledger(uow=SqlUnitOfWork(open_engine(path))) == []
    assert run("ledger", "verify", "--db", str(path)).stdout.strip().endswith("clean")


def test_a_malformed_basket_is_refused_with_one_line_and_writes_nothing(shop, tmp_path):
    path, _, member = shop
    bad = tmp_path / "bad.json"
    bad.write_text('[{"sku": "X", "price": -1, "qty": 1}]')
    before = receipts_and_entries(path)
    result = run("checkout", "--db", str(path), "--member", member, "--basket", str(bad))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "price" in result.stderr and "Traceback" not in result.stderr
    assert receipts_and_entries(path) == before


@pytest.mark.parametrize("args, words", [
    (["--member", "M9999999"], "No member"),
    (["--at", "yesterday"], "--at"),
    (["--redeem-points", "lots"], "--redeem-points"),
])
def test_bad_checkout_arguments_get_a_clear_line(shop, args, words):
    path, basket, member = shop
    extra = args if args[0] == "--member" else ["--member", member, *args]
    result = run("checkout", "--db", str(path), "--basket", str(basket), *extra)
    assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr
