"""Staff PINs, roles, lockout and the manager's approval of a cashier override, on a real store."""
from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from db.staff_store import SqlStaffBook
from pos_loyalty.errors import InvalidInput, Refused
from pos_loyalty.services.staff import (
    NewStaff, OverrideApproval, StaffChange, add_staff, approve_override, change_staff, manager_sign_in, sign_in,
)
from pos_loyalty.staff import LOCKOUT_AFTER, LOCKOUT_FOR, PinHasher

from tests.integration.conftest import at

CHEAP = PinHasher(time_cost=1, memory_cost=8192, parallelism=1)  # still argon2id, just quicker for tests


@pytest.fixture
def shop(till):  # noqa: ANN001, ANN201
    book = lambda: SqlStaffBook(till.engine)  # noqa: E731
    add_staff(NewStaff(name="Lin", role="manager", pin="2468"), book=book(), clock=till.clock, hasher=CHEAP)
    add_staff(NewStaff(name="Chen", role="cashier", pin="1357"), book=book(), clock=till.clock, hasher=CHEAP)
    till.book = book
    return till


def test_pins_are_kept_only_as_argon2id_hashes(shop):
    with shop.book() as book:
        person = book.staff_by_name("Lin")
    assert person.pin_hash.startswith("$argon2id$") and "2468" not in person.pin_hash


def test_the_right_pin_signs_a_person_in(shop):
    assert sign_in("Lin", "2468", book=shop.book(), clock=shop.clock).id == "S001"


def test_a_wrong_pin_says_how_many_tries_are_left(shop):
    with pytest.raises(Refused, match=f"{LOCKOUT_AFTER - 1} tries left"):
        sign_in("Chen", "0000", book=shop.book(), clock=shop.clock)


def test_five_wrong_pins_lock_the_person_out_even_with_the_right_pin(shop):
    for _ in range(LOCKOUT_AFTER - 1):
        with pytest.raises(Refused, match="(try|tries) left"):
            sign_in("Chen", "0000", book=shop.book(), clock=shop.clock)
    with pytest.raises(Refused, match="now locked out"):
        sign_in("Chen", "0000", book=shop.book(), clock=shop.clock)
    with pytest.raises(Refused, match="locked out"):
        sign_in("Chen", "1357", book=shop.book(), clock=shop.clock)


def test_a_lockout_ends_after_its_time(shop):
    for _ in range(LOCKOUT_AFTER):
        with pytest.raises(Refused):
            sign_in("Chen", "0000", book=shop.book(), clock=shop.clock)
    shop.now += LOCKOUT_FOR + timedelta(seconds=1)
    assert sign_in("Chen", "1357", book=shop.book(), clock=shop.clock).name == "Chen"


def test_a_manager_can_unlock_a_locked_out_cashier(shop):
    for _ in range(LOCKOUT_AFTER):
        with pytest.raises(Refused):
            sign_in("Chen", "0000", book=shop.book(), clock=shop.clock)
    change_staff(StaffChange(staff="Chen", unlock=True), book=shop.book(), clock=shop.clock, actor="Lin (S001)")
    assert sign_in("Chen", "1357", book=shop.book(), clock=shop.clock).name == "Chen"


def test_a_right_pin_clears_the_count_of_wrong_ones(shop):
    for _ in range(LOCKOUT_AFTER - 1):
        with pytest.raises(Refused):
            sign_in("Chen", "0000", book=shop.book(), clock=shop.clock)
    sign_in("Chen", "1357", book=shop.book(), clock=shop.clock)
    with pytest.raises(Refused, match=f"{LOCKOUT_AFTER - 1} tries left"):
        sign_in("Chen", "0000", book=shop.book(), clock=shop.clock)


def test_a_cashier_cannot_open_the_managers_console(shop):
    with pytest.raises(Refused, match="a manager's PIN is needed"):
        manager_sign_in("Chen", "1357", book=shop.book(), clock=shop.clock)


def test_a_cashier_pin_cannot_approve_an_override(shop):
    with pytest.raises(Refused, match="a manager's PIN is needed"):
        approve_override(OverrideApproval(manager="Chen", pin="1357", action="redeem_unverified", reason="regular"),
                         book=shop.book(), clock=shop.clock)


def test_a_managers_approval_is_in_the_audit_log_with_its_reason(shop):
    approve_override(OverrideApproval(manager="Lin", pin="2468", action="redeem_unverified", reason="card at home",
                                      cashier="Chen (S002)", detail={"member": "M0000001"}),
                     book=shop.book(), clock=shop.clock)
    with shop.book() as book:
        entry = book.audit_log(action="override")[0]
    assert entry.actor == "Lin (S001)"
    assert entry.detail == {"approved": "redeem_unverified", "by": "S001", "cashier": "Chen (S002)",
                            "reason": "card at home", "member": "M0000001"}


def test_an_override_needs_a_reason(shop):
    with pytest.raises(InvalidInput, match="reason"):
        approve_override(OverrideApproval(manager="Lin", pin="2468", action="redeem_unverified", reason=" "),
                         book=shop.book(), clock=shop.clock)


def test_a_role_change_is_audited_with_before_and_after(shop):
    change_staff(StaffChange(staff="Chen", role="manager"), book=shop.book(), clock=shop.clock, actor="Lin (S001)")
    with shop.book() as book:
        entry = book.audit_log(action="staff_change")[0]
    assert (entry.actor, entry.detail["before"]["role"], entry.detail["after"]["role"]) == \
        ("Lin (S001)", "cashier", "manager")


def test_the_last_manager_cannot_be_made_a_cashier(shop):
    with pytest.raises(Refused, match="last active manager"):
        change_staff(StaffChange(staff="Lin", role="cashier"), book=shop.book(), clock=shop.clock)


def test_the_audit_log_filters_by_who_did_it(shop):
    with pytest.raises(Refused):
        sign_in("Chen", "0000", book=shop.book(), clock=shop.clock)
    with shop.book() as book:
        assert {e.action for e in book.audit_log(actor="chen")} == {"pin_wrong"}


def test_the_cli_refuses_a_short_pin_in_one_line(shop):
    run = subprocess.run([sys.executable, "main.py", "staff", "add", "--db", str(shop.path), "--name", "Wu",
                          "--role", "cashier", "--pin", "12"], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert (run.returncode, run.stderr) == (2, "error: pin: must be 4 to 12 digits\n")
    with shop.book() as book:
        assert book.staff_by_name("Wu") is None


def test_a_cashier_refused_at_the_console_leaves_no_line_saying_it_opened(shop):
    with pytest.raises(Refused):
        manager_sign_in("Chen", "1357", book=shop.book(), clock=shop.clock)
    with shop.book() as book:
        assert [e.action for e in book.audit_log(actor="Chen")] == ["refused"]
