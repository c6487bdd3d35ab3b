"""Huge numbers and bad files at the command line: one line, exit 2, nothing written, never a traceback.

One bound for every input (docs/decisions.md): money up to 10^12 minor units, points up to 10^9,
quantities up to 100,000 units a checkout."""
from __future__ import annotations

import copy
import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.integration.conftest import PROGRAM
from tests.integration.racing import basket, cli, new_shop, one

CAKE = {"sku": "CAKE", "name": "Cake", "category": "bakery", "price": 250, "qty": 1}


@pytest.fixture(scope="module")
def shop(tmp_path_factory) -> tuple[Path, str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    path = new_shop(folder)
    joined = cli("enrol", "--db", str(path), "--name", "林小美")
    member = joined.data["member"]
    assert cli("adjust", "--db", str(path), member, "300", "--reason", "welcome").code == 0
    return path, member, folder


def written(path: Path, *, immutable: bool = False) -> tuple:
    connection = sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True) if immutable else sqlite3.connect(path)
    try:
        return connection.execute("SELECT (SELECT count(*) FROM ledger), (SELECT count(*) FROM receipts), "
                                  "(SELECT count(*) FROM members), (SELECT count(*) FROM audit_log), "
                                  "(SELECT sum(points) FROM members)").fetchone()
    finally:
        connection.close()


def refused_in_one_line(outcome, *words: str) -> None:
    assert outcome.code == 2, (outcome.code, outcome.out, outcome.err)
    assert outcome.err.count("\n") == 1 and "Traceback" not in outcome.err, outcome.err
    for word in words:
        assert word in outcome.err, outcome.err


@pytest.mark.parametrize("ask", ["²", "١٢", "1" + "0" * 30, str(2**63 - 1), "1000000001", "-5", "1e3"])
def test_a_redeem_ask_that_is_no_number_or_beyond_the_bound_is_refused(shop, ask):
    path, member, folder = shop
    before = written(path)
    outcome = cli("checkout", "--db", str(path), "--member", member, "--basket", basket(folder, "cake", [CAKE]),
                  "--redeem-points", ask)
    refused_in_one_line(outcome, "--redeem-points")
    assert written(path) == before


@pytest.mark.parametrize("points", ["²", "1" + "0" * 30, str(2**63 - 1), "-" + str(2**63), "1000000001"])
def test_an_adjustment_beyond_the_bound_is_refused(shop, points):
    path, member, _ = shop
    before = written(path)
    refused_in_one_line(cli("adjust", "--db", str(path), member, points, "--reason", "typo"), "points")
    assert written(path) == before


@pytest.mark.parametrize("line", [
    {**CAKE, "price": 10**12 + 1},
    {**CAKE, "price": 2**63 - 1},
    {**CAKE, "qty": 10**30},
    {**CAKE, "price": 10**12, "qty": 2},    # each number in bounds, the basket not
])
def test_a_basket_beyond_the_bound_is_refused(shop, line):
    path, member, folder = shop
    before = written(path)
    outcome = cli("checkout", "--db", str(path), "--member", member, "--basket", basket(folder, "huge", [line]))
    refused_in_one_line(outcome, "basket")
    assert written(path) == before


@pytest.mark.parametrize("change", [
    lambda p: p.update(version=10**23),
    lambda p: p["points"]["earn"].update(points=10**23),
    lambda p: p["points"]["earn"].update(spend=10**23),
    lambda p: p["points"]["redeem"].update(value=10**23),
    lambda p: p["tiers"]["levels"][1].update(earn_multiplier=10**23),
    lambda p: p["stamp_cards"][0].update(required=10**23),
])
def test_a_program_with_numbers_beyond_the_bound_is_refused_at_init(tmp_path, change):
    program = copy.deepcopy(PROGRAM)
    change(program)
    (tmp_path / "program.json").write_text(json.dumps(program))
    outcome = cli("init", "--db", str(tmp_path / "shop.sqlite"), "--program", str(tmp_path / "program.json"))
    refused_in_one_line(outcome, "program")
    assert not (tmp_path / "shop.sqlite").exists()


def test_a_sale_cannot_earn_more_points_than_the_bound(tmp_path):
    program = copy.deepcopy(PROGRAM)
    program["points"]["earn"] = {"spend": 1, "points": 10**9}
    path = new_shop(tmp_path, program)
    member = cli("enrol", "--db", str(path), "--name", "林小美").data["member"]
    before = written(path)
    outcome = cli("checkout", "--db", str(path), "--member", member, "--basket", basket(tmp_path, "cake", [CAKE]))
    refused_in_one_line(outcome, "points")
    assert written(path) == before
    assert cli("ledger", "verify", "--db", str(path)).code == 0


# -- files that are not a usable store ---------------------------------------------------------
def test_db_naming_a_folder_is_refused(tmp_path):
    for command in (["checkout", "--basket", basket(tmp_path, "cake", [CAKE])], ["ledger", "verify"], ["init"],
                    ["enrol", "--name", "王"]):
        refused_in_one_line(cli(*command, "--db", str(tmp_path)), "folder")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cake.json"]


@pytest.mark.parametrize("content", [b"", b"hello, I am a shopping list\n", b"SQLite format 3\x00" + b"\x00" * 84])
def test_a_file_that_is_not_a_store_is_named_as_such_and_left_alone(tmp_path, content):
    path = tmp_path / "notes.sqlite"
    path.write_bytes(content)
    for command in (["ledger", "verify"], ["enrol", "--name", "王"], ["init"]):
        refused_in_one_line(cli(*command, "--db", str(path)), "not a loyalty store")
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.sqlite"]


def test_another_sqlite_database_is_not_a_store_and_is_left_alone(tmp_path):
    path = tmp_path / "other.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    for command in (["ledger", "verify"], ["init"], ["expire"]):
        refused_in_one_line(cli(*command, "--db", str(path)), "not a loyalty store")
    assert path.read_bytes() == before


def test_ledger_verify_on_a_missing_file_creates_nothing(tmp_path):
    refused_in_one_line(cli("ledger", "verify", "--db", str(tmp_path / "nothing.sqlite")), "No database")
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def small_disk(tmp_path):
    """A real 2 MB file system of its own (tmpfs), unmounted after the test."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("needs permission to mount a small tmpfs (root)")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_store_on_a_full_disk_writes_nothing_and_says_so(small_disk, tmp_path):
    path = new_shop(small_disk)
    member = cli("enrol", "--db", str(path), "--name", "林小美").data["member"]
    before = written(path)
    filler = small_disk / "filler"
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT)  # fill every block left
    try:
        while os.write(handle, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(handle)
    outcome = cli("checkout", "--db", str(path), "--member", member, "--basket",
                  basket(tmp_path, "cake", [{**CAKE, "qty": 500}]))
    refused_in_one_line(outcome, "full")
    filler.unlink()
    assert written(path) == before
    assert cli("ledger", "verify", "--db", str(path)).code == 0


def test_a_store_on_a_read_only_disk_writes_nothing_and_says_so(small_disk):
    path = new_shop(small_disk)
    member = cli("enrol", "--db", str(path), "--name", "林小美").data["member"]
    before = written(path)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    refused_in_one_line(cli("adjust", "--db", str(path), member, "5", "--reason", "gift"), "read-only")
    assert written(path, immutable=True) == before
