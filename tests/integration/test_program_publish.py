"""Publishing the program: explicit, versioned, and applied by the till from its next sale."""
from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from db.demo import create_store
from pos_loyalty.errors import Refused
from pos_loyalty.services.programs import active_program_text, publish

from tests.integration.conftest import LATTE, PROGRAM

ROOT = Path(__file__).resolve().parents[2]


def version(number: int, **points_earn) -> str:  # noqa: ANN003
    program = copy.deepcopy(PROGRAM)
    program["version"] = number
    program["points"]["earn"].update(points_earn)
    return json.dumps(program)


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", *args], capture_output=True, text=True, cwd=ROOT)


def test_program_show_prints_the_active_program_file(till):
    run = cli("program", "show", "--db", str(till.path))
    assert run.returncode == 0 and json.loads(run.stdout) == PROGRAM


def test_a_published_version_applies_from_the_next_sale(till):
    member = till.enrol()
    assert till.pay(member.id, LATTE).receipt.points_earned == 10
    publish(version(2, spend=5), uow=till.uow(), clock=till.clock)
    receipt = till.pay(member.id, LATTE).receipt
    assert (receipt.program_version, receipt.points_earned) == (2, 20)


def test_publishing_a_version_again_with_other_rules_is_refused(till):
    with pytest.raises(Refused, match="already published with other rules"):
        publish(version(1, spend=5), uow=till.uow(), clock=till.clock)
    assert json.loads(active_program_text(uow=till.uow())) == PROGRAM


def test_publishing_the_same_file_again_changes_nothing(till):
    assert publish(json.dumps(PROGRAM, indent=4), uow=till.uow(), clock=till.clock).unchanged


def test_a_version_below_the_newest_is_refused(till):
    publish(version(3), uow=till.uow(), clock=till.clock)
    with pytest.raises(Refused, match="not above the newest published version 3"):
        publish(version(2), uow=till.uow(), clock=till.clock)


def test_publishing_is_in_the_audit_log_with_before_and_after(till):
    publish(version(2), uow=till.uow(), clock=till.clock, actor="Lin (S001)")
    with till.uow() as uow:
        row = uow.c.exec_driver_sql("SELECT actor, detail FROM audit_log WHERE action = 'program_publish'").one()
    assert (row[0], json.loads(row[1])) == ("Lin (S001)", {"before": {"version": 1}, "after": {"version": 2}})


def test_init_with_an_existing_version_but_changed_rules_is_refused(till, tmp_path):
    changed = tmp_path / "changed.json"
    changed.write_text(version(1, spend=5), encoding="utf-8")
    run = cli("init", "--db", str(till.path), "--program", str(changed))
    assert run.returncode == 2 and "already published with other rules" in run.stderr
    assert json.loads(active_program_text(uow=till.uow())) == PROGRAM


def test_program_publish_of_a_broken_file_is_one_line_and_writes_nothing(till, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text(version(2).replace('"points": 1', '"pionts": 1'), encoding="utf-8")
    run = cli("program", "publish", str(broken), "--db", str(till.path))
    assert (run.returncode, run.stderr.count("\n"), run.stdout) == (2, 1, "")
    assert json.loads(active_program_text(uow=till.uow()))["version"] == 1


def test_the_cli_publishes_a_new_version(till, tmp_path):
    newer = tmp_path / "v2.json"
    newer.write_text(version(2, spend=5), encoding="utf-8")
    run = cli("program", "publish", str(newer), "--db", str(till.path))
    assert run.returncode == 0 and json.loads(run.stdout) == {"published": 2, "previous": 1, "unchanged": False}
