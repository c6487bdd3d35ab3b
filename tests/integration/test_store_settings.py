"""Store settings from the command line: checked when set, kept in the store, audited."""
from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def cli(*args: str) -> Ran:
    """The command line in this process (an interpreter per call is seconds on a loaded machine)."""
    from cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as stop:
            code = int(stop.code or 0)
    return Ran(code, out.getvalue(), err.getvalue())


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "shop.sqlite"
    assert cli("init", "--db", str(path)).returncode == 0
    return str(path)


def test_main_py_refuses_a_bad_printer_in_one_line_with_exit_2(db):
    run = subprocess.run([sys.executable, "main.py", "settings", "set", "printer", "lpt1", "--db", db], cwd=REPO,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1 and "tcp://" in run.stderr


def test_a_printer_set_at_the_command_line_is_what_the_store_reads(db):
    done = cli("settings", "set", "printer", "tcp://127.0.0.1:9100", "--db", db)
    assert done.returncode == 0, done.stderr
    shown = json.loads(cli("settings", "show", "--db", db).stdout)
    assert shown["printer"] == "tcp://127.0.0.1:9100"


def test_the_shops_name_and_logo_are_kept(db, tmp_path):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (64, 64), "white").save(logo)
    assert cli("settings", "set", "shop_name", "幸福咖啡", "--db", db).returncode == 0
    assert cli("settings", "set", "logo", str(logo), "--db", db).returncode == 0
    shown = json.loads(cli("settings", "show", "--db", db).stdout)
    assert shown["shop_name"] == "幸福咖啡" and shown["logo"] == str(logo.resolve())


@pytest.mark.parametrize("key, value", [("printer", "lpt1"), ("printer_width", "200"), ("drawer", "maybe"),
                                        ("shop_name", "  "), ("logo", "/no/such/logo.png")])
def test_a_bad_value_is_one_line_exit_2_and_nothing_changes(db, key, value):
    before = cli("settings", "show", "--db", db).stdout
    refused = cli("settings", "set", key, value, "--db", db)
    assert refused.returncode == 2
    assert len(refused.stderr.strip().splitlines()) == 1 and "Traceback" not in refused.stderr
    assert cli("settings", "show", "--db", db).stdout == before


def test_unset_goes_back_to_no_printer(db):
    cli("settings", "set", "printer", "tcp://127.0.0.1:9100", "--db", db)
    assert cli("settings", "unset", "printer", "--db", db).returncode == 0
    assert json.loads(cli("settings", "show", "--db", db).stdout)["printer"] is None


def test_a_change_is_in_the_audit_log(db):
    cli("settings", "set", "printer", "tcp://127.0.0.1:9100", "--db", db, "--by", "manager-amy")
    log = cli("audit", "show", "--db", db, "--action", "setting")
    assert log.returncode == 0, log.stderr
    assert "manager-amy" in log.stdout and "tcp://127.0.0.1:9100" in log.stdout
