"""Several processes at once on one store: nothing is spent twice, nothing goes below zero.

Every command reads the member's state inside its own write transaction (BEGIN IMMEDIATE), so
racing processes queue instead of all acting on the same balance."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from tests.integration.racing import basket, cli, new_shop, one, race, rows

LATTE = {"sku": "LATTE", "name": "Latte", "category": "coffee", "price": 100, "qty": 1}
CAKE = {"sku": "CAKE", "name": "Cake", "category": "bakery", "price": 250, "qty": 1}
CIGARS = {"sku": "CIGAR", "name": "Cigars", "category": "tobacco", "price": 250, "qty": 1}  # earns no points


def enrol(path, *extra: str) -> str:
    joined = cli("enrol", "--db", str(path), "--name", "林小美", *extra)
    assert joined.code == 0, joined.err
    return joined.data["member"]


def give(path, member: str, points: int) -> None:
    given = cli("adjust", "--db", str(path), member, str(points), "--reason", "welcome gift")
    assert given.code == 0, given.err


def balance(path, member: str) -> int:
    return one(path, "SELECT points FROM members WHERE id = ?", member)


def assert_clean(path) -> None:
    verified = cli("ledger", "verify", "--db", str(path))
    assert verified.code == 0 and verified.out.strip().endswith("clean"), verified.out + verified.err
    assert one(path, "SELECT count(*) FROM point_lots WHERE remaining < 0") == 0
    assert one(path, "SELECT count(*) FROM members WHERE points < 0") == 0


def assert_one_line_refusals(outcomes) -> None:
    for refused in (o for o in outcomes if o.code != 0):
        assert refused.code == 2, refused.err
        assert refused.err.count("\n") == 1 and "Traceback" not in refused.err, refused.err


def test_eight_checkouts_redeeming_200_of_300_points_spend_at_most_300(tmp_path):
    path = new_shop(tmp_path)
    member = enrol(path)
    give(path, member, 300)
    cigars = basket(tmp_path, "cigars", [CIGARS])
    outcomes = race([("checkout", "--db", str(path), "--member", member, "--basket", cigars,
                      "--redeem-points", "200")] * 8)
    assert_one_line_refusals(outcomes)
    paid = [o.data for o in outcomes if o.code == 0]
    used = sum(receipt["points_used"] for receipt in paid)
    assert used == 300  # 200 by the first, the 100 left by the next, nothing by the rest
    assert one(path, "SELECT -sum(points) FROM ledger WHERE kind = 'redeem'") == 300
    assert balance(path, member) == 0
    assert_clean(path)


def full_card_shop(folder) -> tuple:
    folder.mkdir()
    path = new_shop(folder)
    member = enrol(path, "--open-cards")  # 1 starter stamp
    two = basket(folder, "two", [{**LATTE, "qty": 2}])
    assert cli("checkout", "--db", str(path), "--member", member, "--basket", two).code == 0  # 3 of 3: full
    return path, member, ("checkout", "--db", str(path), "--member", member, "--basket", basket(folder, "one", [LATTE]))


def test_six_one_coffee_checkouts_at_once_on_a_full_card_give_what_six_in_a_row_give(tmp_path):
    in_a_row, _, command = full_card_shop(tmp_path / "in-a-row")
    free_in_a_row = sum(bool(cli(*command).data["cards_redeemed"]) for _ in range(6))
    path, member, command = full_card_shop(tmp_path / "at-once")
    outcomes = race([command] * 6)
    assert [o.code for o in outcomes] == [0] * 6, [o.err for o in outcomes]
    assert sum(bool(o.data["cards_redeemed"]) for o in outcomes) == free_in_a_row == 2  # the full card, and one refilled
    assert one(path, "SELECT count(*) FROM ledger WHERE kind = 'reward'") == 2
    assert one(path, "SELECT count FROM stamp_balances WHERE member_id = ?", member) == \
        one(in_a_row, "SELECT count FROM stamp_balances")
    assert_clean(path)


def test_expiry_racing_a_checkout_expires_a_lapsed_lot_once(tmp_path):
    path = new_shop(tmp_path)
    member = enrol(path)
    give(path, member, 120)
    later = (datetime.now(timezone.utc) + timedelta(days=400)).isoformat()
    cake = basket(tmp_path, "cake", [CAKE])
    outcomes = race([("expire", "--db", str(path), "--at", later)] * 3 +
                    [("checkout", "--db", str(path), "--member", member, "--basket", cake, "--at", later)] * 3)
    assert [o.code for o in outcomes] == [0] * 6, [o.err for o in outcomes]
    assert one(path, "SELECT -sum(points) FROM ledger WHERE kind = 'expire'") == 120
    earned = one(path, "SELECT sum(points) FROM ledger WHERE kind = 'earn'")
    assert balance(path, member) == earned
    assert_clean(path)


def test_eight_adjustments_of_minus_100_never_go_below_zero(tmp_path):
    path = new_shop(tmp_path)
    member = enrol(path)
    give(path, member, 300)
    outcomes = race([("adjust", "--db", str(path), member, "-100", "--reason", "correction")] * 8)
    assert_one_line_refusals(outcomes)
    assert sorted(o.code for o in outcomes) == [0, 0, 0, 2, 2, 2, 2, 2]
    assert balance(path, member) == 0
    assert_clean(path)


def test_six_refunds_of_one_receipt_give_one_refund_and_five_clear_refusals(tmp_path):
    path = new_shop(tmp_path)
    member = enrol(path)
    sold = cli("checkout", "--db", str(path), "--member", member, "--basket", basket(tmp_path, "cake", [CAKE]))
    receipt = sold.data["receipt_id"]
    outcomes = race([("refund", "--db", str(path), receipt, "--reason", "changed mind")] * 6)
    assert sorted(o.code for o in outcomes) == [0, 2, 2, 2, 2, 2], [o.err for o in outcomes]
    assert_one_line_refusals(outcomes)
    assert one(path, "SELECT count(*) FROM refunds") == 1
    assert balance(path, member) == 0
    assert_clean(path)


def test_six_enrolments_with_one_phone_make_one_member(tmp_path):
    path = new_shop(tmp_path)
    outcomes = race([("enrol", "--db", str(path), "--name", f"客人{n}", "--phone", "0912000111")
                     for n in range(6)])
    assert sorted(o.code for o in outcomes) == [0, 2, 2, 2, 2, 2], [o.err for o in outcomes]
    assert_one_line_refusals(outcomes)
    assert one(path, "SELECT count(*) FROM members") == 1


@pytest.fixture
def held(tmp_path):
    """Another process holds the store's write lock for the whole test."""
    path = new_shop(tmp_path)
    member = enrol(path)
    give(path, member, 100)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    yield path, member
    holder.execute("ROLLBACK")
    holder.close()


@pytest.mark.parametrize("command", [
    ("checkout", "--basket", "CAKE"),
    ("adjust", "MEMBER", "-10", "--reason", "correction"),
    ("enrol", "--name", "王大明"),
    ("expire",),
])
def test_a_store_held_busy_past_the_wait_says_so_in_one_line_and_writes_nothing(held, tmp_path, command):
    path, member = held
    argv = [part.replace("MEMBER", member) for part in command]
    if "--basket" in argv:
        argv[argv.index("CAKE")] = basket(tmp_path, "cake", [CAKE])
        argv += ["--member", member]
    before = rows(path, "SELECT (SELECT count(*) FROM ledger), (SELECT count(*) FROM receipts), "
                       "(SELECT count(*) FROM members), (SELECT count(*) FROM audit_log)")
    outcome = race([(argv[0], "--db", str(path), *argv[1:])], env={"POS_BUSY_MS": "200"})[0]
    assert outcome.code == 2
    assert outcome.err == "error: the store is busy, try again\n"
    assert rows(path, "SELECT (SELECT count(*) FROM ledger), (SELECT count(*) FROM receipts), "
                      "(SELECT count(*) FROM members), (SELECT count(*) FROM audit_log)") == before
