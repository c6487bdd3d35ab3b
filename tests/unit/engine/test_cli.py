"""`python main.py evaluate FILE`: JSON and exit 0, or one clear stderr line and exit 2."""
from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest

from .builders import BASE, scenario_doc

ROOT = pathlib.Path(__file__).resolve().parents[3]


def evaluate(tmp_path, content) -> subprocess.CompletedProcess:
    path = tmp_path / "scenario.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return subprocess.run([sys.executable, "main.py", "evaluate", str(path)], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)


def assert_refused(run: subprocess.CompletedProcess) -> None:
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert run.stdout == ""
    assert len(run.stderr.strip().splitlines()) == 1 and run.stderr.strip()


def test_a_good_scenario_prints_the_receipt_and_exits_0(tmp_path):
    run = evaluate(tmp_path, scenario_doc())
    assert run.returncode == 0 and json.loads(run.stdout)["total"] == 100


def test_a_missing_file_is_one_line_and_exit_2(tmp_path):
    run = subprocess.run([sys.executable, "main.py", "evaluate", str(tmp_path / "nope.json")], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert_refused(run)


@pytest.mark.parametrize("content", [
    "", "{", "[]", "null", '{"program": NaN}', "\ufeff{}", "[" * 50000 + "]" * 50000,
    scenario_doc(basket=[{"sku": "A", "price": -5, "qty": 1}]),
    scenario_doc(program={**BASE, "weekday": [1]}),
    scenario_doc(at="2026-11-24T10:00:00"),
    scenario_doc(at="not a time"),
    scenario_doc(program={**BASE, "timezone": "America"}),
    scenario_doc(program={**BASE, "timezone": "../../../etc/passwd"}),
    scenario_doc(seed=1.5),
])
def test_malformed_input_is_one_line_and_exit_2(tmp_path, content):
    assert_refused(evaluate(tmp_path, content))


def test_bytes_that_are_not_utf8_are_refused(tmp_path):
    path = tmp_path / "bad.json"
    path.write_bytes(b"\xff\xfe\x00")
    run = subprocess.run([sys.executable, "main.py", "evaluate", str(path)], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert_refused(run)


@pytest.mark.parametrize("program, member, at", [
    ({"points": {"earn": {"spend": 1, "points": 1}, "expire_days": 3000000}},
     {"id": "M", "point_lots": [{"points": 5, "earned": "2026-01-01T00:00:00+08:00"}]}, "2026-11-24T10:00:00+08:00"),
    ({"points": {"earn": {"spend": 1, "points": 1}, "expire_days": 10 ** 12}},
     {"id": "M", "point_lots": [{"points": 5, "earned": "2026-01-01T00:00:00+08:00"}]}, "2026-11-24T10:00:00+08:00"),
    ({"tiers": {"basis": "rolling_days", "days": 3000000, "levels": [{"name": "b", "min_spend": 0}]}},
     {"id": "M"}, "2026-11-24T10:00:00+08:00"),
    ({"stamp_cards": [{"id": "c", "name": "C", "earn": {"per": "item"}, "required": 2, "expire_days": 10 ** 10,
                       "reward": {"type": "amount_off", "amount": 1}}]},
     {"id": "M", "stamps": {"c": {"count": 1, "last_stamp": "2026-01-01T00:00:00+08:00"}}}, "2026-11-24T10:00:00+08:00"),
    ({"tiers": {"basis": "previous_month", "levels": [{"name": "b", "min_spend": 0}]}},
     {"id": "M"}, "0001-01-01T10:00:00+00:00"),
    ({"tiers": {"basis": "rolling_12_months", "levels": [{"name": "b", "min_spend": 0}]}},
     {"id": "M"}, "0001-03-01T10:00:00+00:00"),
    ({"promotions": [{"id": "p", "name": "p", "effect": {"type": "bonus_points", "points": 1},
                      "conditions": {"birthday": {"window_days": 3}}}]},
     {"id": "M", "birthday": "1990-02-28"}, "9999-12-30T10:00:00+00:00"),
])
def test_extreme_dates_and_periods_never_crash(tmp_path, program, member, at):
    run = evaluate(tmp_path, scenario_doc(program={**BASE, **program}, member=member, at=at))
    assert "Traceback" not in run.stderr
    assert run.returncode in (0, 2)
    if run.returncode == 2:
        assert_refused(run)
