"""Only a verified member spends: a signed card or phone code verifies; a typed number, phone or
name only identifies (the sale earns; spending needs the code or a manager's override)."""
from __future__ import annotations

import json

import pytest

from cli import main as cli_main
from pos_loyalty.errors import Refused
from pos_loyalty.services.adjustments import PointsAdjustment, adjust_points
from pos_loyalty.services.checkout import CheckoutCommand, checkout
from pos_loyalty.services.identity import MemberIdentity, Override

from tests.integration.conftest import CAKE, LATTE, Till


@pytest.fixture
def member(till: Till):
    member = till.enrol()
    adjust_points(PointsAdjustment(member.id, 100, reason="welcome"), uow=till.uow(), clock=till.clock)
    return member


def counts(till: Till) -> tuple[int, int, int]:
    with till.uow().reading() as uow:
        return tuple(uow.c.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
                     for table in ("receipts", "ledger", "audit_log"))


def pay(till: Till, identity, *lines, redeem=0, override=None):
    return checkout(CheckoutCommand(basket=list(lines), identity=identity, redeem_points=redeem, override=override),
                    uow=till.uow(), clock=till.clock, rng=till.rng, ids=till.rng)


def test_a_member_typed_in_by_number_earns_points_and_stamps(till, member):
    sale = pay(till, MemberIdentity.attached(member.id, "number"), LATTE, CAKE)
    body = sale.receipt.to_dict()
    assert body["points_earned"] == 30 and body["stamps_earned"] == {"coffee": 2}  # the starter stamp and one earned


@pytest.mark.parametrize("via", ["number", "phone", "name", "look-up"])
def test_a_member_only_identified_cannot_spend_points_and_nothing_is_written(till, member, via):
    before = counts(till)
    with pytest.raises(Refused, match=f"found by {via}.*needs their code or a manager's override"):
        pay(till, MemberIdentity.attached(member.id, via), CAKE, redeem=50)
    assert counts(till) == before


def test_a_member_given_only_by_number_counts_as_typed_in(till, member):
    with pytest.raises(Refused, match="found by number"):
        checkout(CheckoutCommand(basket=[CAKE], member_id=member.id, redeem_points=50),
                 uow=till.uow(), clock=till.clock, rng=till.rng)


def test_a_member_only_identified_cannot_take_a_full_cards_reward(till, member):
    pay(till, MemberIdentity.attached(member.id, "card"), LATTE, LATTE, LATTE)  # 3 of 3: full
    with pytest.raises(Refused, match="the coffee reward"):
        pay(till, MemberIdentity.attached(member.id, "phone"), LATTE)


@pytest.mark.parametrize("via", ["card", "phone code"])
def test_a_member_attached_by_card_or_phone_code_spends(till, member, via):
    assert pay(till, MemberIdentity.attached(member.id, via), CAKE, redeem=50).receipt.points_used == 50


def test_a_managers_override_lets_an_identified_member_spend_and_the_audit_log_says_who_and_why(till, member):
    sale = pay(till, MemberIdentity.attached(member.id, "phone"), CAKE, redeem=50,
               override=Override(by_staff="Lin (S001)", reason="card left at home"))
    assert sale.receipt.points_used == 50
    with till.uow().reading() as uow:
        actor, detail = uow.c.exec_driver_sql(
            "SELECT actor, detail FROM audit_log WHERE action = 'spend_override'").one()
    assert actor == "Lin (S001)"
    assert json.loads(detail) == {"member": member.id, "receipt": sale.receipt_id, "via": "phone", "points": 50,
                                  "cards": [], "reason": "card left at home"}


def test_an_override_without_a_reason_is_refused():
    with pytest.raises(Exception, match="a reason is required"):
        Override(by_staff="Lin (S001)", reason="  ")


# -- the command line ------------------------------------------------------------------------
def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = cli_main(list(argv))
    except SystemExit as exit_:
        code = int(exit_.code)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def cake_file(tmp_path) -> str:
    path = tmp_path / "cake.json"
    path.write_text(json.dumps([{"sku": "CAKE", "name": "Cake", "category": "bakery", "price": 200, "qty": 1}]))
    return str(path)


def test_checkout_with_member_on_the_command_line_still_spends(till, member, cake_file, capsys):
    code, out, err = run(capsys, "checkout", "--db", str(till.path), "--member", member.id, "--basket", cake_file,
                         "--redeem-points", "50", "--at", "2026-06-02T10:00:00+08:00")
    assert code == 0, err
    assert json.loads(out)["points_used"] == 50


def test_checkout_with_the_members_card_code_spends(till, member, cake_file, capsys):
    code, card, _ = run(capsys, "card", "issue", "--member", member.id, "--db", str(till.path))
    assert code == 0
    code, out, err = run(capsys, "checkout", "--db", str(till.path), "--code", card.strip(), "--basket", cake_file,
                         "--redeem-points", "50", "--at", "2026-06-02T10:00:00+08:00")
    assert code == 0, err
    assert json.loads(out)["member"] == member.id and json.loads(out)["points_used"] == 50


def test_checkout_with_a_forged_code_is_refused_in_one_line(till, member, cake_file, capsys):
    code, card, _ = run(capsys, "card", "issue", "--member", member.id, "--db", str(till.path))
    forged = card.strip()[:-3] + ("AAA" if not card.strip().endswith("AAA") else "BBB")
    code, out, err = run(capsys, "checkout", "--db", str(till.path), "--code", forged, "--basket", cake_file,
                         "--redeem-points", "50")
    assert code == 2 and err.startswith("error: --code:") and err.count("\n") == 1


def test_card_replace_revokes_every_earlier_card_of_the_member(till, member, capsys):
    db = str(till.path)
    first = run(capsys, "card", "issue", "--member", member.id, "--db", db)[1].strip()
    second = run(capsys, "card", "issue", "--member", member.id, "--db", db)[1].strip()  # a spare
    code, third, err = run(capsys, "card", "replace", "--member", member.id, "--db", db)
    assert code == 0 and "card 1, 2 replaced by card 3" in err
    assert run(capsys, "card", "verify", first, "--db", db)[0] == 1
    assert run(capsys, "card", "verify", second, "--db", db)[0] == 1
    assert run(capsys, "card", "verify", third.strip(), "--db", db)[0] == 0
