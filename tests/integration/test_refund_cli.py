"""`python main.py refund RECEIPT_ID [--lines ...] [--reason ...]`: what was settled, or one line and exit 2."""
from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest

from tests.integration.conftest import CAKE, LATTE, Till
from tests.integration.test_refund_settlement import MIN_SPEND_PROMOTION, till_with

ROOT = pathlib.Path(__file__).resolve().parents[2]


def run(till: Till, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", "refund", "--db", str(till.path), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def refunds_written(till: Till) -> int:
    with till.uow() as uow:
        return uow.c.exec_driver_sql("SELECT count(*) FROM refunds").scalar()


@pytest.fixture
def sold(tmp_path):
    till = till_with(tmp_path, MIN_SPEND_PROMOTION)
    member = till.enrol()
    return till, till.pay(member.id, LATTE, CAKE, when="2026-06-02 10:00")   # 300 - 30 = 270


def test_a_partial_refund_prints_the_money_back_and_every_line_of_the_settlement(sold):
    till, sale = sold
    done = run(till, sale.receipt_id, "--lines", "0", "--reason", "wrong size", "--at", "2026-06-02T11:00:00+08:00")
    assert done.returncode == 0, done.stderr
    settled = json.loads(done.stdout)
    assert settled["amount"] == 70 and settled["lines"] == [0]
    assert any("300 and up: 30 off" in line for line in settled["explain"])
    assert all(set(line) == {"en", "zh_TW"} for line in settled["explain_i18n"])


@pytest.mark.parametrize("args", [
    ["--lines", "x"], ["--lines", ""], ["--lines", "0,,1"], ["--lines", "²"], ["--lines", "7"],
    ["--lines", "99999999999999999999999"], ["--at", "yesterday"], ["--at", "2026-06-02T09:00:00+08:00"],
    ["--reason", "x" * 501],
])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(sold, args):
    till, sale = sold
    done = run(till, sale.receipt_id, *args)
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert refunds_written(till) == 0


def test_an_unknown_receipt_and_a_second_refund_are_one_line_each(sold):
    till, sale = sold
    assert run(till, "no-such-receipt").returncode == 2
    assert run(till, sale.receipt_id, "--at", "2026-06-02T11:00:00+08:00").returncode == 0
    again = run(till, sale.receipt_id, "--at", "2026-06-02T11:05:00+08:00")
    assert again.returncode == 2 and "already refunded" in again.stderr and len(again.stderr.splitlines()) == 1
