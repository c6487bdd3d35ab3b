"""The chain from the command line: code, register, sync --once, central member show."""
from __future__ import annotations

import json
import subprocess
import sys

from tests.fixtures.central import ROOT


def main_py(*argv: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *argv], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout)


def registered_till(tmp_path, server, name: str = "till"):
    till = str(tmp_path / f"{name}.sqlite")
    assert main_py("init", "--db", till).returncode == 0
    code = main_py("central", "code", "--db", server.db_url).stdout.strip().splitlines()[-1]
    joined = main_py("terminal", "register", "--server", server.url, "--code", code, "--db", till)
    assert joined.returncode == 0, joined.stderr
    return till, json.loads(joined.stdout)


def test_central_code_prints_the_code_as_its_last_line(tmp_path):
    result = main_py("central", "code", "--db", str(tmp_path / "central.sqlite"), "--store", "Taipei 101")
    assert result.returncode == 0
    code = result.stdout.strip().splitlines()[-1]
    assert len(code) == 9 and code[4] == "-"


def test_a_registered_till_syncs_once_and_says_what_it_did(tmp_path, server_process):
    server = server_process(str(tmp_path / "central.sqlite"))
    server.db_url = str(tmp_path / "central.sqlite")
    till, registered = registered_till(tmp_path, server)
    assert registered["terminal"] == "T0001"
    enrolled = main_py("enrol", "--db", till, "--name", "Alice Wang", "--phone", "0911222333")
    member = json.loads(enrolled.stdout)["member"]
    assert main_py("adjust", member, "40", "--reason", "welcome", "--db", till).returncode == 0
    result = main_py("sync", "--once", "--db", till)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["pushed"] == 1 and summary["pending"] == 0 and summary["quarantined"] == 0
    # no program was published on the server: the chain took the first till's, so the views agree
    local = json.loads(main_py("member", "show", member, "--db", till).stdout)
    central = json.loads(main_py("central", "member", "show", member, "--db", server.db_url).stdout)
    assert central == local


def test_a_chain_with_a_program_keeps_it_when_a_till_with_other_rules_registers(tmp_path, server_process):
    server = server_process(str(tmp_path / "central.sqlite"))
    server.db_url = str(tmp_path / "central.sqlite")
    chain_rules = json.loads((ROOT / "resources" / "demo" / "program.json").read_text(encoding="utf-8"))
    chain_rules["version"] = 7
    (tmp_path / "chain.json").write_text(json.dumps(chain_rules), encoding="utf-8")
    assert main_py("central", "program", "publish", str(tmp_path / "chain.json"), "--db", server.db_url).returncode == 0
    till, _ = registered_till(tmp_path, server)        # runs the demo rules, version 1
    assert main_py("sync", "--once", "--db", till).returncode == 0
    assert json.loads(main_py("program", "show", "--db", till).stdout)["version"] == 7


def test_sync_once_with_the_server_down_exits_1_and_keeps_everything(tmp_path, server_process):
    server = server_process(str(tmp_path / "central.sqlite"))
    server.db_url = str(tmp_path / "central.sqlite")
    till, _ = registered_till(tmp_path, server)
    member = json.loads(main_py("enrol", "--db", till, "--name", "Bob Lin").stdout)["member"]
    main_py("adjust", member, "5", "--reason", "welcome", "--db", till)
    server.kill()
    result = main_py("sync", "--once", "--db", till)
    assert result.returncode == 1
    assert json.loads(result.stdout.splitlines()[0])["pending"] == 1
    assert len(result.stderr.strip().splitlines()) == 1


def test_register_with_a_wrong_code_is_one_line_and_exit_2(tmp_path, server_process):
    server = server_process(str(tmp_path / "central.sqlite"))
    till = str(tmp_path / "till.sqlite")
    main_py("init", "--db", till)
    result = main_py("terminal", "register", "--server", server.url, "--code", "WRNG-CODE", "--db", till)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "code" in result.stderr


def test_sync_on_an_unregistered_till_is_one_line_and_exit_2(tmp_path):
    till = str(tmp_path / "till.sqlite")
    main_py("init", "--db", till)
    result = main_py("sync", "--once", "--db", till)
    assert result.returncode == 2
    assert "not registered" in result.stderr
